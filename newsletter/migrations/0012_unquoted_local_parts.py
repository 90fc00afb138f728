"""A quoted local part that can be written plainly is now stored plainly
(``"victim"@example.com`` is ``victim@example.com``: lordspress.core.addresses, step 4), so the
addresses already stored are converted once, in both apps, as 0009 (and lordspress 0013) did
for other spellings; a duplicate keeps its spelling and is reported.

First, a suppression keyed on the hash of such a spelling (staff suppressed the quoted form,
or an account stored under it was deleted) is re-keyed to the plain address's hash while
that spelling is still stored somewhere to say which mailbox it was; where the plain address
is already suppressed the row is left as it is (the mailbox stays blocked either way).
One migration, in this app, so that re-keying runs before the accounts' addresses change.
"""

import hashlib

from django.db import migrations

import lordspress.core.addresses

STORED = (("lordspress", "User", "email"), ("lordspress", "OutboundEmail", "to"))


def rekey_suppressions(apps, schema_editor) -> None:
    from django.db import IntegrityError, transaction

    alias = schema_editor.connection.alias
    suppressions = apps.get_model("newsletter", "Suppression")._base_manager.using(alias)
    stored: set[str] = set()
    for app_label, model_name, field in (*STORED, ("newsletter", "Subscriber", "email")):
        rows = apps.get_model(app_label, model_name)._base_manager.using(alias)
        stored.update(rows.values_list(field, flat=True))
    for value in sorted(filter(None, stored)):
        canonical = lordspress.core.addresses.canonical_email(value)
        if canonical == value:
            continue
        old = hashlib.sha256(value.encode()).hexdigest()
        new = hashlib.sha256(canonical.encode()).hexdigest()
        for pk in suppressions.filter(email_hash=old).values_list("pk", flat=True):
            try:
                with transaction.atomic(using=alias):
                    suppressions.filter(pk=pk).update(email_hash=new)
            except IntegrityError:  # the plain address is suppressed already
                pass


class Migration(migrations.Migration):
    dependencies = [
        ("lordspress", "0014_anchored_patterns_end_at_the_end"),
        ("newsletter", "0011_sessions_keep_no_link_token"),
    ]

    operations = [
        migrations.RunPython(rekey_suppressions, migrations.RunPython.noop),
        migrations.RunPython(
            lordspress.core.addresses.canonicalise_stored_addresses("lordspress"),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            lordspress.core.addresses.canonicalise_stored_addresses("newsletter"),
            migrations.RunPython.noop,
        ),
    ]
