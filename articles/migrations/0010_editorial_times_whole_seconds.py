"""Editorial times are stored to whole seconds (lordspress.core.dates.EditorialDateTimeField), as
the admin's inputs show them; times already stored lose their fraction of a second, once.

The revisions are truncated too: they hold the same times, and a revision differing from the
article only by a fraction of a second would show as a change of "publish at" in the history.
"""

from django.db import migrations

import lordspress.core.dates

PUBLISH_AT_HELP = "London time. A future time schedules the article; empty means now."
UPDATED_AT_HELP = "Shown as “Updated …”; set only by marking a material update."


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_teaser_bounds_help_text"),
    ]

    operations = [
        *(
            migrations.AlterField(
                model_name=model_name,
                name="publish_at",
                field=lordspress.core.dates.EditorialDateTimeField(
                    blank=True, help_text=PUBLISH_AT_HELP, null=True, verbose_name="publish at"
                ),
            )
            for model_name in ("article", "historicalarticle")
        ),
        *(
            migrations.AlterField(
                model_name=model_name,
                name="updated_at",
                field=lordspress.core.dates.EditorialDateTimeField(
                    blank=True, help_text=UPDATED_AT_HELP, null=True, verbose_name="updated at"
                ),
            )
            for model_name in ("article", "historicalarticle")
        ),
        migrations.RunPython(
            lordspress.core.dates.truncate_stored_times(
                ("articles", "Article", "publish_at"),
                ("articles", "Article", "updated_at"),
                ("articles", "HistoricalArticle", "publish_at"),
                ("articles", "HistoricalArticle", "updated_at"),
            ),
            migrations.RunPython.noop,
        ),
    ]
