# winddown 0001 to 0002 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0002 carry on with those files.

import concord.core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('winddown', '0001_initial'), ('winddown', '0002_checklistitem_section_alter_checklistitem_area')]

    initial = True

    dependencies = [
        ('alliances', '0006_saved_portfolio_view'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WindDown',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('expiry', 'Expiry of the term'), ('convenience', 'Termination for convenience'), ('cause', 'Termination for cause'), ('option', 'Exercise of the option to acquire')], max_length=12)),
                ('explanation', models.TextField(blank=True, max_length=5000)),
                ('section', models.CharField(blank=True, help_text="The agreement's clause it ends under (§ 14.2).", max_length=40)),
                ('notice_given_on', models.DateField()),
                ('notice_days', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('active', 'Winding down'), ('closed', 'Closed')], default='active', max_length=8)),
                ('started_at', models.DateTimeField(default=concord.core.clock.now)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('lessons', models.TextField(blank=True, max_length=10000)),
                ('alliance', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='wind_down', to='alliances.alliance')),
                ('lessons_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='SurvivingObligation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('royalties', 'Royalties'), ('confidentiality', 'Confidentiality'), ('audit', 'Audit rights'), ('licence', 'Surviving licence'), ('other', 'Other')], max_length=16)),
                ('description', models.CharField(max_length=500)),
                ('section', models.CharField(blank=True, max_length=40)),
                ('ends_on', models.DateField()),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('wind_down', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='obligations', to='winddown.winddown')),
            ],
            options={
                'ordering': ['ends_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CloseAct',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=concord.core.clock.now)),
                ('note', models.TextField(blank=True, max_length=2000)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('wind_down', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='close_acts', to='winddown.winddown')),
            ],
            options={
                'ordering': ['at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('wind_down', 'party'), name='winddown_one_close_act')],
            },
        ),
        migrations.CreateModel(
            name='ChecklistItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('area', models.CharField(choices=[('confidential', 'Confidential information'), ('regulatory', 'Regulatory filings and data'), ('licences', 'Licences'), ('payments', 'Final payments'), ('audits', 'Reconciliations and audits'), ('materials', 'Materials and inventory'), ('trials', 'Ongoing trials and patients'), ('communications', 'Communications'), ('agreement', 'Obligations under the agreement'), ('review', 'Final health check'), ('other', 'Other')], max_length=16)),
                ('title', models.CharField(max_length=300)),
                ('due_on', models.DateField(blank=True, null=True)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('evidence', models.TextField(blank=True, max_length=5000)),
                ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('wind_down', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='winddown.winddown')),
                ('section', models.CharField(blank=True, help_text="The agreement's section it comes from (§ 5.2).", max_length=40)),
            ],
            options={
                'ordering': ['done_at', 'due_on', 'pk'],
            },
        ),
    ]
