"""Remove the one-time link tokens that sessions kept before (``link-token:<purpose>``).

Sessions now keep a stand-in that is no link (``newsletter.links``), but rows written before
still hold the token itself, readable by anyone with the database or a backup (session data
is signed, not encrypted): an unsubscribe token among them works for ever. Each session is
read and, if it holds one, written back without it; the reader stays signed in. A row whose
signature no longer holds (a rotated SECRET_KEY) cannot be read by the site either, so it is
deleted, since its payload may hold a token all the same. Nothing to undo.
"""

from django.conf import settings
from django.core import signing
from django.db import migrations

OLD_KEY_PREFIX = "link-token:"


def forget_link_tokens(apps, schema_editor):
    if "django.contrib.sessions" not in settings.INSTALLED_APPS:
        return
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()  # only its encode/decode: salt and serializer as the site's
    using = schema_editor.connection.alias
    unreadable = []
    for row in Session.objects.using(using).iterator(chunk_size=2000):
        try:  # as SessionStore.decode, which reads any failure as an empty session
            data = signing.loads(row.session_data, salt=store.key_salt, serializer=store.serializer)
        except Exception:
            data = None
        if not isinstance(data, dict):
            unreadable.append(row.pk)
            continue
        kept = {key: value for key, value in data.items() if not key.startswith(OLD_KEY_PREFIX)}
        if kept != data:
            Session.objects.using(using).filter(pk=row.pk).update(session_data=store.encode(kept))
    for start in range(0, len(unreadable), 500):
        Session.objects.using(using).filter(pk__in=unreadable[start : start + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0010_suppression_bounces_from_the_outbox"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget_link_tokens, migrations.RunPython.noop)]
