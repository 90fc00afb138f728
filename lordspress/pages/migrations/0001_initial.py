"""pages's models were the project app's (label ``lordspress``) until issue 9: their tables
stay where they are (``db_table``) and only the migration state and content types move."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import lordspress.core.fields
from lordspress.core.moves import adopt_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("lordspress", "0015_old_addresses"),
        ("contenttypes", "0002_remove_content_type_name"),
        # After the last migrations that read these models or their permissions under the
        # old label.
        ("articles", "0003_editorial_groups"),
        ("newsletter", "0012_unquoted_local_parts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalPage",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("title", lordspress.core.fields.SingleLineField(max_length=200)),
                        ("slug", models.SlugField(max_length=80)),
                        ("body", lordspress.core.fields.SanitizedRichTextField()),
                        (
                            "meta_description",
                            lordspress.core.fields.SingleLineField(blank=True, max_length=300),
                        ),
                        ("show_in_footer", models.BooleanField(default=True)),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        ("updated_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical page",
                        "verbose_name_plural": "historical pages",
                        "db_table": "lordspress_historicalpage",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Page",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", lordspress.core.fields.SingleLineField(max_length=200)),
                        ("slug", models.SlugField(max_length=80, unique=True)),
                        ("body", lordspress.core.fields.SanitizedRichTextField()),
                        (
                            "meta_description",
                            lordspress.core.fields.SingleLineField(blank=True, max_length=300),
                        ),
                        ("show_in_footer", models.BooleanField(default=True)),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "lordspress_page",
                        "ordering": ["order", "title"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "slug__in",
                                        (
                                            "accounts",
                                            "admin",
                                            "api",
                                            "archive",
                                            "authors",
                                            "ckeditor",
                                            "cookies",
                                            "feed",
                                            "media",
                                            "newsletter",
                                            "preview",
                                            "robots",
                                            "search",
                                            "sitemap",
                                            "static",
                                        ),
                                    ),
                                    _negated=True,
                                ),
                                name="page_slug_not_reserved",
                                violation_error_message="This address is used by the site itself.",
                            )
                        ],
                    },
                ),
            ],
        ),
        adopt_content_types(
            old_label="lordspress", new_label="pages", models=["page", "historicalpage"]
        ),
    ]
