"""The Google tag ID moves from the site settings to consent's own settings (issue 9): the
value is copied here, before sitesettings 0002 drops its column; editors who could change it
there can change it here."""

import django.core.validators
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def copy_tag_id(apps, schema_editor):
    alias = schema_editor.connection.alias
    old = apps.get_model("sitesettings", "SiteSettings").objects.using(alias).filter(pk=1).first()
    new = apps.get_model("consent", "ConsentSettings").objects.using(alias)
    if old is not None and old.google_tag_id:
        new.update_or_create(pk=1, defaults={"google_tag_id": old.google_tag_id})
    # Whoever could change the tag in the site settings may change it here.
    consent = apps.get_app_config("consent")
    consent.models_module = True
    create_permissions(consent, apps=apps, verbosity=0, using=alias)
    consent.models_module = None
    permission = apps.get_model("auth", "Permission").objects.using(alias)
    granted = permission.filter(
        content_type__app_label="consent",
        codename__in=["change_consentsettings", "view_consentsettings"],
    )
    for group in (
        apps.get_model("auth", "Group")
        .objects.using(alias)
        .filter(
            permissions__content_type__app_label="sitesettings",
            permissions__codename="change_sitesettings",
        )
    ):
        group.permissions.add(*granted)


def copy_tag_id_back(apps, schema_editor):
    alias = schema_editor.connection.alias
    row = apps.get_model("consent", "ConsentSettings").objects.using(alias).filter(pk=1).first()
    if row is not None and row.google_tag_id:
        apps.get_model("sitesettings", "SiteSettings").objects.using(alias).update_or_create(
            pk=1, defaults={"google_tag_id": row.google_tag_id}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0006_anchored_patterns_end_at_the_end"),
        ("sitesettings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConsentSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "google_tag_id",
                    models.CharField(
                        blank=True,
                        help_text="Optional. Loaded only for readers who allow it, after Google's consent signals have been set to denied. Declare it first in the cookie registry (a service with the key google-tag, with its cookies) and publish a policy version.",
                        max_length=30,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^(G|GT|AW|DC)-[A-Z0-9]{4,20}\\Z",
                                "A Google tag ID looks like G-XXXXXXXXXX (or GT-, AW-, DC-).",
                            )
                        ],
                        verbose_name="Google tag ID",
                    ),
                ),
            ],
            options={
                "verbose_name": "consent settings",
                "verbose_name_plural": "consent settings",
                "ordering": ["pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("pk", 1)), name="consent_settings_single_row"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_tag_id, copy_tag_id_back),
    ]
