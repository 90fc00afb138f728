"""Addresses are stored as the mailer delivers them (lordspress.core.addresses.canonical_email);
accounts, outgoing emails and the contact address already stored are converted once. A
duplicate account (a second spelling of one mailbox) keeps its spelling and is reported."""

from django.db import migrations

import lordspress.core.addresses


class Migration(migrations.Migration):
    dependencies = [
        ("lordspress", "0012_web_address_fields"),
    ]

    operations = [
        migrations.RunPython(
            lordspress.core.addresses.canonicalise_stored_addresses("lordspress"),
            migrations.RunPython.noop,
        ),
    ]
