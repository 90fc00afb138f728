"""Editorial dates take the range check (lordspress.core.dates): no schema change, no row altered."""

import django.utils.timezone
from django.db import migrations, models

import lordspress.core.dates


class Migration(migrations.Migration):
    dependencies = [
        ("lordspress", "0006_sitesettings_google_tag_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sponsor",
            name="active_from",
            field=models.DateField(
                default=django.utils.timezone.localdate,
                validators=[lordspress.core.dates.validate_editorial_date],
            ),
        ),
        migrations.AlterField(
            model_name="sponsor",
            name="active_until",
            field=models.DateField(
                blank=True,
                help_text="Leave empty for no end.",
                null=True,
                validators=[lordspress.core.dates.validate_editorial_date],
            ),
        ),
    ]
