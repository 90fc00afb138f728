"""Old addresses of sections, section feeds, static pages and bylines (lordspress.core.models.OldAddress)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lordspress", "0014_anchored_patterns_end_at_the_end"),
    ]

    operations = [
        migrations.CreateModel(
            name="OldAddress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("old_path", models.CharField(max_length=300, unique=True)),
                ("object_id", models.PositiveBigIntegerField()),
                ("kind", models.CharField(max_length=40)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "verbose_name": "old address",
                "verbose_name_plural": "old addresses",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["content_type", "object_id"], name="oldaddress_target")
                ],
            },
        ),
    ]
