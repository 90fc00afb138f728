"""Moving a model to another app without touching its table or its rows (issue 9).

A moved model keeps its table (``Meta.db_table``); its new app's first migration creates
it in the migration state only, and the old app's deletes it in the state only
(``SeparateDatabaseAndState``). What also names the app is the content type, which
permissions, admin history and old addresses point at by id: ``adopt_content_types``
relabels those rows in place, so every group keeps its permissions and every log entry its
object.
"""

from django.db import migrations


def adopt_content_types(*, old_label: str, new_label: str, models: list[str]):
    """A migration operation relabelling the content types of ``models`` (lower-case names)
    from ``old_label`` to ``new_label``, and back when the migration is reversed.

    A content type already present under the new label (a database where Django made one
    before this ran) is left alone, and the old one with it: nothing is merged or lost.
    """

    def relabel(apps, schema_editor, *, source: str, target: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        rows = content_type.objects.using(schema_editor.connection.alias)
        for model in models:
            if not rows.filter(app_label=target, model=model).exists():
                rows.filter(app_label=source, model=model).update(app_label=target)

    def forwards(apps, schema_editor):
        relabel(apps, schema_editor, source=old_label, target=new_label)

    def backwards(apps, schema_editor):
        relabel(apps, schema_editor, source=new_label, target=old_label)

    return migrations.RunPython(forwards, backwards, elidable=False)


def rename_task_paths(renames: dict[str, str]):
    """A migration operation pointing queued background tasks at a task function's new
    dotted path (``{"old.module.task": "new.module.task"}``), and back when reversed.

    The database task queue (django-tasks-db) stores each task as the dotted path of its
    function and imports it when the worker runs it: a task queued before its function moved
    would otherwise fail with "does not point to a Task" instead of running.
    """

    def rename(apps, schema_editor, pairs) -> None:
        task_result = apps.get_model("django_tasks_database", "DBTaskResult")
        rows = task_result.objects.using(schema_editor.connection.alias)
        for old, new in pairs:
            rows.filter(task_path=old).update(task_path=new)

    def forwards(apps, schema_editor):
        rename(apps, schema_editor, renames.items())

    def backwards(apps, schema_editor):
        rename(apps, schema_editor, [(new, old) for old, new in renames.items()])

    return migrations.RunPython(forwards, backwards, elidable=False)
