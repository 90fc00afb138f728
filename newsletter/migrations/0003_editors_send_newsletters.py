"""Editors compose and send newsletter issues and may look up subscribers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = [
    "add_newsletterissue",
    "change_newsletterissue",
    "view_newsletterissue",
    "view_subscriber",
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="newsletter", codename__in=EDITORS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_newsletter_issue"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
