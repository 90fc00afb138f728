"""Plain-text fields normalise what they store (lordspress.core.fields); rows already stored are
normalised the same way, once."""

from django.db import migrations

import lordspress.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("lordspress", "0009_sponsor_logo_uploaded_image_field"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalpage",
            name="meta_description",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="historicalpage",
            name="title",
            field=lordspress.core.fields.SingleLineField(max_length=200),
        ),
        migrations.AlterField(
            model_name="outboundemail",
            name="last_error",
            field=lordspress.core.fields.PlainTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="page",
            name="meta_description",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="page",
            name="title",
            field=lordspress.core.fields.SingleLineField(max_length=200),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="masthead_location",
            field=lordspress.core.fields.SingleLineField(default="London, UK", max_length=80),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="newsletter_heading",
            field=lordspress.core.fields.SingleLineField(default="Newsletter", max_length=80),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="newsletter_text",
            field=lordspress.core.fields.PlainTextField(
                default="Subscribe to receive your complimentary login credentials and unlock full access to all features and stories from Lord’s Press.\n\nAs a journal of record, Lord’s Press remains freely accessible—thanks to the enduring support of our distinguished partners and patrons. Subscribing ensures uninterrupted access to our archives, special reports, and exclusive notices.",
                help_text="Shown in the newsletter box on every page. Separate paragraphs with a blank line.",
            ),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="postal_address",
            field=lordspress.core.fields.PlainTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="sponsors_heading",
            field=lordspress.core.fields.SingleLineField(
                default="LP is free thanks to our Sponsors", max_length=80
            ),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="tagline",
            field=lordspress.core.fields.SingleLineField(
                default="A journal of record on European nobility, diplomacy, protocol and heraldry",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="sociallink",
            name="label",
            field=lordspress.core.fields.SingleLineField(
                help_text="For example X, LinkedIn, Instagram.", max_length=40
            ),
        ),
        migrations.AlterField(
            model_name="sponsor",
            name="name",
            field=lordspress.core.fields.SingleLineField(max_length=120),
        ),
        migrations.AlterField(
            model_name="user",
            name="full_name",
            field=lordspress.core.fields.SingleLineField(
                blank=True, help_text="Private; never shown on the site.", max_length=150
            ),
        ),
        migrations.AlterField(
            model_name="weatherreading",
            name="condition",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name="weatherreading",
            name="last_error",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="weatherreading",
            name="location",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=80),
        ),
        migrations.RunPython(
            lordspress.core.fields.normalise_stored_text("lordspress", skip=("HistoricalPage",)),
            migrations.RunPython.noop,
        ),
    ]
