# risks 0001 to 0002 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0002 carry on with those files.

import concord.core.clock
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('risks', '0001_initial'), ('risks', '0002_review_reminded')]

    initial = True

    dependencies = [
        ('alliances', '0005_attention_settings'),
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Risk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visibility', models.CharField(choices=[('shared', 'Shared with all parties'), ('private', 'Private to my organisation')], default='shared', max_length=10)),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=5000)),
                ('category', models.CharField(choices=[('scientific', 'Scientific'), ('clinical', 'Clinical'), ('regulatory', 'Regulatory'), ('commercial', 'Commercial'), ('financial', 'Financial'), ('ip', 'Intellectual property'), ('relationship', 'Relationship'), ('operational', 'Operational')], max_length=20)),
                ('likelihood', models.PositiveSmallIntegerField(choices=[(1, 'Unlikely'), (2, 'Possible'), (3, 'Likely'), (4, 'Almost certain')], validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)])),
                ('impact', models.PositiveSmallIntegerField(choices=[(1, 'Minor'), (2, 'Moderate'), (3, 'Major'), (4, 'Severe')], validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)])),
                ('trigger', models.TextField(blank=True, help_text='What would tell us it is happening.', max_length=2000)),
                ('mitigation', models.TextField(blank=True, max_length=5000)),
                ('mitigation_starts', models.DateField(blank=True, null=True)),
                ('mitigation_due', models.DateField(blank=True, null=True)),
                ('escalation_plan', models.TextField(blank=True, max_length=5000)),
                ('review_on', models.DateField()),
                ('status', models.CharField(choices=[('open', 'Open'), ('materialised', 'Materialised'), ('closed', 'Closed')], default='open', max_length=14)),
                ('materialised_at', models.DateTimeField(blank=True, null=True)),
                ('closed_reason', models.TextField(blank=True, max_length=2000)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='risks', to='alliances.alliance')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('review_reminded_on', models.DateField(blank=True, editable=False, null=True)),
            ],
            options={
                'ordering': ['-likelihood', '-impact', 'review_on', 'pk'],
                'indexes': [models.Index(fields=['alliance', 'status'], name='risks_risk_allianc_d5e83d_idx'), models.Index(fields=['review_on'], name='risks_risk_review__70462d_idx')],
            },
        ),
        migrations.CreateModel(
            name='RiskReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('likelihood', models.PositiveSmallIntegerField(choices=[(1, 'Unlikely'), (2, 'Possible'), (3, 'Likely'), (4, 'Almost certain')], validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)])),
                ('impact', models.PositiveSmallIntegerField(choices=[(1, 'Minor'), (2, 'Moderate'), (3, 'Major'), (4, 'Severe')], validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)])),
                ('note', models.TextField(blank=True, max_length=2000)),
                ('next_review_on', models.DateField()),
                ('reviewed_at', models.DateTimeField(default=concord.core.clock.now)),
                ('reviewed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('risk', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='risks.risk')),
            ],
            options={
                'ordering': ['-reviewed_at', '-pk'],
            },
        ),
    ]
