"""Editors may look at the masthead's weather and queue a refresh."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = ["view_weatherreading", "refresh_weatherreading", "view_outboundemail"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="lordspress", codename__in=EDITORS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lordspress", "0004_weather_reading"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
