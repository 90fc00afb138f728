"""Re-sanitise stored rich text, so addresses saved before the sanitiser judged them as a
browser reads them (``cite="javascript:…"``, ``href="/\\evil.example/"``,
``src="/media/../accounts/"``) no longer reach a page, feed or email.

Only the offending attributes go; every word stays. ``update()`` leaves the "updated" dates
alone (nothing a reader would call a change happened) and, on PostgreSQL, fires the search
trigger as any write does.
"""

from django.db import migrations

from lordspress.core.sanitize import sanitize_html

RICH_TEXT = [("articles", "Article", "body"), ("lordspress", "Page", "body")]


def forwards(apps, schema_editor):
    for app_label, model_name, field in RICH_TEXT:
        model = apps.get_model(app_label, model_name)
        for pk, html in model.objects.values_list("pk", field).iterator(chunk_size=200):
            cleaned = sanitize_html(html)
            if cleaned != html:
                model.objects.filter(pk=pk).update(**{field: cleaned})


class Migration(migrations.Migration):
    dependencies = [
        ("lordspress", "0010_plain_text_fields"),
        ("articles", "0008_plain_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
