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
        ('alliances', '0004_party_withdrawn'),
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Instrument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('pulse', 'Pulse'), ('health_check', 'Health check')], max_length=20)),
                ('name', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=2000)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('based_on', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='copies', to='health.instrument')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, help_text="Empty for Concord's built-in instruments.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['kind', 'name', 'pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('organisation', None)), fields=('kind',), name='one_builtin_per_kind')],
            },
        ),
        migrations.CreateModel(
            name='Cadence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pulse_enabled', models.BooleanField(default=True)),
                ('pulse_every_months', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)])),
                ('health_enabled', models.BooleanField(default=True)),
                ('health_every_months', models.PositiveSmallIntegerField(default=6, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)])),
                ('health_at_gates', models.BooleanField(default=True)),
                ('window_days', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(3), django.core.validators.MaxValueValidator(30)])),
                ('min_respondents', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(3), django.core.validators.MaxValueValidator(50)])),
                ('updated_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='health_cadence', to='alliances.alliance')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('health_instrument', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='health.instrument')),
                ('pulse_instrument', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='health.instrument')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('min_respondents__gte', 3)), name='cadence_k_at_least_3')],
            },
        ),
        migrations.CreateModel(
            name='InstrumentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('change_note', models.CharField(blank=True, max_length=300)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('instrument', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='health.instrument')),
            ],
            options={
                'ordering': ['instrument', '-number'],
                'constraints': [models.UniqueConstraint(fields=('instrument', 'number'), name='one_version_number')],
            },
        ),
        migrations.CreateModel(
            name='Dimension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField()),
                ('name', models.CharField(max_length=100)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dimensions', to='health.instrumentversion')),
            ],
            options={
                'ordering': ['version', 'position', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('version', 'key'), name='one_dimension_key_per_version')],
            },
        ),
        migrations.CreateModel(
            name='Round',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('pulse', 'Pulse'), ('health_check', 'Health check')], max_length=20)),
                ('title', models.CharField(max_length=200)),
                ('reason', models.CharField(choices=[('scheduled', "On the alliance's cadence"), ('gate', 'At a gate'), ('manual', 'Started by an alliance manager')], default='scheduled', max_length=20)),
                ('period', models.CharField(max_length=40)),
                ('opens_at', models.DateTimeField(default=concord.core.clock.now)),
                ('closes_at', models.DateTimeField()),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=10)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('reminded_at', models.DateTimeField(blank=True, null=True)),
                ('min_respondents', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(3)])),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='health_rounds', to='alliances.alliance')),
                ('gate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alliances.gate')),
                ('opened_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='health.instrumentversion')),
            ],
            options={
                'ordering': ['-opens_at', '-pk'],
                'indexes': [models.Index(fields=['alliance', 'kind', 'status', '-opens_at'], name='health_roun_allianc_949718_idx'), models.Index(fields=['status', 'closes_at'], name='health_roun_status_40d6da_idx')],
                'constraints': [models.UniqueConstraint(fields=('alliance', 'kind', 'period'), name='one_round_per_period'), models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('alliance', 'kind'), name='one_open_round_per_kind'), models.CheckConstraint(condition=models.Q(('min_respondents__gte', 3)), name='round_k_at_least_3')],
            },
        ),
        migrations.CreateModel(
            name='RoundParty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('invited', models.PositiveIntegerField(default=0)),
                ('responded', models.PositiveIntegerField(default=0)),
                ('answers', models.PositiveIntegerField(default=0)),
                ('score_sum', models.PositiveIntegerField(default=0)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='alliances.party')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='health.round')),
            ],
            options={
                'ordering': ['round', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('round', 'party'), name='one_tally_per_party'), models.CheckConstraint(condition=models.Q(('responded__lte', models.F('invited'))), name='responded_within_invited')],
            },
        ),
        migrations.CreateModel(
            name='Respondent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('reminder_token_hash', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ('invited_at', models.DateTimeField(default=concord.core.clock.now)),
                ('reminded_at', models.DateTimeField(blank=True, null=True)),
                ('has_answered', models.BooleanField(default=False)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='health_invitations', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='respondents', to='health.round')),
                ('round_party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='respondents', to='health.roundparty')),
            ],
            options={
                'ordering': ['round', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('round', 'user'), name='one_invitation_per_person')],
            },
        ),
        migrations.CreateModel(
            name='EarlyWarning',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension_key', models.SlugField()),
                ('dimension_name', models.CharField(max_length=100)),
                ('score', models.DecimalField(decimal_places=2, max_digits=3)),
                ('previous', models.DecimalField(blank=True, decimal_places=2, max_digits=3, null=True)),
                ('reason', models.CharField(choices=[('drop', 'Dropped since the last round'), ('low', 'Fell below 3.0'), ('both', 'Dropped, and below 3.0')], max_length=10)),
                ('severity', models.CharField(choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High')], max_length=10)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='warnings', to='health.round')),
                ('round_party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='health.roundparty')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('round_party', 'dimension_key'), name='one_warning_per_dimension')],
            },
        ),
        migrations.CreateModel(
            name='DimensionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answers', models.PositiveIntegerField(default=0)),
                ('score_sum', models.PositiveIntegerField(default=0)),
                ('dimension', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='health.dimension')),
                ('round_party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tallies', to='health.roundparty')),
            ],
            options={
                'ordering': ['round_party', 'dimension__position'],
                'constraints': [models.UniqueConstraint(fields=('round_party', 'dimension'), name='one_tally_per_dimension')],
            },
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=2000)),
                ('visibility', models.CharField(choices=[('shared', 'Shared with all parties'), ('private', 'Private to my organisation')], default='shared', max_length=10)),
                ('shuffle', models.PositiveIntegerField(db_index=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('round_party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='health.roundparty')),
            ],
            options={
                'ordering': ['shuffle', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Statement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=300)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('dimension', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statements', to='health.dimension')),
            ],
            options={
                'ordering': ['dimension', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Celebration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('gate_passed', 'Gate passed'), ('milestone_achieved', 'Milestone achieved'), ('delivery_accepted', 'Delivery accepted'), ('kudos', 'Kudos'), ('other', 'Achievement')], max_length=30)),
                ('title', models.CharField(max_length=300)),
                ('message', models.TextField(blank=True, max_length=1000)),
                ('source_type', models.CharField(blank=True, max_length=50)),
                ('source_id', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='celebrations', to='alliances.alliance')),
                ('given_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['alliance', '-created_at'], name='health_cele_allianc_31b375_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('source_id', ''), _negated=True), fields=('alliance', 'source_type', 'source_id'), name='one_celebration_per_achievement')],
            },
        ),
        migrations.CreateModel(
            name='HealthSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('min_respondents', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(3), django.core.validators.MaxValueValidator(50)])),
                ('updated_at', models.DateTimeField(default=concord.core.clock.now)),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='health_settings', to='orgs.organisation')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('min_respondents__gte', 3)), name='settings_k_at_least_3')],
            },
        ),
    ]
