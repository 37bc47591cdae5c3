# portal 0001 to 0008 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0008 carry on with those files.

import concord.core.clock
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # Not marked rebuilds_kept_figures, unlike 0003, 0006, 0007 and 0008: it runs only where the
    # portal has no tables yet, so there are no submissions whose figures could need rebuilding.

    replaces = [('portal', '0001_initial'), ('portal', '0002_submission_deadlines_kept'), ('portal', '0003_kept_for_queue_and_statistics'), ('portal', '0004_covering_status_index'), ('portal', '0005_indexes_answered_from_the_index'), ('portal', '0006_statistics_kept_by_month'), ('portal', '0007_partnering_desk'), ('portal', '0008_queue_counts_kept')]

    initial = True

    dependencies = [
        ('alliances', '0005_attention_settings'),
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Portal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text="The public page's stable URL.", max_length=80, unique=True)),
                ('is_open', models.BooleanField(default=True, help_text='Accepting submissions.')),
                ('introduction', models.TextField(blank=True, max_length=5000)),
                ('first_response_days', models.PositiveSmallIntegerField(default=30)),
                ('decision_days', models.PositiveSmallIntegerField(default=90)),
                ('publish_statistics', models.BooleanField(default=False)),
                ('blind_first_pass', models.BooleanField(default=False)),
                ('nih_threshold', models.DecimalField(decimal_places=2, default=Decimal('1.00'), help_text="Flag 'not invented here' when R&D's score is this far below BD's (1–5 scale).", max_digits=3)),
                ('weights', models.JSONField(blank=True, default=dict, help_text='Criterion → weight.')),
                ('head_of_bd', models.ForeignKey(blank=True, help_text="Told when an overdue submission's reviewer has not answered.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='portal', to='orgs.organisation')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='AreaOfInterest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('seek', 'We seek'), ('avoid', 'We do not seek')], default='seek', max_length=10)),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=2000)),
                ('therapeutic_areas', models.JSONField(blank=True, default=list)),
                ('modalities', models.JSONField(blank=True, default=list)),
                ('stages', models.JSONField(blank=True, default=list)),
                ('deal_types', models.JSONField(blank=True, default=list)),
                ('reviewers', models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('portal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='areas', to='portal.portal')),
            ],
            options={
                'ordering': ['kind', 'title'],
            },
        ),
        migrations.CreateModel(
            name='SubmissionDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('figures', models.JSONField(default=dict)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'day'), name='one_submission_day')],
            },
        ),
        migrations.CreateModel(
            name='PartnerRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('seeking', models.TextField(help_text='What the organisation seeks, and why.', max_length=5000)),
                ('therapeutic_area', models.CharField(choices=[('oncology', 'Oncology'), ('immunology', 'Immunology & inflammation'), ('neuroscience', 'Neuroscience'), ('cardiometabolic', 'Cardiovascular & metabolic'), ('infectious', 'Infectious disease'), ('rare', 'Rare disease'), ('respiratory', 'Respiratory'), ('ophthalmology', 'Ophthalmology'), ('other', 'Other')], max_length=30)),
                ('modality', models.CharField(blank=True, choices=[('small_molecule', 'Small molecule'), ('antibody', 'Antibody'), ('adc', 'Antibody–drug conjugate'), ('protein', 'Protein / peptide'), ('cell_therapy', 'Cell therapy'), ('gene_therapy', 'Gene therapy'), ('rna', 'RNA therapeutic'), ('vaccine', 'Vaccine'), ('platform', 'Platform / technology'), ('other', 'Other')], max_length=30)),
                ('good_response', models.TextField(help_text='What a good response contains.', max_length=3000)),
                ('respond_by', models.DateField(help_text='Responses are accepted until the end of this day.')),
                ('decide_by', models.DateField(help_text='When the organisation will have decided.')),
                ('is_open', models.BooleanField(default=True)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('portal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requests', to='portal.portal')),
            ],
            options={
                'ordering': ['respond_by', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Submission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=32, unique=True)),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('is_internal', models.BooleanField(default=False, help_text='An internal programme, scored alike.')),
                ('contact_name', models.CharField(max_length=200)),
                ('contact_email', models.EmailField(max_length=254)),
                ('submitter_organisation_name', models.CharField(max_length=200)),
                ('submitter_ip_hash', models.CharField(blank=True, max_length=64)),
                ('asset_name', models.CharField(max_length=200)),
                ('modality', models.CharField(choices=[('small_molecule', 'Small molecule'), ('antibody', 'Antibody'), ('adc', 'Antibody–drug conjugate'), ('protein', 'Protein / peptide'), ('cell_therapy', 'Cell therapy'), ('gene_therapy', 'Gene therapy'), ('rna', 'RNA therapeutic'), ('vaccine', 'Vaccine'), ('platform', 'Platform / technology'), ('other', 'Other')], max_length=30)),
                ('therapeutic_area', models.CharField(choices=[('oncology', 'Oncology'), ('immunology', 'Immunology & inflammation'), ('neuroscience', 'Neuroscience'), ('cardiometabolic', 'Cardiovascular & metabolic'), ('infectious', 'Infectious disease'), ('rare', 'Rare disease'), ('respiratory', 'Respiratory'), ('ophthalmology', 'Ophthalmology'), ('other', 'Other')], max_length=30)),
                ('indication', models.CharField(max_length=200)),
                ('stage', models.CharField(choices=[('discovery', 'Discovery'), ('lead_optimisation', 'Lead optimisation'), ('preclinical', 'Pre-clinical'), ('phase_1', 'Phase 1'), ('phase_2', 'Phase 2'), ('phase_3', 'Phase 3'), ('filed', 'Filed'), ('approved', 'Approved')], max_length=30)),
                ('mechanism', models.CharField(max_length=500)),
                ('differentiation', models.TextField(max_length=5000)),
                ('data_summary', models.TextField(max_length=10000)),
                ('ip_status', models.TextField(max_length=3000)),
                ('deal_type', models.CharField(choices=[('licence', 'Licence'), ('co_development', 'Co-development'), ('research', 'Research collaboration'), ('build_to_buy', 'Build-to-Buy option'), ('acquisition', 'Acquisition')], max_length=30)),
                ('attested_non_confidential', models.BooleanField(default=False)),
                ('status', models.CharField(choices=[('received', 'Received'), ('under_review', 'Under review'), ('info_requested', 'Information requested'), ('declined', 'Declined'), ('cda', 'Confidential discussion (CDA)'), ('term_sheet', 'Term sheet')], default='received', max_length=20)),
                ('submitted_at', models.DateTimeField(default=concord.core.clock.now)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('first_response_at', models.DateTimeField(blank=True, null=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('paused_since', models.DateTimeField(blank=True, help_text='Waiting on the submitter: the clocks stand still.', null=True)),
                ('paused_seconds', models.PositiveBigIntegerField(default=0)),
                ('match_score', models.PositiveSmallIntegerField(default=0)),
                ('match_explanation', models.JSONField(blank=True, default=list)),
                ('decline_reasons', models.JSONField(blank=True, default=list)),
                ('feedback', models.TextField(blank=True, max_length=10000)),
                ('reminded_at', models.DateTimeField(blank=True, null=True)),
                ('escalated_at', models.DateTimeField(blank=True, null=True)),
                ('alliance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alliances.alliance')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='received_submissions', to='orgs.organisation')),
                ('reviewers', models.ManyToManyField(blank=True, related_name='assigned_submissions', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitter_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sent_submissions', to='orgs.organisation')),
                ('first_response_due', models.DateTimeField(blank=True, null=True)),
                ('decision_due', models.DateTimeField(blank=True, null=True)),
                ('decision_lag', models.BigIntegerField(blank=True, editable=False, null=True)),
                ('first_response_lag', models.BigIntegerField(blank=True, editable=False, null=True)),
                ('queue_key', models.BigIntegerField(blank=True, editable=False, null=True)),
                ('deal_stage', models.CharField(blank=True, choices=[('cda_requested', 'CDA requested'), ('cda_sent', 'CDA sent'), ('cda_signed', 'CDA signed by both'), ('evaluation', 'Confidential evaluation'), ('term_sheet', 'Term sheet'), ('deal_signed', 'Deal signed')], max_length=20)),
                ('escalated_to', models.ForeignKey(blank=True, help_text='Who an overdue submission was escalated to (the head of BD at the time).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(blank=True, help_text='The request for partners this submission answers (none: the open portal).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='portal.partnerrequest')),
                ('counted_status', models.CharField(blank=True, editable=False, max_length=20)),
            ],
            options={
                'ordering': ['-submitted_at', '-pk'],
                'indexes': [models.Index(fields=['organisation', 'submitted_at'], name='portal_subm_organis_e503aa_idx'), models.Index(fields=['organisation', 'paused_since'], name='portal_subm_organis_5d55bf_idx'), models.Index(fields=['organisation', 'status', 'submitter_organisation'], name='portal_submission_status'), models.Index(fields=['organisation', 'first_response_lag', 'is_internal', 'submitted_at'], name='portal_submission_first_lag'), models.Index(fields=['organisation', 'decision_lag', 'is_internal', 'submitted_at'], name='portal_submission_decided_lag'), models.Index(fields=['organisation', 'queue_key', 'status', 'submitter_organisation'], name='portal_submission_queued')],
            },
        ),
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('track', models.CharField(choices=[('bd', 'Business development'), ('rnd', 'R&D')], max_length=5)),
                ('scores', models.JSONField(help_text='Criterion → {score: 1–5, comment}.')),
                ('weighted_score', models.DecimalField(decimal_places=2, max_digits=4)),
                ('was_blind', models.BooleanField(default=False)),
                ('submitted_at', models.DateTimeField(default=concord.core.clock.now)),
                ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='portal.submission')),
            ],
            options={
                'ordering': ['submitted_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('submission', 'reviewer'), name='one_review_per_reviewer')],
            },
        ),
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('message', 'Message'), ('question', 'Request for information'), ('note', 'Internal note'), ('decision', 'Decision')], default='message', max_length=10)),
                ('from_submitter', models.BooleanField(default=False)),
                ('is_internal', models.BooleanField(default=False)),
                ('author_label', models.CharField(max_length=200)),
                ('body', models.TextField(max_length=10000)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='portal.submission')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='submissions/%Y/%m/')),
                ('original_name', models.CharField(max_length=200)),
                ('size', models.PositiveIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='portal.submission')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CdaSignature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(choices=[('receiver', 'Receiving organisation'), ('submitter', 'Submitter')], max_length=10)),
                ('printed_name', models.CharField(max_length=200)),
                ('organisation_name', models.CharField(max_length=200)),
                ('signed_at', models.DateTimeField(default=concord.core.clock.now)),
                ('signer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cda_signatures', to='portal.submission')),
            ],
            options={
                'ordering': ['signed_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('submission', 'side'), name='one_cda_signature_per_side')],
            },
        ),
        migrations.CreateModel(
            name='DealStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('cda_requested', 'CDA requested'), ('cda_sent', 'CDA sent'), ('cda_signed', 'CDA signed by both'), ('evaluation', 'Confidential evaluation'), ('term_sheet', 'Term sheet'), ('deal_signed', 'Deal signed')], max_length=20)),
                ('on', models.DateField(help_text='The day the stage was reached.')),
                ('note', models.CharField(blank=True, max_length=500)),
                ('recorded_at', models.DateTimeField(default=concord.core.clock.now)),
                ('owner', models.ForeignKey(help_text='Who on the receiving team carries the submission through this stage.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deal_steps', to='portal.submission')),
            ],
            options={
                'ordering': ['submission', 'recorded_at', 'pk'],
                'indexes': [models.Index(fields=['stage', 'on'], name='portal_deal_stage_fc8237_idx')],
                'constraints': [models.UniqueConstraint(fields=('submission', 'stage'), name='one_step_per_stage')],
            },
        ),
        migrations.CreateModel(
            name='DeclineTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('too_early', 'Too early'), ('outside_focus', 'Outside our focus'), ('data_insufficient', 'Data insufficient'), ('benefit_unclear', 'Benefit over existing options unclear'), ('commercial_unclear', 'Commercial route unclear'), ('ip_unclear', 'IP unclear'), ('competing_programme', 'Competing internal programme'), ('portfolio_full', 'Portfolio full')], max_length=30)),
                ('body', models.TextField(max_length=5000)),
                ('updated_at', models.DateTimeField(default=concord.core.clock.now)),
                ('portal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decline_templates', to='portal.portal')),
            ],
            options={
                'ordering': ['reason'],
                'constraints': [models.UniqueConstraint(fields=('portal', 'reason'), name='one_template_per_reason')],
            },
        ),
        migrations.CreateModel(
            name='FunnelMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.CharField(max_length=7)),
                ('therapeutic_area', models.CharField(choices=[('oncology', 'Oncology'), ('immunology', 'Immunology & inflammation'), ('neuroscience', 'Neuroscience'), ('cardiometabolic', 'Cardiovascular & metabolic'), ('infectious', 'Infectious disease'), ('rare', 'Rare disease'), ('respiratory', 'Respiratory'), ('ophthalmology', 'Ophthalmology'), ('other', 'Other')], max_length=30)),
                ('from_request', models.BooleanField(default=False)),
                ('received', models.PositiveIntegerField(default=0)),
                ('triaged', models.PositiveIntegerField(default=0)),
                ('advanced', models.PositiveIntegerField(default=0)),
                ('cda', models.PositiveIntegerField(default=0)),
                ('term_sheet', models.PositiveIntegerField(default=0)),
                ('deal', models.PositiveIntegerField(default=0)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'month', 'therapeutic_area', 'from_request'), name='one_funnel_row_per_group')],
            },
        ),
        migrations.CreateModel(
            name='SubmissionMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text="The month's first day.")),
                ('figures', models.JSONField(default=dict)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'month'), name='one_submission_month')],
            },
        ),
        migrations.CreateModel(
            name='ReviewerLoad',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('open_count', models.BigIntegerField(default=0)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
                ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'reviewer'), name='one_reviewer_load_per_reviewer')],
            },
        ),
        migrations.CreateModel(
            name='SubmissionCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('received', 'Received'), ('under_review', 'Under review'), ('info_requested', 'Information requested'), ('declined', 'Declined'), ('cda', 'Confidential discussion (CDA)'), ('term_sheet', 'Term sheet')], max_length=20)),
                ('count', models.BigIntegerField(default=0)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'status'), name='one_submission_count_per_status')],
            },
        ),
    ]
