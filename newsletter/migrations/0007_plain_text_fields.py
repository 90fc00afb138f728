"""Plain-text fields normalise what they store (lordspress.core.fields); rows already stored are
normalised the same way, once."""

from django.db import migrations

import lordspress.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0006_suppression_history_and_lifting"),
    ]

    operations = [
        migrations.AlterField(
            model_name="newsletterissue",
            name="introduction",
            field=lordspress.core.fields.PlainTextField(
                blank=True, help_text="Plain text; separate paragraphs with a blank line."
            ),
        ),
        migrations.AlterField(
            model_name="newsletterissue",
            name="subject",
            field=lordspress.core.fields.SingleLineField(max_length=150),
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="name",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=120),
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="provenance",
            field=lordspress.core.fields.SingleLineField(
                blank=True, help_text="For imports: where the consent was given.", max_length=300
            ),
        ),
        migrations.AlterField(
            model_name="suppression",
            name="lift_reason",
            field=lordspress.core.fields.SingleLineField(
                blank=True, max_length=300, verbose_name="why it was lifted"
            ),
        ),
        migrations.RunPython(
            lordspress.core.fields.normalise_stored_text("newsletter"), migrations.RunPython.noop
        ),
    ]
