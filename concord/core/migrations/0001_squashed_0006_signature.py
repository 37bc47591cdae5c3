# core 0001 to 0006 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0006 carry on with those files.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('core', '0001_initial'), ('core', '0002_initial'), ('core', '0003_audit_sealed_later'), ('core', '0004_outbox_email'), ('core', '0005_audit_alliance_latest'), ('core', '0006_signature')]

    initial = True

    dependencies = [
        ('alliances', '0005_attention_settings'),
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_seq', models.PositiveBigIntegerField(default=0)),
                ('last_hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name='OutboxEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=100)),
                ('to', models.JSONField()),
                ('subject', models.CharField(max_length=300)),
                ('text', models.TextField()),
                ('html', models.TextField()),
                ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Failed after every retry')], default='pending', max_length=10)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('last_error', models.CharField(blank=True, max_length=500)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('next_attempt_at', models.DateTimeField(db_index=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('organisations', models.ManyToManyField(blank=True, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-id'],
                'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='core_outbox_status_b2f640_idx')],
            },
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveBigIntegerField(blank=True, null=True, unique=True)),
                ('created_at', models.DateTimeField()),
                ('actor_label', models.CharField(max_length=200)),
                ('object_type', models.CharField(max_length=100)),
                ('object_id', models.CharField(max_length=64)),
                ('action', models.CharField(db_index=True, max_length=100)),
                ('summary', models.CharField(max_length=300)),
                ('before', models.JSONField(blank=True, null=True)),
                ('after', models.JSONField(blank=True, null=True)),
                ('request_id', models.CharField(blank=True, max_length=64)),
                ('visibility', models.CharField(choices=[('shared', 'Shared with all parties'), ('private', 'Private to my organisation')], default='shared', max_length=10)),
                ('prev_hash', models.CharField(blank=True, max_length=64)),
                ('hash', models.CharField(blank=True, max_length=64)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('alliance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_events', to='alliances.alliance')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['-id'],
                'indexes': [models.Index(fields=['alliance', '-id'], name='core_audite_allianc_258282_idx'), models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='core_audit_unsealed'), models.Index(fields=['alliance', '-created_at'], name='core_audit_alliance_latest')],
            },
        ),
        migrations.CreateModel(
            name='Signature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('printed_name', models.CharField(max_length=200)),
                ('meaning', models.CharField(choices=[('approve', 'Approval'), ('reject', 'Rejection'), ('review', 'Review')], max_length=10)),
                ('statement', models.CharField(help_text='What the signer signed, in words.', max_length=300)),
                ('signed_at', models.DateTimeField()),
                ('time_zone', models.CharField(help_text="The signer's time zone when signing.", max_length=64)),
                ('subject_type', models.CharField(max_length=100)),
                ('subject_id', models.CharField(max_length=64)),
                ('content_hash', models.CharField(max_length=64)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='alliances.alliance')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('signer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['signed_at', 'pk'],
                'indexes': [models.Index(fields=['subject_type', 'subject_id'], name='core_signat_subject_2c58bd_idx')],
            },
        ),
    ]
