"""outbox's models were the project app's (label ``lordspress``) until issue 9: their tables
stay where they are (``db_table``) and only the migration state and content types move."""

import django.utils.timezone
from django.db import migrations, models

import lordspress.core.addresses
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
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboundEmail",
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
                        ("kind", models.CharField(max_length=60)),
                        ("to", lordspress.core.addresses.MailableEmailField(max_length=254)),
                        (
                            "priority",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (0, "Transactional"),
                                    (5, "Editorial"),
                                    (10, "Newsletter"),
                                ],
                                default=0,
                            ),
                        ),
                        ("context", models.JSONField(blank=True, default=dict)),
                        (
                            "dedupe_key",
                            models.CharField(blank=True, max_length=200, null=True, unique=True),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("sending", "Sending"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                    ("cancelled", "Not needed any more"),
                                ],
                                default="pending",
                                max_length=12,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        (
                            "next_attempt_at",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                        ("lease_until", models.DateTimeField(blank=True, null=True)),
                        ("claimed_by", models.CharField(blank=True, max_length=40)),
                        ("last_error", lordspress.core.fields.PlainTextField(blank=True)),
                        ("message_id", models.CharField(blank=True, max_length=250)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "outgoing email",
                        "db_table": "lordspress_outboundemail",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["status", "priority", "next_attempt_at"], name="outbox_due"
                            ),
                            models.Index(fields=["to"], name="outbox_to"),
                        ],
                    },
                ),
            ],
        ),
        adopt_content_types(old_label="lordspress", new_label="outbox", models=["outboundemail"]),
    ]
