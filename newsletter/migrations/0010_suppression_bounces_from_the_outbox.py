"""Suppressions are also made by the outbox, for a hard bounce (no staff member): the help
text of ``created_by`` says so. No data changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0009_canonical_email_addresses"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="suppression",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The staff member who added it; empty when an account's deletion or the mail server's refusal (a hard bounce) made it.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
