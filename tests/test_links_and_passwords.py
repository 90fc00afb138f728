"""A member's emailed links die when their password changes, by any route, or when their
account is switched off (found by the round-3 attack: a "choose a password" link still set
the password after the member had changed it, and a switched-off account's link rewrote
its password). The rule is one check in ``newsletter.tokens.token_usable``: each link keeps a
fingerprint of the password it was made under, as Django's own reset tokens do.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from lordspress.core.models import User
from newsletter.accounts import password_set_with_token, sign_in_with_token
from newsletter.models import EmailToken
from newsletter.selectors import token_check
from newsletter.tokens import TokenError, token_digest, token_mint
from tests import factories

pytestmark = pytest.mark.django_db

NEW = "Hanover Square 1714"
LINKS = {
    EmailToken.Purpose.SET_PASSWORD: "/accounts/password/set/",
    EmailToken.Purpose.SIGN_IN: "/accounts/sign-in/",
}


def _links(user) -> dict:
    return {
        purpose: token_mint(purpose=purpose, lifetime=timedelta(hours=72), user=user)
        for purpose in LINKS
    }


def _by_member_form(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "correct horse battery", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302


def _by_admin_form(client, member):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/lordspress/user/{member.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:2000]


def _by_another_link(client, member):
    raw = token_mint(
        purpose=EmailToken.Purpose.SET_PASSWORD, lifetime=timedelta(hours=1), user=member
    )
    password_set_with_token(token_digest=token_digest(raw), password=NEW)


def _by_command(client, member):
    member.set_password(NEW)  # what `manage.py changepassword` and the shell do
    member.save()


ROUTES = {
    "the member's own form": _by_member_form,
    "the admin's password form": _by_admin_form,
    "another set-password link": _by_another_link,
    "set_password() and save()": _by_command,
}


@pytest.mark.parametrize("route", ROUTES)
def test_a_new_password_by_any_route_ends_the_links_made_before(client, route):
    member = factories.UserFactory(email="member@example.org")
    links = _links(member)
    ROUTES[route](client, member)
    member.refresh_from_db()
    assert member.check_password(NEW)
    for purpose, raw in links.items():
        with pytest.raises(TokenError) as refused:
            token_check(digest=token_digest(raw), purpose=purpose)
        assert refused.value.reason == "password-changed", purpose
    with pytest.raises(TokenError):
        password_set_with_token(token_digest=token_digest(links["set_password"]), password="x")
    with pytest.raises(TokenError):
        sign_in_with_token(token_digest=token_digest(links["sign_in"]))
    member.refresh_from_db()
    assert member.check_password(NEW)  # the old link changed nothing


def test_links_made_after_the_new_password_work(client):
    member = factories.UserFactory(email="member@example.org")
    _by_member_form(client, member)
    member.refresh_from_db()
    for purpose, raw in _links(member).items():
        assert token_check(digest=token_digest(raw), purpose=purpose).user == member


def test_an_old_link_in_the_browser_shows_the_expired_page_and_sets_nothing(client):
    member = factories.UserFactory(email="member@example.org")
    raw = _links(member)[EmailToken.Purpose.SET_PASSWORD]
    _by_command(client, member)
    page = client.get(f"/accounts/password/set/{raw}/", follow=True)
    assert page.status_code == 400
    assert "Your password has changed since this email was sent" in page.content.decode()
    client.post(
        "/accounts/password/set/", {"new_password1": "x y z 12345", "new_password2": "x y z 12345"}
    )
    member.refresh_from_db()
    assert member.check_password(NEW)


def test_a_switched_off_account_s_links_do_nothing(client):
    member = factories.UserFactory(email="member@example.org")
    links = _links(member)
    User.objects.filter(pk=member.pk).update(is_active=False)
    for purpose, raw in links.items():
        with pytest.raises(TokenError):
            token_check(digest=token_digest(raw), purpose=purpose)
    client.get(f"/accounts/password/set/{links['set_password']}/", follow=True)
    client.post("/accounts/password/set/", {"new_password1": NEW, "new_password2": NEW})
    member.refresh_from_db()
    assert member.check_password("correct horse battery")
    assert not member.check_password(NEW)


def test_changepassword_command_ends_the_links(monkeypatch):
    """``manage.py changepassword`` asks for the password twice at the terminal."""
    member = factories.UserFactory(email="member@example.org")
    links = _links(member)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    call_command("changepassword", member.email, stdout=io.StringIO())
    for purpose, raw in links.items():
        with pytest.raises(TokenError):
            token_check(digest=token_digest(raw), purpose=purpose)


def test_links_made_before_fingerprints_still_end_when_a_link_sets_the_password():
    """Rows from before migration 0013 have no fingerprint; setting a password by link ends
    the other password links among them, as it always did."""
    member = factories.UserFactory(email="member@example.org")
    older = _links(member)[EmailToken.Purpose.SET_PASSWORD]
    EmailToken.objects.update(password_fingerprint="")
    _by_another_link(None, member)
    with pytest.raises(TokenError) as refused:
        token_check(digest=token_digest(older), purpose=EmailToken.Purpose.SET_PASSWORD)
    assert refused.value.reason == "expired"
