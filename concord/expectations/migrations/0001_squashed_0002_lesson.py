# expectations 0001 to 0002 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0002 carry on with those files.

import concord.core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('expectations', '0001_initial'), ('expectations', '0002_lesson')]

    initial = True

    dependencies = [
        ('alliances', '0006_saved_portfolio_view'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Commitment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=5000)),
                ('kind', models.CharField(choices=[('deliverable', 'Deliverable'), ('report', 'Report'), ('resource', 'Resource'), ('decision', 'Decision'), ('other', 'Other')], default='deliverable', max_length=20)),
                ('acceptance_criteria', models.TextField(help_text='Quality, format and standard the delivery is judged against.', max_length=5000)),
                ('due_date', models.DateField()),
                ('due_at', models.DateTimeField()),
                ('state', models.CharField(choices=[('open', 'Awaiting delivery'), ('delivered', 'Delivered'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('waived', 'Waived')], default='open', max_length=10)),
                ('in_dispute', models.BooleanField(default=False)),
                ('waive_reason', models.TextField(blank=True, max_length=2000)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('due_soon_reminded_for', models.DateField(blank=True, null=True)),
                ('overdue_reminded_for', models.DateField(blank=True, null=True)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='alliances.alliance')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments_owned', to=settings.AUTH_USER_MODEL)),
                ('owner_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments_owed', to='alliances.party')),
                ('receiving_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments_received', to='alliances.party')),
            ],
            options={
                'ordering': ['due_date', 'pk'],
                'indexes': [models.Index(fields=['alliance', 'due_date'], name='expectation_allianc_a6b52c_idx'), models.Index(fields=['state', 'due_at'], name='expectation_state_ad98cc_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('owner_party', models.F('receiving_party')), _negated=True), name='commitment_owed_to_another_party')],
            },
        ),
        migrations.CreateModel(
            name='CommitmentDispute',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(max_length=5000)),
                ('raised_at', models.DateTimeField(default=concord.core.clock.now)),
                ('resolution', models.TextField(blank=True, max_length=5000)),
                ('outcome', models.CharField(blank=True, choices=[('stands', 'The commitment stands as it was'), ('accepted', 'The latest delivery is accepted'), ('waived', 'The commitment is waived'), ('rescheduled', 'A new due date is agreed')], max_length=12)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='disputes', to='expectations.commitment')),
                ('raised_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('raising_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-raised_at', '-pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('commitment',), name='one_open_dispute_per_commitment')],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.PositiveSmallIntegerField(help_text='1 for the first delivery.')),
                ('delivered_at', models.DateTimeField(default=concord.core.clock.now)),
                ('delivered_on', models.DateField()),
                ('days_late', models.PositiveIntegerField(default=0)),
                ('note', models.TextField(blank=True, max_length=5000)),
                ('reference', models.CharField(blank=True, help_text='Where to find it: a document link or data room path.', max_length=500)),
                ('outcome', models.CharField(choices=[('pending', 'Awaiting acceptance'), ('accepted', 'Accepted'), ('rejected', 'Rejected')], default='pending', max_length=10)),
                ('judged_at', models.DateTimeField(blank=True, null=True)),
                ('judgement_comment', models.TextField(blank=True, max_length=5000)),
                ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='expectations.commitment')),
                ('delivered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('judged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['commitment', 'sequence'],
                'indexes': [models.Index(fields=['sequence', 'outcome'], name='expectation_sequenc_fa9029_idx')],
                'constraints': [models.UniqueConstraint(fields=('commitment', 'sequence'), name='one_delivery_number')],
            },
        ),
        migrations.CreateModel(
            name='LearningObjective',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(help_text='What the alliance will learn.', max_length=200)),
                ('rationale', models.TextField(help_text='Why it matters to the alliance.', max_length=5000)),
                ('measure', models.CharField(help_text='How progress is measured.', max_length=200)),
                ('unit', models.CharField(blank=True, max_length=30)),
                ('baseline', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                ('target', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                ('target_date', models.DateField()),
                ('status', models.CharField(choices=[('active', 'Active'), ('achieved', 'Achieved'), ('dropped', 'Dropped')], default='active', max_length=10)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='learning_objectives', to='alliances.alliance')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='learning_objectives', to=settings.AUTH_USER_MODEL)),
                ('owner_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['target_date', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProgressReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewed_on', models.DateField()),
                ('value', models.DecimalField(decimal_places=2, max_digits=14)),
                ('comment', models.TextField(blank=True, max_length=5000)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('objective', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='expectations.learningobjective')),
                ('reviewed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['objective', 'reviewed_on', 'pk'],
                'indexes': [models.Index(fields=['objective', '-reviewed_on'], name='expectation_objecti_3bffa6_idx')],
            },
        ),
        migrations.CreateModel(
            name='Lesson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_key', models.CharField(max_length=60)),
                ('source', models.CharField(max_length=200)),
                ('text', models.TextField(max_length=10000)),
                ('recorded_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lessons', to='alliances.alliance')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-recorded_at', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('alliance', 'source_key'), name='one_lesson_per_source')],
            },
        ),
    ]
