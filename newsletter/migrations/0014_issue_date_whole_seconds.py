"""A newsletter issue's date is stored to whole seconds (lordspress.core.dates.EditorialDateTimeField),
as the admin's inputs show it; dates already stored lose their fraction of a second, once."""

import django.utils.timezone
from django.db import migrations

import lordspress.core.dates


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0013_links_die_with_the_password"),
    ]

    operations = [
        migrations.AlterField(
            model_name="newsletterissue",
            name="created_at",
            field=lordspress.core.dates.EditorialDateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(
            lordspress.core.dates.truncate_stored_times(
                ("newsletter", "NewsletterIssue", "created_at")
            ),
            migrations.RunPython.noop,
        ),
    ]
