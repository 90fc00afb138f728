"""The Writers and Editors groups.

Writers draft and submit for review; they can neither publish nor add corrections (the admin
also limits them to their own unpublished articles). Editors edit everything editorial,
publish, schedule and correct. Permissions are created here first because Django normally
creates them only after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = {
    "articles": ["add_article", "change_article", "view_article", "view_category"],
    "authors": ["view_author"],
}
EDITORS = {
    "articles": [
        "add_article", "change_article", "delete_article", "view_article", "publish_article",
        "add_category", "change_category", "view_category",
        "add_correction", "change_correction", "delete_correction", "view_correction",
        "add_articleredirect", "change_articleredirect", "delete_articleredirect",
        "view_articleredirect",
    ],
    "authors": ["add_author", "change_author", "view_author"],
    "lordspress": [
        "change_sitesettings", "view_sitesettings",
        "add_sociallink", "change_sociallink", "delete_sociallink", "view_sociallink",
        "add_sponsor", "change_sponsor", "delete_sponsor", "view_sponsor",
        "add_page", "change_page", "view_page",
    ],
}  # fmt: skip


def _permissions(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codenames in spec.items():
        for codename in codenames:
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return found


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, spec in (("Writers", WRITERS), ("Editors", EDITORS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, spec))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_vector_postgresql"),
        ("authors", "0001_initial"),
        ("lordspress", "0002_site_settings_row"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
