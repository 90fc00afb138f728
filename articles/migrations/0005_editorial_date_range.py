"""Editorial dates take the range check (lordspress.core.dates): no schema change, no row altered."""

import django.utils.timezone
from django.db import migrations, models

import lordspress.core.dates


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_access"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="publish_at",
            field=models.DateTimeField(
                blank=True,
                help_text="London time. A future time schedules the article; empty means now.",
                null=True,
                validators=[lordspress.core.dates.validate_editorial_date],
                verbose_name="publish at",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Shown as “Updated …”; set only by marking a material update.",
                null=True,
                validators=[lordspress.core.dates.validate_editorial_date],
                verbose_name="updated at",
            ),
        ),
        migrations.AlterField(
            model_name="correction",
            name="published_on",
            field=models.DateField(
                default=django.utils.timezone.localdate,
                validators=[lordspress.core.dates.validate_editorial_date],
                verbose_name="date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="publish_at",
            field=models.DateTimeField(
                blank=True,
                help_text="London time. A future time schedules the article; empty means now.",
                null=True,
                validators=[lordspress.core.dates.validate_editorial_date],
                verbose_name="publish at",
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Shown as “Updated …”; set only by marking a material update.",
                null=True,
                validators=[lordspress.core.dates.validate_editorial_date],
                verbose_name="updated at",
            ),
        ),
    ]
