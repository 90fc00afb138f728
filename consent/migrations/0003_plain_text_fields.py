"""Plain-text fields normalise what they store (lordspress.core.fields); rows already stored are
normalised the same way, once."""

from django.db import migrations

import lordspress.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0002_seed_registry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="description",
            field=lordspress.core.fields.PlainTextField(
                help_text="Shown in the cookie settings and on the Cookie Policy page: what these cookies do for the reader, in plain words."
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="name",
            field=lordspress.core.fields.SingleLineField(max_length=80),
        ),
        migrations.AlterField(
            model_name="cookie",
            name="duration",
            field=lordspress.core.fields.SingleLineField(
                help_text="How long it is kept, for example “6 months” or “Session”.", max_length=80
            ),
        ),
        migrations.AlterField(
            model_name="cookie",
            name="justification",
            field=lordspress.core.fields.PlainTextField(
                blank=True,
                help_text="Required for strictly necessary entries: why the site cannot work without it (consent is not asked for these).",
            ),
        ),
        migrations.AlterField(
            model_name="cookie",
            name="provider",
            field=lordspress.core.fields.SingleLineField(max_length=120),
        ),
        migrations.AlterField(
            model_name="cookie",
            name="purpose",
            field=lordspress.core.fields.PlainTextField(),
        ),
        migrations.AlterField(
            model_name="policyversion",
            name="banner_text",
            field=lordspress.core.fields.PlainTextField(
                help_text="The short text on the banner: name the purposes in plain words. A link to the Cookie Policy follows it."
            ),
        ),
        migrations.AlterField(
            model_name="policyversion",
            name="change_note",
            field=lordspress.core.fields.PlainTextField(
                blank=True,
                help_text="For the record (not shown to readers): why this version was published.",
                verbose_name="what changed",
            ),
        ),
        migrations.AlterField(
            model_name="service",
            name="name",
            field=lordspress.core.fields.SingleLineField(max_length=120),
        ),
        migrations.AlterField(
            model_name="service",
            name="provider",
            field=lordspress.core.fields.SingleLineField(
                help_text="The company or body responsible.", max_length=120
            ),
        ),
        migrations.AlterField(
            model_name="service",
            name="purpose",
            field=lordspress.core.fields.PlainTextField(
                help_text="What the service does with the reader's data."
            ),
        ),
        migrations.RunPython(
            lordspress.core.fields.normalise_stored_text("consent", skip=("PolicyVersion",)),
            migrations.RunPython.noop,
        ),
    ]
