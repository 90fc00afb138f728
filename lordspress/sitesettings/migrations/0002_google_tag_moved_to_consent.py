"""The Google tag ID is consent's now (consent 0007 copied it there first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sitesettings", "0001_initial"),
        ("consent", "0007_google_tag_moves_to_consent"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="sitesettings",
            name="google_tag_id",
        ),
    ]
