# research 0001 to 0003 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0003 carry on with those files.

import concord.core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('research', '0001_initial'), ('research', '0002_node_public_key'), ('research', '0003_coordinator_node_id')]

    initial = True

    dependencies = [
        ('alliances', '0006_saved_portfolio_view'),
        ('orgs', '0003_sso_tokens_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Study',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('question', models.TextField(max_length=5000)),
                ('model', models.CharField(choices=[('cox', 'Cox proportional hazards (time to event)'), ('logistic', 'Logistic regression (binary outcome)')], max_length=10)),
                ('spec_json', models.TextField()),
                ('spec_digest', models.CharField(max_length=64)),
                ('metrics', models.JSONField(default=list, help_text='The metrics reported, by code.')),
                ('status', models.CharField(choices=[('awaiting_approval', 'Awaiting the committee'), ('approved', 'Approved'), ('not_approved', 'Not approved')], default='awaiting_approval', max_length=20)),
                ('committee_name', models.CharField(max_length=200)),
                ('decision_id', models.PositiveBigIntegerField(blank=True, db_index=True, null=True)),
                ('decision_reference', models.CharField(blank=True, max_length=20)),
                ('pinned_bundle_hash', models.CharField(max_length=64)),
                ('pinned_spec_digest', models.CharField(max_length=64)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='studies', to='alliances.alliance')),
                ('organisation', models.ForeignKey(help_text='Proposed by.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['alliance', '-created_at'], name='research_st_allianc_f81e97_idx')],
            },
        ),
        migrations.CreateModel(
            name='StudyParty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('admission', models.CharField(choices=[('awaiting', 'Awaiting its data steward'), ('admitted', 'Node admitted'), ('withdrawn', 'Consent withdrawn')], default='awaiting', max_length=10)),
                ('admitted_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawal_reason', models.TextField(blank=True, max_length=2000)),
                ('rows', models.PositiveIntegerField(blank=True, null=True)),
                ('errors', models.JSONField(blank=True, default=dict, help_text='Per column, what is wrong.')),
                ('validated_at', models.DateTimeField(blank=True, null=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('steward', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('study', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='research.study')),
                ('node_key_fingerprint', models.CharField(blank=True, max_length=60)),
                ('node_public_key', models.TextField(blank=True, max_length=4000)),
                ('coordinator_node_id', models.CharField(blank=True, max_length=20)),
            ],
            options={
                'ordering': ['study', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('study', 'party'), name='research_one_part_per_party')],
            },
        ),
        migrations.CreateModel(
            name='StudyRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Finished'), ('failed', 'Failed'), ('refused', 'Refused')], default='queued', max_length=10)),
                ('engine', models.CharField(max_length=12)),
                ('bundle_hash', models.CharField(max_length=64)),
                ('spec_digest', models.CharField(max_length=64)),
                ('queued_at', models.DateTimeField(default=concord.core.clock.now)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('seconds', models.FloatField(blank=True, null=True)),
                ('final', models.JSONField(blank=True, default=dict)),
                ('per_party', models.JSONField(blank=True, default=dict)),
                ('model_hash', models.CharField(blank=True, max_length=64)),
                ('model_file', models.FileField(blank=True, max_length=200, upload_to='research/models/')),
                ('error', models.TextField(blank=True, max_length=5000)),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('study', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='runs', to='research.study')),
            ],
            options={
                'ordering': ['-number'],
                'constraints': [models.UniqueConstraint(fields=('study', 'number'), name='research_one_run_number')],
            },
        ),
        migrations.CreateModel(
            name='RunRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('metrics', models.JSONField(default=dict)),
                ('recorded_at', models.DateTimeField(default=concord.core.clock.now)),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rounds', to='research.studyrun')),
            ],
            options={
                'ordering': ['run', 'number'],
                'constraints': [models.UniqueConstraint(fields=('run', 'number'), name='research_one_round_number')],
            },
        ),
        migrations.CreateModel(
            name='LocalComparison',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('local_only', models.JSONField(default=dict)),
                ('federated', models.JSONField(default=dict)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comparisons', to='research.studyrun')),
            ],
            options={
                'ordering': ['run', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('run', 'organisation'), name='research_one_comparison')],
            },
        ),
        migrations.CreateModel(
            name='DataSteward',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('appointed_at', models.DateTimeField(default=concord.core.clock.now)),
                ('appointed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'user'), name='research_one_steward')],
            },
        ),
    ]
