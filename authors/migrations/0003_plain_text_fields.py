"""Plain-text fields normalise what they store (lordspress.core.fields); rows already stored are
normalised the same way, once."""

from django.db import migrations

import lordspress.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0002_author_portrait_uploaded_image_field"),
    ]

    operations = [
        migrations.AlterField(
            model_name="author",
            name="bio",
            field=lordspress.core.fields.PlainTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="author",
            name="name",
            field=lordspress.core.fields.SingleLineField(
                help_text="As printed: “J.R.”.", max_length=120, unique=True
            ),
        ),
        migrations.RunPython(
            lordspress.core.fields.normalise_stored_text("authors"), migrations.RunPython.noop
        ),
    ]
