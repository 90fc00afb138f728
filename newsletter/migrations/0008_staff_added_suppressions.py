"""Staff add suppressions (a request not to be contacted, a complaint, a hard bounce) with who
and a note; the Editors group, who answer readers' letters, may add them (not lift them)."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import lordspress.core.fields

EDITORS = ["add_suppression", "view_suppression"]


def editors_add_suppressions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="newsletter", codename__in=EDITORS)
    )


def editors_stop_adding_suppressions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="newsletter", codename__in=EDITORS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0007_plain_text_fields"),
        ("articles", "0003_editorial_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="suppression",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The staff member who added it; empty when an account's deletion "
                "made it.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="suppression",
            name="note",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="How we learnt of it, e.g. “Letter of 3 March to the desk”. Never the "
                "address or the reader's name: only a hash of the address is kept.",
                max_length=300,
            ),
        ),
        migrations.RunPython(editors_add_suppressions, editors_stop_adding_suppressions),
    ]
