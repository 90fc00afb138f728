"""A ``deliver_outbox`` task queued before issue 9 named ``lordspress.tasks.deliver_outbox``; it runs from here now."""

from django.db import migrations

from lordspress.core.moves import rename_task_paths


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [
        rename_task_paths(
            {"lordspress.tasks.deliver_outbox": "lordspress.outbox.tasks.deliver_outbox"}
        ),
    ]
