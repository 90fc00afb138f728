"""Editorial dates take the range check (lordspress.core.dates): no schema change, no row altered."""

import django.utils.timezone
from django.db import migrations, models

import lordspress.core.dates


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_editors_send_newsletters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="newsletterissue",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                validators=[lordspress.core.dates.validate_editorial_date],
            ),
        ),
    ]
