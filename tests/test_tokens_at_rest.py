"""No emailed token waits at rest: not in the session table, the database or the cache.

The kind: a one-time link's token stored as it was mailed, where whoever reads the database,
a backup or the cache could copy it into a link that works from any browser. Sessions kept
the token itself (``link-token:<purpose>``); now they keep a stand-in that is no link
(``newsletter.links``). ``EmailToken`` stores a SHA-256, the outbox ids (it mints the tokens
as it sends). The sent email necessarily carries the link: that is its job, and it is not
stored here.

Held by walking every token route of the URLconf (``tests.test_token_logs.TOKEN_ROUTES``): each
is followed from the email the site really sends, every way a browser or a mail reader
uses it, and after every request everything at rest (every row of every model, each session
as the site decodes it, every cache entry) is searched for every token mailed so far, or half
of one, in any letter case, as written or percent-decoded.
"""

from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail, signing
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from newsletter.links import SESSION_KEY
from newsletter.models import Subscriber
from tests.members import SUBSCRIBE_URL, links_in, signup_data
from tests.test_token_logs import TOKEN_ROUTES
from tests.token_spellings import carries

pytestmark = pytest.mark.django_db

PURPOSES = {name: view.one_time_link for name, view in TOKEN_ROUTES}
# What each link's page posts (the others post nothing but the button).
POSTED = {
    "accounts:set-password": {
        "new_password1": "Hanover Square 1714",
        "new_password2": "Hanover Square 1714",
    }
}
# Longer than every link and every stand-in lives (set-password: 72 hours).
AFTER_EVERY_LIFETIME = timedelta(hours=72, minutes=1)


def _stored_text() -> str:
    """Everything at rest, as text: every row of every model (every stored field), every
    session's data as the site decodes it, and every entry (key and pickled value) of each
    local-memory cache."""
    parts = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        parts += map(repr, model._base_manager.values_list(*fields))
    parts += (repr(session.get_decoded()) for session in Session.objects.all())
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, LocMemCache):
            for key, value in list(cache._cache.items()):
                parts += [key, value.decode("latin-1")]  # pickled: a str is in it as UTF-8
    return "\n".join(parts)


def _assert_at_rest_without(tokens: set[str], after: str) -> None:
    assert tokens, "no token was mailed: the search would find nothing"
    stored = _stored_text()
    for token in tokens:
        assert not carries(stored, token), f"a token is at rest after {after}"


def _token_links(messages) -> dict[str, str]:
    """{route name: path} of the token links in ``messages`` (the last of each route)."""
    found = {}
    for message in messages:
        for link in links_in(message):
            path = "/" + link.split("://", 1)[1].split("/", 1)[1]
            match = resolve(path.split("?")[0])
            if "token" in match.kwargs:
                found[match.view_name] = path
    return found


def _mailed_tokens() -> set[str]:
    return {
        resolve(path).kwargs["token"]
        for message in mail.outbox
        for path in _token_links([message]).values()
    }


@pytest.fixture
def emailed(client, on_commit):
    """A reader subscribes (with the newsletter): {route name: the link they were mailed},
    for the confirmation email, then (once confirmed, in another browser) the credentials
    email; and ``confirm`` for what confirming takes."""
    on_commit(client.post, SUBSCRIBE_URL, signup_data("reader@example.org", newsletter=True))
    links = _token_links(mail.outbox)
    assert set(links) == {"newsletter:confirm"}, links

    def confirm():
        on_commit(Client().post, links["newsletter:confirm"])
        links.update(_token_links(mail.outbox[1:]))

    return SimpleNamespace(links=links, confirm=confirm)


