"""Whenever a reader's session changes (signing in or out by any route), the browser is told
to empty its cache of this site, so it never shows the teaser it kept from before signing in,
nor a member's page after signing out.

Anonymous pages are ``Cache-Control: public`` for ``PUBLIC_CACHE_SECONDS`` and do not vary on
Cookie, so without ``Clear-Site-Data: "cache"`` a new member would go on seeing the kept
teaser. Every route that calls Django's ``login()`` or ``logout()`` is driven here, and the
test checks each did change who is signed in, so a route that stops doing so (or a new one
added to the list) is noticed. tests/browser/test_cache_after_sign_in.py shows it in Chromium.
"""

import pytest
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core import mail

from lordspress.core.models import User
from tests import factories
from tests.members import SUBSCRIBE_URL, link_to, signup_data

pytestmark = pytest.mark.django_db

CLEAR_CACHE = '"cache"'


@pytest.fixture
def changes():
    """The sign-ins and sign-outs Django reports while a test runs."""
    seen = []

    def record(sender, **kwargs):
        seen.append("in" if kwargs.get("signal") is user_logged_in else "out")

    user_logged_in.connect(record, dispatch_uid="test-session-changes-in")
    user_logged_out.connect(record, dispatch_uid="test-session-changes-out")
    yield seen
    user_logged_in.disconnect(dispatch_uid="test-session-changes-in")
    user_logged_out.disconnect(dispatch_uid="test-session-changes-out")


@pytest.fixture
def member(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("member@example.org", newsletter=True))
    on_commit(client.post, link_to("/confirm/"))
    client.post("/accounts/logout/")
    return User.objects.get(email="member@example.org")


def _credentials_link(path_part):
    credentials = next(m for m in mail.outbox if "login credentials" in m.subject)
    return link_to(path_part, credentials)


def _confirm(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("newcomer@example.org", newsletter=True))
    path = link_to("/confirm/")
    client.get(path)
    return on_commit(client.post, path)


def _password(client, member):
    member.set_password("Hanover Square 1714")
    member.save()
    return client.post(
        "/accounts/login/", {"username": member.email, "password": "Hanover Square 1714"}
    )


def _sign_in_link(client, member):
    path = _credentials_link("/accounts/sign-in/")
    client.get(path, follow=True)  # the token moves to the session first
    return client.post(path)


def _set_password_link(client, member):
    path = _credentials_link("/accounts/password/set/")
    client.get(path, follow=True)
    return client.post(
        path, {"new_password1": "Hanover Square 1714", "new_password2": "Hanover Square 1714"}
    )


def _sign_out(client, member):
    client.force_login(member)
    return client.post("/accounts/logout/")


def _delete_account(client, member):
    client.force_login(member)
    return client.post("/accounts/delete/", {"confirm": "on"})


def _admin_sign_in(client, member):
    factories.UserFactory(email="editor@example.org", is_staff=True)
    return client.post(
        "/admin/login/", {"username": "editor@example.org", "password": "correct horse battery"}
    )


def _admin_sign_out(client, member):
    client.force_login(factories.UserFactory(email="editor@example.org", is_staff=True))
    return client.post("/admin/logout/")


ROUTES = {
    "password sign-in": (_password, "in"),
    "sign-in link": (_sign_in_link, "in"),
    "set-password link": (_set_password_link, "in"),
    "sign out": (_sign_out, "out"),
    "account deleted": (_delete_account, "out"),
    "admin sign-in": (_admin_sign_in, "in"),
    "admin sign-out": (_admin_sign_out, "out"),
}


@pytest.mark.parametrize("name", ROUTES)
def test_every_sign_in_and_sign_out_empties_the_browser_cache(client, member, changes, name):
    route, change = ROUTES[name]
    changes.clear()
    response = route(client, member)
    assert changes[-1:] == [change], f"{name} did not sign anyone {change}"
    assert response.get("Clear-Site-Data") == CLEAR_CACHE, name


def test_confirming_a_subscription_signs_in_and_empties_the_browser_cache(
    client, changes, on_commit
):
    response = _confirm(client, on_commit)
    assert changes == ["in"]
    assert response.get("Clear-Site-Data") == CLEAR_CACHE


def test_pages_that_change_no_session_leave_the_cache_alone(client, member):
    article = factories.ArticleFactory()
    assert not client.get(article.get_absolute_url()).has_header("Clear-Site-Data")
    client.force_login(member)
    assert not client.get(article.get_absolute_url()).has_header("Clear-Site-Data")
    assert not client.get("/accounts/").has_header("Clear-Site-Data")
