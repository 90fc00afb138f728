"""The archive's months as a small table (``ArchiveMonth``), counted once here from the
articles already stored and kept since by ``articles.services`` on every save and delete:
the archive's month and year lists read it instead of grouping every article per request."""

from django.db import migrations, models
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone


def count_months(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArchiveMonth = apps.get_model("articles", "ArchiveMonth")
    rows = (
        Article.objects.using(schema_editor.connection.alias)
        .filter(status="published", publish_at__isnull=False)
        .annotate(month_start=TruncMonth("publish_at"))
        .order_by()
        .values("month_start")
        .annotate(published=Count("pk"), first=Min("publish_at"), last=Max("publish_at"))
    )
    ArchiveMonth.objects.using(schema_editor.connection.alias).bulk_create(
        ArchiveMonth(
            month=timezone.localtime(row["month_start"]).date(),
            published=row["published"],
            first_publish_at=row["first"],
            last_publish_at=row["last"],
        )
        for row in rows
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_editorial_times_whole_seconds")]

    operations = [
        migrations.CreateModel(
            name="ArchiveMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="The first day of the month.", unique=True)),
                ("published", models.PositiveIntegerField()),
                ("first_publish_at", models.DateTimeField()),
                ("last_publish_at", models.DateTimeField()),
            ],
            options={"ordering": ["month"]},
        ),
        migrations.RunPython(count_months, migrations.RunPython.noop, elidable=False),
    ]
