"""Plain-text fields normalise what they store (lordspress.core.fields); rows already stored are
normalised the same way, once."""

from django.db import migrations

import lordspress.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_image_uploaded_image_field"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="headline",
            field=lordspress.core.fields.SingleLineField(max_length=200),
        ),
        migrations.AlterField(
            model_name="article",
            name="image_alt",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="What the image shows, for readers who cannot see it.",
                max_length=250,
                verbose_name="image description",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="image_caption",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="article",
            name="image_credit",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="For example “Portrait of …, painted circa 1790 by …”.",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="meta_description",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="For search engines and sharing; defaults to the standfirst.",
                max_length=300,
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="standfirst",
            field=lordspress.core.fields.SingleLineField(
                help_text="The summary under the headline, shown in lists and feeds.",
                max_length=400,
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="description",
            field=lordspress.core.fields.PlainTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="category",
            name="name",
            field=lordspress.core.fields.SingleLineField(max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name="correction",
            name="text",
            field=lordspress.core.fields.PlainTextField(),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="headline",
            field=lordspress.core.fields.SingleLineField(max_length=200),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="image_alt",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="What the image shows, for readers who cannot see it.",
                max_length=250,
                verbose_name="image description",
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="image_caption",
            field=lordspress.core.fields.SingleLineField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="image_credit",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="For example “Portrait of …, painted circa 1790 by …”.",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="meta_description",
            field=lordspress.core.fields.SingleLineField(
                blank=True,
                help_text="For search engines and sharing; defaults to the standfirst.",
                max_length=300,
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="standfirst",
            field=lordspress.core.fields.SingleLineField(
                help_text="The summary under the headline, shown in lists and feeds.",
                max_length=400,
            ),
        ),
        migrations.RunPython(
            lordspress.core.fields.normalise_stored_text("articles", skip=("HistoricalArticle",)),
            migrations.RunPython.noop,
        ),
    ]
