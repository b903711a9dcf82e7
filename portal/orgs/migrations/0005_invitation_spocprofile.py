# Invitations (from accounts) and SPOC profiles (from library) now belong to the orgs app. Their tables keep
# their names (db_table), so nothing is copied: only the migration state and the content types move.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from portal.migration_ops import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_move_invitation_to_orgs'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('library', '0006_move_spocprofile_to_orgs'),
        ('orgs', '0004_organisation_approved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                        ('role', models.CharField(choices=[('admin', 'Admin'), ('contributor', 'Contributor'), ('reader', 'Reader'), ('volunteer', 'Volunteer')], default='reader', max_length=20, verbose_name='role')),
                        ('token_hash', models.CharField(max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('expires_at', models.DateTimeField()),
                        ('used_at', models.DateTimeField(blank=True, null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='orgs.organisation')),
                    ],
                    options={
                        'db_table': 'accounts_invitation',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='SpocProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role_title', models.CharField(blank=True, max_length=200, verbose_name='role title')),
                        ('phone', models.CharField(blank=True, help_text='International format, e.g. +254...', max_length=32, verbose_name='phone')),
                        ('languages', models.CharField(blank=True, help_text='E.g. English, Swahili', max_length=200, verbose_name='languages')),
                        ('hours', models.CharField(blank=True, help_text='When and in which time zone', max_length=200, verbose_name='hours')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('membership', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='spoc_profile', to='orgs.membership')),
                    ],
                    options={
                        'db_table': 'library_spocprofile',
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('accounts', 'orgs', ('invitation',)),
        move_content_types('library', 'orgs', ('spocprofile',)),
    ]
