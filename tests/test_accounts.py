"""Members' accounts: sign-in by password or link, passwords, preferences, data, leaving."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from newsletter.models import SignupConsent, Subscriber, Suppression
from newsletter.selectors import email_hash
from tests import factories
from tests.members import SUBSCRIBE_URL, link_to, signup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, on_commit):
    """A reader who subscribed (newsletter ticked), confirmed and then signed out."""
    on_commit(client.post, SUBSCRIBE_URL, signup_data("member@example.org", newsletter=True))
    on_commit(client.post, link_to("/confirm/"))
    client.post("/accounts/logout/")
    return User.objects.get(email="member@example.org")


def _signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_set_password_link_works_once_then_password_sign_in(client, member, on_commit):
    credentials = next(m for m in mail.outbox if "login credentials" in m.subject)
    path = link_to("/accounts/password/set/", credentials)
    page = client.get(path, follow=True)  # the token moves to the session (newsletter/links.py)
    assert page.redirect_chain == [("/accounts/password/set/", 302)]
    assert page.status_code == 200 and b"Choose a password" in page.content
    response = client.post(
        path, {"new_password1": "Hanover Square 1714", "new_password2": "Hanover Square 1714"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    member.refresh_from_db()
    assert member.check_password("Hanover Square 1714")
    assert client.get(path).status_code == 400  # dead once used

    client.post("/accounts/logout/")
    assert _signed_in_as(client) is None
    response = client.post(
        "/accounts/login/", {"username": "Member@Example.org", "password": "Hanover Square 1714"}
    )
    assert response.status_code == 302
    assert _signed_in_as(client) == member.pk


def test_set_password_links_expire_after_72_hours(client, member):
    credentials = next(m for m in mail.outbox if "login credentials" in m.subject)
    path = link_to("/accounts/password/set/", credentials)
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        assert client.get(path).status_code == 400


def test_sign_in_link_get_changes_nothing_post_signs_in_once(client, member):
    credentials = next(m for m in mail.outbox if "login credentials" in m.subject)
    path = link_to("/accounts/sign-in/", credentials)
    page = client.get(path, follow=True)
    assert page.redirect_chain == [("/accounts/sign-in/", 302)]
    assert b"Sign me in" in page.content and _signed_in_as(client) is None
    assert client.post(path).status_code == 302
    assert _signed_in_as(client) == member.pk
    client.post("/accounts/logout/")
    assert client.post(path).status_code == 400  # single use
    assert _signed_in_as(client) is None


def test_sign_in_links_die_after_15_minutes(client, member):
    credentials = next(m for m in mail.outbox if "login credentials" in m.subject)
    path = link_to("/accounts/sign-in/", credentials)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(path)
    assert response.status_code == 400
    assert b"This link has expired" in response.content


def test_email_me_a_link_answers_the_same_for_everyone(client, member, on_commit):
    factories.UserFactory(email="staff@example.org", is_staff=True)
    answers = []
    for address in ["member@example.org", "stranger@example.org", "staff@example.org"]:
        before = len(mail.outbox)
        response = on_commit(client.post, "/accounts/login/link/", {"email": address})
        answers.append((response.status_code, response["Location"]))
        sent = mail.outbox[before:]
        assert len(sent) == (1 if address == "member@example.org" else 0), address
    assert len(set(answers)) == 1
    assert b"If this address belongs to a member" in client.get(answers[0][1]).content
    assert mail.outbox[-1].subject == "Your Lord’s Press sign-in link"


def test_sign_in_links_are_rate_limited_per_address(client, member, on_commit):
    before = len(mail.outbox)
    for number in range(7):
        on_commit(
            client.post,
            "/accounts/login/link/",
            {"email": "member@example.org"},
            REMOTE_ADDR=f"192.0.2.{number}",
        )
    assert len(mail.outbox) - before == 5


def test_password_login_locks_after_repeated_failures(client, member):
    member.set_password("the right passphrase")
    member.save()
    for _ in range(5):
        client.post("/accounts/login/", {"username": member.email, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": member.email, "password": "the right passphrase"}
    )
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert _signed_in_as(client) is None


def test_logout_is_a_post(client, member):
    client.force_login(member)
    assert client.get("/accounts/logout/").status_code == 405
    assert _signed_in_as(client) == member.pk


def test_forgotten_password_sends_a_link_only_to_members(client, member, on_commit):
    before = len(mail.outbox)
    for address in ["member@example.org", "nobody@example.org"]:
        response = on_commit(client.post, "/accounts/password/reset/", {"email": address})
        assert response["Location"] == "/accounts/password/reset/sent/"
    assert [m.subject for m in mail.outbox[before:]] == ["Choose a new Lord’s Press password"]
    path = link_to("/accounts/password/set/")
    client.post(
        path, {"new_password1": "St James Palace 1531", "new_password2": "St James Palace 1531"}
    )
    member.refresh_from_db()
    assert member.check_password("St James Palace 1531")


def test_password_change_for_a_signed_in_member(client, member):
    member.set_password("an old passphrase here")
    member.save()
    client.force_login(member)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "an old passphrase here",
            "new_password1": "a new passphrase there",
            "new_password2": "a new passphrase there",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a new passphrase there")


def test_account_page_is_private_and_manages_the_newsletter(client, member):
    assert client.get("/accounts/")["Location"].startswith("/accounts/login/")
    client.force_login(member)
    page = client.get("/accounts/")
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    assert b'name="newsletter" checked' in page.content or b"checked" in page.content
    client.post("/accounts/", {})  # box unticked
    subscriber = Subscriber.objects.get(email=member.email)
    assert subscriber.newsletter is False and subscriber.unsubscribed_at is not None
    client.post("/accounts/", {"newsletter": "on"})
    subscriber.refresh_from_db()
    assert subscriber.newsletter is True


def test_members_download_their_data(client, member):
    client.force_login(member)
    response = client.get("/accounts/data/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "member@example.org"
    assert data["subscription"]["newsletter"] is True
    assert data["consents"][0]["form"] == "Newsletter box"
    assert {e["kind"] for e in data["emails"]} >= {
        "newsletter.confirmation",
        "newsletter.credentials",
    }


def test_deleting_an_account_keeps_only_a_hash_and_no_more_mail(client, member, on_commit):
    client.force_login(member)
    assert client.post("/accounts/delete/", {}).status_code == 400  # not confirmed
    response = client.post("/accounts/delete/", {"confirm": "on"})
    assert response["Location"] == "/accounts/deleted/"
    assert not User.objects.filter(email="member@example.org").exists()
    assert not Subscriber.objects.exists() and not SignupConsent.objects.exists()
    assert not OutboundEmail.objects.filter(to="member@example.org").exists()
    assert Suppression.objects.filter(email_hash=email_hash("member@example.org")).exists()

    before = len(mail.outbox)
    on_commit(client.post, "/accounts/login/link/", {"email": "member@example.org"})
    assert len(mail.outbox) == before  # no account, no link
    # Signing up again is the owner's fresh double opt-in (tests/test_suppression.py).
    on_commit(client.post, SUBSCRIBE_URL, signup_data("Member@example.org"))
    assert [m.subject for m in mail.outbox[before:]] == [
        "Please confirm your subscription to Lord’s Press"
    ]
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_one_click_unsubscribe_works_without_cookies_or_csrf_and_get_changes_nothing(member):
    credentials = next(m for m in mail.outbox if "login credentials" in m.subject)
    path = link_to("/newsletter/unsubscribe/", credentials)
    https, mailto = credentials.extra_headers["List-Unsubscribe"].split(", ")
    assert https == f"<https://www.lordspress.example{path}>"
    assert mailto.startswith("<mailto:unsubscribe@lordspress.example?subject=unsubscribe%20")
    mail_reader = Client(enforce_csrf_checks=True)
    page = mail_reader.get(path, follow=True)
    assert page.redirect_chain == [("/newsletter/unsubscribe/", 302)]
    assert b"Unsubscribe from the newsletter" in page.content
    assert Subscriber.objects.get().newsletter is True
    response = mail_reader.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.newsletter is False
    assert User.objects.filter(email="member@example.org", is_active=True).exists()  # stays


def test_every_unsubscribe_link_for_a_reader_is_the_same_whenever_it_is_made(member):
    """The header and the body of one email are built moments apart: they must agree even
    when a second (or a day) passes between them, and links mailed before stay valid."""
    from django.core import signing

    from newsletter.selectors import subscriber_from_unsubscribe_token
    from newsletter.tokens import unsubscribe_token

    subscriber = Subscriber.objects.get()
    with time_machine.travel(timezone.now(), tick=False):
        first = unsubscribe_token(subscriber)
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1), tick=False):
        assert unsubscribe_token(subscriber) == first
    mailed_before = signing.dumps(subscriber.pk, salt="newsletter.unsubscribe", compress=False)
    assert subscriber_from_unsubscribe_token(token=mailed_before) == subscriber
    assert subscriber_from_unsubscribe_token(token=first) == subscriber


def test_a_tampered_unsubscribe_link_changes_nothing(member):
    credentials = next(m for m in mail.outbox if "login credentials" in m.subject)
    path = link_to("/newsletter/unsubscribe/", credentials)
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert Client().post(tampered).status_code == 400
    assert Subscriber.objects.get().newsletter is True
