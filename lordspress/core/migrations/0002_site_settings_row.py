"""The single site-settings row, so the site never writes on a reader's request."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("lordspress", "SiteSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("lordspress", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
