# alliances 0001 to 0006 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0006 carry on with those files.

import concord.core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('alliances', '0001_initial'), ('alliances', '0002_initial'), ('alliances', '0003_gate_reminded_at'), ('alliances', '0004_party_withdrawn'), ('alliances', '0005_attention_settings'), ('alliances', '0006_saved_portfolio_view')]

    initial = True

    dependencies = [
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Alliance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('purpose', models.TextField(blank=True, max_length=5000)),
                ('alliance_type', models.CharField(choices=[('research', 'Research collaboration'), ('co_development', 'Co-development'), ('licence', 'Licence'), ('option', 'Option-to-acquire'), ('other', 'Other')], default='research', max_length=20)),
                ('tier', models.CharField(choices=[('strategic', 'Strategic'), ('core', 'Core'), ('transactional', 'Transactional')], default='core', max_length=20)),
                ('effective_date', models.DateField()),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('active', 'Active')], default='proposed', max_length=10)),
                ('phase', models.CharField(choices=[('discovery', 'Discovery'), ('preclinical', 'Pre-Clinical'), ('clinical', 'Clinical Trials'), ('commercialisation', 'Commercialisation'), ('scale_up', 'Scale-Up'), ('wind_down', 'Wind-Down'), ('terminated', 'Terminated')], default='discovery', max_length=20)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('updated_at', models.DateTimeField(default=concord.core.clock.now)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'pk'],
                'indexes': [models.Index(fields=['phase'], name='alliances_a_phase_90649f_idx'), models.Index(fields=['updated_at'], name='alliances_a_updated_5e6f48_idx')],
            },
        ),
        migrations.CreateModel(
            name='Note',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('body', models.TextField(max_length=20000)),
                ('visibility', models.CharField(choices=[('shared', 'Shared with all parties'), ('private', 'Private to my organisation')], default='private', max_length=10)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='alliances.alliance')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='PartnerInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254)),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('expires_at', models.DateTimeField()),
                ('accepted_at', models.DateTimeField(blank=True, null=True)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partner_invitations', to='alliances.alliance')),
                ('invited_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(help_text='who invited', on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Party',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('invited', 'Invited'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Invitation withdrawn')], default='invited', max_length=10)),
                ('invited_at', models.DateTimeField(default=concord.core.clock.now)),
                ('responded_at', models.DateTimeField(blank=True, null=True)),
                ('decline_reason', models.TextField(blank=True, max_length=2000)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='alliances.alliance')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='parties', to='orgs.organisation')),
            ],
            options={
                'ordering': ['invited_at', 'pk'],
                'indexes': [models.Index(fields=['organisation', 'status'], name='alliances_p_organis_6479a5_idx')],
                'constraints': [models.UniqueConstraint(fields=('alliance', 'organisation'), name='one_party_per_org')],
            },
        ),
        migrations.CreateModel(
            name='Gate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_phase', models.CharField(choices=[('discovery', 'Discovery'), ('preclinical', 'Pre-Clinical'), ('clinical', 'Clinical Trials'), ('commercialisation', 'Commercialisation'), ('scale_up', 'Scale-Up'), ('wind_down', 'Wind-Down'), ('terminated', 'Terminated')], max_length=20)),
                ('to_phase', models.CharField(choices=[('discovery', 'Discovery'), ('preclinical', 'Pre-Clinical'), ('clinical', 'Clinical Trials'), ('commercialisation', 'Commercialisation'), ('scale_up', 'Scale-Up'), ('wind_down', 'Wind-Down'), ('terminated', 'Terminated')], max_length=20)),
                ('rationale', models.TextField(max_length=5000)),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('passed', 'Passed'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='pending', max_length=10)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='gates', to='alliances.alliance')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposing_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('reminded_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('alliance',), name='one_pending_gate_per_alliance')],
            },
        ),
        migrations.CreateModel(
            name='GateSignoff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(choices=[('signed', 'Signed'), ('declined', 'Declined')], max_length=10)),
                ('reason', models.TextField(blank=True, max_length=5000)),
                ('signed_at', models.DateTimeField(default=concord.core.clock.now)),
                ('gate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signoffs', to='alliances.gate')),
                ('signed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['signed_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('gate', 'party'), name='one_answer_per_party')],
            },
        ),
        migrations.CreateModel(
            name='PhaseTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('phase', models.CharField(choices=[('discovery', 'Discovery'), ('preclinical', 'Pre-Clinical'), ('clinical', 'Clinical Trials'), ('commercialisation', 'Commercialisation'), ('scale_up', 'Scale-Up'), ('wind_down', 'Wind-Down'), ('terminated', 'Terminated')], max_length=20)),
                ('entered_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='phase_transitions', to='alliances.alliance')),
                ('gate', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='transition', to='alliances.gate')),
            ],
            options={
                'ordering': ['entered_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('asset_name', models.CharField(max_length=200)),
                ('modality', models.CharField(choices=[('small_molecule', 'Small molecule'), ('antibody', 'Antibody'), ('adc', 'Antibody–drug conjugate'), ('protein', 'Protein / peptide'), ('cell_therapy', 'Cell therapy'), ('gene_therapy', 'Gene therapy'), ('rna', 'RNA therapeutic'), ('vaccine', 'Vaccine'), ('platform', 'Platform / technology'), ('other', 'Other')], max_length=30)),
                ('therapeutic_area', models.CharField(choices=[('oncology', 'Oncology'), ('immunology', 'Immunology & inflammation'), ('neuroscience', 'Neuroscience'), ('cardiometabolic', 'Cardiovascular & metabolic'), ('infectious', 'Infectious disease'), ('rare', 'Rare disease'), ('respiratory', 'Respiratory'), ('ophthalmology', 'Ophthalmology'), ('other', 'Other')], max_length=30)),
                ('indication', models.CharField(max_length=200)),
                ('stage', models.CharField(choices=[('discovery', 'Discovery'), ('lead_optimisation', 'Lead optimisation'), ('preclinical', 'Pre-clinical'), ('phase_1', 'Phase 1'), ('phase_2', 'Phase 2'), ('phase_3', 'Phase 3'), ('filed', 'Filed'), ('approved', 'Approved')], max_length=30)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='programmes', to='alliances.alliance')),
            ],
            options={
                'ordering': ['asset_name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='TeamMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('lead', 'Alliance lead'), ('alliance_manager', 'Alliance manager'), ('executive_sponsor', 'Executive sponsor'), ('project_lead', 'Project lead'), ('scientist', 'Scientist'), ('business_development', 'Business development'), ('finance', 'Finance'), ('legal', 'Legal'), ('other', 'Other')], default='other', max_length=30)),
                ('added_at', models.DateTimeField(default=concord.core.clock.now)),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team', to='alliances.party')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alliance_teams', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['party', 'role', 'user__last_name'],
                'constraints': [models.UniqueConstraint(fields=('party', 'user'), name='one_team_place_per_person')],
            },
        ),
        migrations.CreateModel(
            name='AttentionSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weights', models.JSONField(blank=True, default=dict)),
                ('updated_at', models.DateTimeField(default=concord.core.clock.now)),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='attention_settings', to='orgs.organisation')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'attention settings',
            },
        ),
        migrations.CreateModel(
            name='SavedPortfolioView',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80)),
                ('query', models.CharField(blank=True, max_length=1000)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='saved_portfolio_views', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('user', 'name'), name='one_saved_view_name_per_person')],
            },
        ),
    ]
