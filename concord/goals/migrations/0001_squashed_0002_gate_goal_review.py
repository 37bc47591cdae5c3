# goals 0001 to 0002 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0002 carry on with those files.

import concord.core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('goals', '0001_initial'), ('goals', '0002_gate_goal_review')]

    initial = True

    dependencies = [
        ('alliances', '0006_saved_portfolio_view'),
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Benefit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=5000)),
                ('visibility', models.CharField(choices=[('shared', 'Shared with all parties'), ('private', 'Private to my organisation')], default='private', max_length=10)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='benefits', to='alliances.alliance')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Goal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=5000)),
                ('status', models.CharField(choices=[('proposed', 'Proposed, awaiting agreement'), ('agreed', 'Agreed'), ('rejected', 'Not agreed')], default='proposed', max_length=10)),
                ('version', models.PositiveIntegerField(default=0, help_text="The agreed version's number.")),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('agreed_at', models.DateTimeField(blank=True, null=True)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goals', to='alliances.alliance')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
                'indexes': [models.Index(fields=['alliance', 'status'], name='goals_goal_allianc_afa74d_idx')],
            },
        ),
        migrations.CreateModel(
            name='GoalVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=5000)),
                ('reason', models.TextField(blank=True, help_text='Why the change.', max_length=2000)),
                ('status', models.CharField(choices=[('pending', 'Awaiting agreement'), ('agreed', 'Agreed'), ('rejected', 'Not agreed'), ('withdrawn', 'Superseded')], default='pending', max_length=10)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='goals.goal')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposing_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['goal', 'number'],
                'constraints': [models.UniqueConstraint(fields=('goal', 'number'), name='goal_version_number'), models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('goal',), name='one_pending_goal_version')],
            },
        ),
        migrations.CreateModel(
            name='GoalAgreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answer', models.CharField(choices=[('agreed', 'Agreed'), ('rejected', 'Did not agree')], max_length=10)),
                ('comment', models.TextField(blank=True, max_length=2000)),
                ('at', models.DateTimeField(default=concord.core.clock.now)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agreements', to='goals.goalversion')),
            ],
            options={
                'ordering': ['at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('version', 'party'), name='one_goal_answer_per_party')],
            },
        ),
        migrations.CreateModel(
            name='Kpi',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('kind', models.CharField(choices=[('outcome', 'Outcome'), ('patient_outcome', 'Patient outcome'), ('activity', 'Activity'), ('alignment', 'Alignment')], max_length=20)),
                ('unit', models.CharField(max_length=40)),
                ('direction', models.CharField(choices=[('increase', 'Higher is better'), ('decrease', 'Lower is better')], max_length=10)),
                ('baseline', models.DecimalField(decimal_places=4, max_digits=18)),
                ('baseline_date', models.DateField()),
                ('target', models.DecimalField(decimal_places=4, max_digits=18)),
                ('target_date', models.DateField()),
                ('metric', models.CharField(blank=True, help_text="An automatic metric's code; blank when recorded by hand.", max_length=50)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('latest_value', models.DecimalField(blank=True, decimal_places=4, max_digits=18, null=True)),
                ('latest_on', models.DateField(blank=True, null=True)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='kpis', to='alliances.alliance')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='kpis', to='goals.goal')),
                ('owner_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['goal', 'name', 'pk'],
                'indexes': [models.Index(fields=['alliance', 'goal'], name='goals_kpi_allianc_69c791_idx'), models.Index(fields=['metric'], name='goals_kpi_metric_2a06bf_idx')],
            },
        ),
        migrations.CreateModel(
            name='Measurement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.DecimalField(decimal_places=4, max_digits=18)),
                ('measured_on', models.DateField()),
                ('source', models.CharField(max_length=300)),
                ('automatic', models.BooleanField(default=False)),
                ('recorded_at', models.DateTimeField(default=concord.core.clock.now)),
                ('kpi', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measurements', to='goals.kpi')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['kpi', 'measured_on', 'pk'],
                'indexes': [models.Index(fields=['kpi', 'measured_on'], name='goals_measu_kpi_id_62b1f6_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('automatic', True)), fields=('kpi', 'measured_on'), name='one_automatic_measurement_a_day')],
            },
        ),
        migrations.CreateModel(
            name='GateGoalReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answer', models.CharField(choices=[('confirmed', 'Confirmed the goals'), ('change', 'Proposed a change')], max_length=10)),
                ('comment', models.TextField(blank=True, max_length=2000)),
                ('at', models.DateTimeField(default=concord.core.clock.now)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('gate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='alliances.gate')),
                ('goal', models.ForeignKey(blank=True, help_text='The goal the change is about, if one.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='goals.goal')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('gate', 'party'), name='one_goal_review_per_party')],
            },
        ),
    ]
