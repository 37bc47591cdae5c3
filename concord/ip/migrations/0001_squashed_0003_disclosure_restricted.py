# ip 0001 to 0003 squashed for new databases: one CreateModel per model, holding its
# final fields, indexes and constraints, so `migrate` renders the models once each.
# Databases that applied any of 0001 to 0003 carry on with those files.

import concord.core.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('ip', '0001_initial'), ('ip', '0002_royalty_patents'), ('ip', '0003_disclosure_restricted')]

    initial = True

    dependencies = [
        ('alliances', '0005_attention_settings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Disclosure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('disclosed_on', models.DateField()),
                ('rule', models.CharField(choices=[('inventorship', "Sole by inventorship (each inventor's party owns)"), ('joint', 'Jointly owned by every party'), ('assigned', 'Assigned to a named party')], max_length=20)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ip_disclosures', to='alliances.alliance')),
                ('assigned_party', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alliances.programme')),
                ('prosecuting_party', models.ForeignKey(help_text='Files and pays.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
                ('restricted', models.BooleanField(default=False, help_text="Its details are for the patent committee's members (and its discloser) only; others see that it exists, when, and who prosecutes it.")),
            ],
            options={
                'ordering': ['-disclosed_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Inventor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('disclosure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inventors', to='ip.disclosure')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['disclosure', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='IpAsset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('patent_family', 'Patent family'), ('know_how', 'Know-how'), ('materials', 'Materials'), ('data', 'Data')], max_length=20)),
                ('title', models.CharField(max_length=200)),
                ('numbers', models.CharField(blank=True, help_text='Patent and application numbers.', max_length=500)),
                ('territories', models.CharField(blank=True, help_text='Country codes, comma-separated.', max_length=300)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ip_assets', to='alliances.alliance')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['owner_party', 'title', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Filing',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('priority', 'Priority application'), ('pct', 'PCT application'), ('national', 'National or regional application')], max_length=10)),
                ('office', models.CharField(help_text='EP, US, WO, JP…', max_length=20)),
                ('number', models.CharField(blank=True, max_length=100)),
                ('filed_on', models.DateField()),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('disclosure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='filings', to='ip.disclosure')),
            ],
            options={
                'ordering': ['disclosure', 'filed_on', 'pk'],
                'indexes': [models.Index(fields=['kind', 'filed_on'], name='ip_filing_kind_f0ee74_idx')],
            },
        ),
        migrations.CreateModel(
            name='Licence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(blank=True, help_text='Blank: any field.', max_length=200)),
                ('territories', models.CharField(blank=True, help_text='Blank: worldwide.', max_length=300)),
                ('use', models.CharField(choices=[('research', 'Research use'), ('commercial', 'Commercial use'), ('both', 'Research and commercial use')], max_length=12)),
                ('exclusive', models.BooleanField(default=False)),
                ('until', models.DateField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ip_licences', to='alliances.alliance')),
                ('asset', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='licences', to='ip.ipasset')),
                ('disclosure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='licences', to='ip.disclosure')),
                ('granted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('licensee_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.party')),
            ],
            options={
                'ordering': ['pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('asset__isnull', False), ('disclosure__isnull', False), _connector='XOR'), name='ip_licence_of_one_thing')],
            },
        ),
        migrations.CreateModel(
            name='RoyaltyPatent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('royalty_term_id', models.PositiveIntegerField(help_text="The deal's royalty term.")),
                ('country', models.CharField(help_text='ISO country code: DE, US, JP…', max_length=2)),
                ('number', models.CharField(max_length=100)),
                ('expires_on', models.DateField(help_text='The last day its last valid claim is in force.')),
                ('created_at', models.DateTimeField(default=concord.core.clock.now)),
                ('asset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='royalty_patents', to='ip.ipasset')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['royalty_term_id', 'country', '-expires_on', 'pk'],
                'indexes': [models.Index(fields=['royalty_term_id', 'country'], name='ip_royaltyp_royalty_3ebcef_idx')],
            },
        ),
    ]
