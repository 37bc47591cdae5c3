# Regrouped after it was first applied (the state it builds is unchanged, and a database
# never applies a migration twice): each model is one CreateModel holding its indexes and
# constraints, so `migrate` renders the models once each.

import concord.core.clock
import concord.documents.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('alliances', '0005_attention_settings'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('orgs', '0002_remove_token_last_used'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Folder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visibility', models.CharField(choices=[('shared', 'Shared with all parties'), ('private', 'Private to my organisation')], default='shared', max_length=10)),
                ('name', models.CharField(max_length=120)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_folders', to='alliances.alliance')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
            ],
            options={
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visibility', models.CharField(choices=[('shared', 'Shared with all parties'), ('private', 'Private to my organisation')], default='shared', max_length=10)),
                ('kind', models.CharField(choices=[('general', 'Document'), ('agreement', 'Agreement')], default='general', max_length=12)),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, max_length=2000)),
                ('search_text', models.TextField(blank=True, default='')),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('updated_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='alliances.alliance')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                ('folder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='documents.folder')),
            ],
            options={
                'ordering': ['title', 'pk'],
                'indexes': [models.Index(fields=['alliance', 'kind'], name='documents_d_allianc_cc656a_idx')],
            },
        ),
        migrations.CreateModel(
            name='AgreementSection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=20)),
                ('heading', models.CharField(max_length=200)),
                ('summary', models.TextField(blank=True, max_length=2000)),
                ('tracked_expected', models.BooleanField(default=True)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='documents.document')),
            ],
            options={
                'ordering': ['document_id', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('document', 'number'), name='documents_section_once')],
            },
        ),
        migrations.CreateModel(
            name='DocumentLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('pre_read', 'Pre-read'), ('evidence', 'Evidence'), ('section', 'Agreement section')], max_length=12)),
                ('object_id', models.PositiveBigIntegerField()),
                ('label', models.CharField(max_length=200)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='alliances.alliance')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='documents.document')),
                ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='links', to='documents.agreementsection')),
            ],
            options={
                'ordering': ['pk'],
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='documents_d_content_58fb4d_idx')],
                'constraints': [models.UniqueConstraint(fields=('document', 'role', 'content_type', 'object_id'), name='documents_link_once')],
            },
        ),
        migrations.CreateModel(
            name='DocumentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('file', models.FileField(max_length=200, upload_to=concord.documents.models.version_path)),
                ('filename', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveBigIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('note', models.CharField(blank=True, max_length=300)),
                ('uploaded_at', models.DateTimeField(default=concord.core.clock.now)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='documents.document')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['document_id', '-number'],
                'constraints': [models.UniqueConstraint(fields=('document', 'number'), name='documents_version_once')],
            },
        ),
        migrations.AddField(
            model_name='document',
            name='current',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.documentversion'),
        ),
    ]
