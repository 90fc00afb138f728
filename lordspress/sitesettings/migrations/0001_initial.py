"""sitesettings's models were the project app's (label ``lordspress``) until issue 9: their tables
stay where they are (``db_table``) and only the migration state and content types move."""

import django.core.validators
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
                    name="SiteSettings",
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
                        (
                            "masthead_location",
                            lordspress.core.fields.SingleLineField(
                                default="London, UK", max_length=80
                            ),
                        ),
                        (
                            "tagline",
                            lordspress.core.fields.SingleLineField(
                                default="A journal of record on European nobility, diplomacy, protocol and heraldry",
                                max_length=200,
                            ),
                        ),
                        ("postal_address", lordspress.core.fields.PlainTextField(blank=True)),
                        (
                            "contact_email",
                            lordspress.core.addresses.MailableEmailField(
                                blank=True, max_length=254
                            ),
                        ),
                        (
                            "newsletter_heading",
                            lordspress.core.fields.SingleLineField(
                                default="Newsletter", max_length=80
                            ),
                        ),
                        (
                            "newsletter_text",
                            lordspress.core.fields.PlainTextField(
                                default="Subscribe to receive your complimentary login credentials and unlock full access to all features and stories from Lord’s Press.\n\nAs a journal of record, Lord’s Press remains freely accessible—thanks to the enduring support of our distinguished partners and patrons. Subscribing ensures uninterrupted access to our archives, special reports, and exclusive notices.",
                                help_text="Shown in the newsletter box on every page. Separate paragraphs with a blank line.",
                            ),
                        ),
                        (
                            "sponsors_heading",
                            lordspress.core.fields.SingleLineField(
                                default="LP is free thanks to our Sponsors", max_length=80
                            ),
                        ),
                        (
                            "google_tag_id",
                            models.CharField(
                                blank=True,
                                help_text="Optional. Loaded only for readers who allow it, after Google's consent signals have been set to denied. Declare it first in the cookie registry (a service with the key google-tag, with its cookies) and publish a policy version.",
                                max_length=30,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^(G|GT|AW|DC)-[A-Z0-9]{4,20}\\Z",
                                        "A Google tag ID looks like G-XXXXXXXXXX (or GT-, AW-, DC-).",
                                    )
                                ],
                                verbose_name="Google tag ID",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "site settings",
                        "verbose_name_plural": "site settings",
                        "db_table": "lordspress_sitesettings",
                        "ordering": ["pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("pk", 1)), name="site_settings_single_row"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SocialLink",
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
                        (
                            "label",
                            lordspress.core.fields.SingleLineField(
                                help_text="For example X, LinkedIn, Instagram.", max_length=40
                            ),
                        ),
                        (
                            "url",
                            lordspress.core.fields.WebAddressField(
                                max_length=300, verbose_name="address"
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "lordspress_sociallink",
                        "ordering": ["order", "label"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("label",), name="social_link_label_unique"
                            )
                        ],
                    },
                ),
            ],
        ),
        adopt_content_types(
            old_label="lordspress", new_label="sitesettings", models=["sitesettings", "sociallink"]
        ),
    ]