def _follow(name: str, emailed, on_commit) -> set[str]:
    """The link of route ``name`` as it is mailed; returns the tokens mailed so far."""
    if name != "newsletter:confirm":
        emailed.confirm()
    assert name in emailed.links, f"no email carries a {name} link: add its flow here"
    return _mailed_tokens()


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_following_a_link_leaves_no_token_at_rest(name, emailed, on_commit):
    """GET of the emailed address (the stand-in goes to the session), the token-free page,
    its form; each step searched."""
    tokens = _follow(name, emailed, on_commit)
    browser = Client()
    response = browser.get(emailed.links[name])
    assert response.status_code == 302
    assert SESSION_KEY.format(purpose=PURPOSES[name]) in browser.session
    _assert_at_rest_without(tokens, f"GET {name}")
    page = response["Location"]
    assert browser.get(page).status_code == 200
    _assert_at_rest_without(tokens, f"GET {page}")
    response = on_commit(browser.post, page, POSTED.get(name, {}))
    assert response.status_code in {200, 302}, response.status_code
    _assert_at_rest_without(tokens | _mailed_tokens(), f"POST {page}")


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_posting_to_a_link_leaves_no_token_at_rest(name, emailed, on_commit):
    """POST straight to the emailed address (a mail reader's one-click unsubscribe, RFC 8058;
    the other links answer it too), after a GET that kept its stand-in in the session."""
    tokens = _follow(name, emailed, on_commit)
    browser = Client()
    browser.get(emailed.links[name])
    response = on_commit(browser.post, emailed.links[name], POSTED.get(name, {}))
    assert response.status_code in {200, 302}, response.status_code
    _assert_at_rest_without(tokens | _mailed_tokens(), f"POST {name}")


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_what_the_session_keeps_is_no_link(name, emailed, on_commit):
    """The session's stand-in, copied into the address, opens nothing (no session, the
    "link cannot be used" page), and is not the token."""
    tokens = _follow(name, emailed, on_commit)
    browser = Client()
    browser.get(emailed.links[name])
    kept = browser.session[SESSION_KEY.format(purpose=PURPOSES[name])]
    assert kept and not any(carries(kept, token) for token in tokens)
    stranger = Client()
    response = stranger.get(reverse(name, kwargs={"token": kept}))
    assert response.status_code == 400
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("name", sorted(PURPOSES))
def test_what_the_session_keeps_lapses(name, emailed, on_commit):
    """Kept past the link's life (the unsubscribe link, which never expires, gets a day), the
    token-free page says the link has expired, and its form does nothing."""
    _follow(name, emailed, on_commit)
    browser = Client()
    page = browser.get(emailed.links[name])["Location"]
    with time_machine.travel(timezone.now() + AFTER_EVERY_LIFETIME):
        response = browser.get(page)
        assert response.status_code == 400 and b"expired" in response.content
        assert browser.post(page, POSTED.get(name, {})).status_code == 400
    assert Subscriber.objects.filter(unsubscribed_at__isnull=False).count() == 0


def test_sessions_written_before_lose_their_tokens():
    """The migration: a session that kept a token (``link-token:<purpose>``) keeps the rest
    (the reader stays signed in); one whose signature no longer holds, which the site reads
    as empty, is deleted, as its payload may hold a token all the same."""
    migration = import_module("newsletter.migrations.0011_sessions_keep_no_link_token")
    token = signing.Signer(salt="newsletter.unsubscribe").sign_object(7)
    store = SessionStore()
    store.update({"link-token:unsubscribe": token, "_auth_user_id": "7", "other": "kept"})
    store.create()
    forged = signing.dumps(
        {"link-token:sign-in": token}, key="a rotated key", salt=store.key_salt, compress=True
    )
    Session.objects.create(
        session_key="x" * 32, session_data=forged, expire_date=timezone.now() + timedelta(1)
    )
    untouched = SessionStore()
    untouched.update({"_auth_user_id": "8"})
    untouched.create()
    before = Session.objects.get(pk=untouched.session_key).session_data

    migration.forget_link_tokens(apps, SimpleNamespace(connection=connection))

    assert SessionStore(store.session_key).load() == {"_auth_user_id": "7", "other": "kept"}
    assert not Session.objects.filter(pk="x" * 32).exists()
    assert Session.objects.get(pk=untouched.session_key).session_data == before
    assert token not in _stored_text()
