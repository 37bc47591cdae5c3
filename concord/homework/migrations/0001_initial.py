# Regrouped after it was first applied (the state it builds is unchanged, and a database
# never applies a migration twice): each model is one CreateModel holding its indexes and
# constraints, so `migrate` renders the models once each.

import concord.core.clock
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('alliances', '0006_saved_portfolio_view'),
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OnboardingStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('order', models.PositiveSmallIntegerField(default=10)),
                ('archived', models.BooleanField(default=False)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Stakeholder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('title', models.CharField(blank=True, max_length=200)),
                ('level', models.CharField(choices=[('executive', 'Executive'), ('leadership', 'Leadership'), ('working', 'Working team')], max_length=12)),
                ('function', models.CharField(choices=[('research', 'Research'), ('clinical', 'Clinical'), ('commercial', 'Commercial'), ('business_development', 'Business development'), ('alliance', 'Alliance management'), ('finance_legal', 'Finance & legal')], max_length=24)),
                ('role', models.CharField(choices=[('sponsor', 'Sponsor'), ('decision_maker', 'Decision-maker'), ('influencer', 'Influencer'), ('counterpart', 'Counterpart')], max_length=16)),
                ('stance', models.CharField(choices=[('champion', 'Champion'), ('supportive', 'Supportive'), ('neutral', 'Neutral'), ('sceptical', 'Sceptical')], default='neutral', max_length=12)),
                ('strength', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('last_contact', models.DateField(blank=True, null=True)),
                ('left_on', models.DateField(blank=True, help_text='When they left the alliance.', null=True)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stakeholders', to='alliances.alliance')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('owner', models.ForeignKey(help_text='Which of our people owns the relationship.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, help_text="The partner's Concord user, if they have one.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['level', 'name', 'pk'],
                'indexes': [models.Index(fields=['alliance', 'organisation'], name='homework_st_allianc_b1abe1_idx')],
            },
        ),
        migrations.CreateModel(
            name='Alert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('fit_fall', 'Fit fell'), ('competitor', 'New competing programme or alliance'), ('sponsor_change', 'Sponsor strength changed'), ('few_sponsors', 'Fewer than two engaged sponsors'), ('stakeholder_left', 'A sponsor or counterpart left'), ('stale_contact', 'Key relationship without contact'), ('owner_left', 'A relationship owner left')], max_length=20)),
                ('cause', models.CharField(max_length=80)),
                ('message', models.CharField(max_length=300)),
                ('raised_at', models.DateTimeField(default=concord.core.clock.now)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='alliances.alliance')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('stakeholder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to='homework.stakeholder')),
            ],
            options={
                'ordering': ['-raised_at', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('alliance', 'organisation', 'cause'), name='homework_alert_once')],
            },
        ),
        migrations.CreateModel(
            name='FitAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assessed_on', models.DateField()),
                ('strategic_fit', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('priority', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('market', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('competition', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('sponsor_strength', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                ('rationale', models.JSONField(blank=True, default=dict, help_text='A sentence per dimension.')),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fit_assessments', to='alliances.alliance')),
                ('assessed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-assessed_on', '-pk'],
                'indexes': [models.Index(fields=['alliance', 'organisation', 'assessed_on'], name='homework_fi_allianc_1a1d12_idx')],
            },
        ),
        migrations.CreateModel(
            name='OnboardingDone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('done_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='alliances.alliance')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('step', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='done', to='homework.onboardingstep')),
            ],
            options={
                'ordering': ['done_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('alliance', 'person', 'step'), name='homework_step_done_once')],
            },
        ),
        migrations.CreateModel(
            name='PartnerAlliance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(help_text='Where this comes from.', max_length=300)),
                ('as_of', models.DateField(help_text='When the source said so.')),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('counterparty', models.CharField(max_length=200)),
                ('therapeutic_area', models.CharField(choices=[('oncology', 'Oncology'), ('immunology', 'Immunology & inflammation'), ('neuroscience', 'Neuroscience'), ('cardiometabolic', 'Cardiovascular & metabolic'), ('infectious', 'Infectious disease'), ('rare', 'Rare disease'), ('respiratory', 'Respiratory'), ('ophthalmology', 'Ophthalmology'), ('other', 'Other')], max_length=30)),
                ('announced_on', models.DateField()),
                ('competes', models.BooleanField(default=False)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-announced_on', 'pk'],
                'indexes': [models.Index(fields=['organisation', 'partner'], name='homework_pa_organis_9c3500_idx')],
            },
        ),
        migrations.CreateModel(
            name='PartnerArea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(help_text='Where this comes from.', max_length=300)),
                ('as_of', models.DateField(help_text='When the source said so.')),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('therapeutic_area', models.CharField(choices=[('oncology', 'Oncology'), ('immunology', 'Immunology & inflammation'), ('neuroscience', 'Neuroscience'), ('cardiometabolic', 'Cardiovascular & metabolic'), ('infectious', 'Infectious disease'), ('rare', 'Rare disease'), ('respiratory', 'Respiratory'), ('ophthalmology', 'Ophthalmology'), ('other', 'Other')], max_length=30)),
                ('franchise', models.CharField(blank=True, max_length=200)),
                ('weight_percent', models.PositiveSmallIntegerField(help_text="Share of the partner's business, %.", validators=[django.core.validators.MaxValueValidator(100)])),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-weight_percent', 'pk'],
                'indexes': [models.Index(fields=['organisation', 'partner'], name='homework_pa_organis_ee436c_idx')],
            },
        ),
        migrations.CreateModel(
            name='PartnerProgramme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(help_text='Where this comes from.', max_length=300)),
                ('as_of', models.DateField(help_text='When the source said so.')),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('name', models.CharField(max_length=200)),
                ('therapeutic_area', models.CharField(choices=[('oncology', 'Oncology'), ('immunology', 'Immunology & inflammation'), ('neuroscience', 'Neuroscience'), ('cardiometabolic', 'Cardiovascular & metabolic'), ('infectious', 'Infectious disease'), ('rare', 'Rare disease'), ('respiratory', 'Respiratory'), ('ophthalmology', 'Ophthalmology'), ('other', 'Other')], max_length=30)),
                ('modality', models.CharField(choices=[('small_molecule', 'Small molecule'), ('antibody', 'Antibody'), ('adc', 'Antibody–drug conjugate'), ('protein', 'Protein / peptide'), ('cell_therapy', 'Cell therapy'), ('gene_therapy', 'Gene therapy'), ('rna', 'RNA therapeutic'), ('vaccine', 'Vaccine'), ('platform', 'Platform / technology'), ('other', 'Other')], max_length=30)),
                ('mechanism', models.CharField(blank=True, max_length=200)),
                ('indication', models.CharField(max_length=200)),
                ('phase', models.CharField(choices=[('discovery', 'Discovery'), ('lead_optimisation', 'Lead optimisation'), ('preclinical', 'Pre-clinical'), ('phase_1', 'Phase 1'), ('phase_2', 'Phase 2'), ('phase_3', 'Phase 3'), ('filed', 'Filed'), ('approved', 'Approved')], max_length=30)),
                ('relation', models.CharField(choices=[('competes', 'Competes with ours'), ('complements', 'Complements ours'), ('unrelated', 'Unrelated')], max_length=12)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['therapeutic_area', 'name', 'pk'],
                'indexes': [models.Index(fields=['organisation', 'partner'], name='homework_pa_organis_2551a2_idx')],
            },
        ),
    ]
