"""Subscribers' addresses are stored as the mailer delivers them
(lordspress.core.addresses.canonical_email); those already stored are converted once. A duplicate
subscriber (a second spelling of one mailbox) keeps its spelling and is reported."""

from django.db import migrations

import lordspress.core.addresses


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0008_staff_added_suppressions"),
    ]

    operations = [
        migrations.RunPython(
            lordspress.core.addresses.canonicalise_stored_addresses("newsletter"),
            migrations.RunPython.noop,
        ),
    ]
