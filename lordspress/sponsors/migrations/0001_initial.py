"""sponsors's models were the project app's (label ``lordspress``) until issue 9: their tables
stay where they are (``db_table``) and only the migration state and content types move."""

import django.utils.timezone
from django.db import migrations, models

import lordspress.core.dates
import lordspress.core.fields
import lordspress.core.images
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
                    name="Sponsor",
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
                        ("name", lordspress.core.fields.SingleLineField(max_length=120)),
                        (
                            "logo",
                            lordspress.core.images.UploadedImageField(
                                height_field="logo_height",
                                help_text="Resized to at most 480×240 pixels when saved.",
                                upload_to=lordspress.core.images.RandomUploadPath("sponsors"),
                                width_field="logo_width",
                            ),
                        ),
                        (
                            "logo_width",
                            models.PositiveIntegerField(blank=True, editable=False, null=True),
                        ),
                        (
                            "logo_height",
                            models.PositiveIntegerField(blank=True, editable=False, null=True),
                        ),
                        (
                            "url",
                            lordspress.core.fields.WebAddressField(
                                max_length=300, verbose_name="link"
                            ),
                        ),
                        (
                            "tier",
                            models.CharField(
                                choices=[
                                    ("principal", "Principal sponsor"),
                                    ("partner", "Partner"),
                                    ("patron", "Patron"),
                                ],
                                default="partner",
                                max_length=20,
                            ),
                        ),
                        (
                            "active_from",
                            models.DateField(
                                default=django.utils.timezone.localdate,
                                validators=[lordspress.core.dates.validate_editorial_date],
                            ),
                        ),
                        (
                            "active_until",
                            models.DateField(
                                blank=True,
                                help_text="Leave empty for no end.",
                                null=True,
                                validators=[lordspress.core.dates.validate_editorial_date],
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "lordspress_sponsor",
                        "ordering": ["order", "name"],
                        "indexes": [
                            models.Index(
                                fields=["active_from", "active_until"],
                                name="lordspress__active__6c9a1a_idx",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("active_until__isnull", True),
                                    ("active_until__gte", models.F("active_from")),
                                    _connector="OR",
                                ),
                                name="sponsor_active_until_after_from",
                                violation_error_message="“Active until” must not be before “active from”.",
                            )
                        ],
                    },
                ),
            ],
        ),
        adopt_content_types(old_label="lordspress", new_label="sponsors", models=["sponsor"]),
    ]
