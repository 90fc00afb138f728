"""A ``refresh_weather`` task queued before issue 9 named ``lordspress.tasks.refresh_weather``; it runs from here now."""

from django.db import migrations

from lordspress.core.moves import rename_task_paths


class Migration(migrations.Migration):
    dependencies = [
        ("weather", "0001_initial"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [
        rename_task_paths(
            {"lordspress.tasks.refresh_weather": "lordspress.weather.tasks.refresh_weather"}
        ),
    ]
