"""Signup with double opt-in: neutral answers, hashed one-time links, one account, one email."""

import hashlib
import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone

from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from newsletter.forms import _STARTED_SALT, MAX_FORM_AGE
from newsletter.models import EmailToken, SignupConsent, Subscriber
from tests import factories
from tests.members import SUBSCRIBE_URL, frozen_clock, link_to, signup_data, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy_page():
    return factories.PageFactory(title="Privacy Policy", slug="privacy-policy")


def test_every_page_carries_the_signup_form_without_a_cookie(client):
    response = client.get("/")
    html = response.content.decode()
    assert 'action="/newsletter/subscribe/"' in html
    assert "Send me the Lord’s Press newsletter" in html
    assert 'type="checkbox" name="newsletter">' in html  # unticked
    assert 'href="/privacy-policy/"' in html
    assert 'name="website"' in html  # the honeypot
    assert not response.cookies and "csrfmiddlewaretoken" not in html
    assert client.get("/newsletter/").status_code == 200


def test_signup_stores_a_pending_subscriber_consent_and_a_queued_email_but_sends_nothing(
    client, privacy_page
):
    response = client.post(
        SUBSCRIBE_URL,
        signup_data(" Lady.Agatha@Example.ORG ", name="Agatha", newsletter=True),
        REMOTE_ADDR="203.0.113.77",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303
    assert response["Location"] == "/newsletter/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lady.agatha@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.newsletter is True
    consent = SignupConsent.objects.get()
    assert consent.form == "Newsletter box"
    assert consent.newsletter_opt_in is True
    assert consent.ip_truncated == "203.0.113.0"
    assert consent.privacy_policy_version == privacy_page.updated_at.isoformat(timespec="seconds")
    assert OutboundEmail.objects.get().kind == "newsletter.confirmation"
    assert mail.outbox == []  # nothing is sent inside the request
    assert not response.cookies


def _state(name: str, on_commit, client) -> str:
    email = f"{name}@example.org"
    if name == "pending":
        on_commit(client.post, SUBSCRIBE_URL, signup_data(email))
    elif name in {"confirmed", "unsubscribed"}:
        on_commit(client.post, SUBSCRIBE_URL, signup_data(email))
        on_commit(client.post, link_to("/confirm/"))
        client.logout()
        if name == "unsubscribed":
            Subscriber.objects.filter(email=email).update(newsletter=False)
    elif name == "staff":
        factories.UserFactory(email=email, is_staff=True)
    return email


@pytest.mark.parametrize("state", ["new", "pending", "confirmed", "unsubscribed", "staff"])
def test_the_answer_is_the_same_whatever_the_address(client, on_commit, state):
    email = _state(state, on_commit, client)
    response = client.post(SUBSCRIBE_URL, signup_data(email))
    assert response.status_code == 303
    assert response["Location"] == "/newsletter/check-your-inbox/"
    page = client.get(response["Location"])
    assert b"If this address can receive our newsletter" in page.content


def test_addresses_are_unique_whatever_their_case_and_spacing(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data(" Alice@Example.COM "))
    on_commit(client.post, SUBSCRIBE_URL, signup_data("alice@example.com"))
    assert Subscriber.objects.count() == 1


def test_a_filled_honeypot_gets_the_neutral_answer_and_nothing_happens(client):
    """The one robot defence that answers as if all were well: the field is hidden, out of
    the tab order and never autofilled, so no person fills it, and a robot told why it
    failed would learn how to pass."""
    response = client.post(
        SUBSCRIBE_URL, signup_data("bot@example.org", website="http://spam.example")
    )
    assert response.status_code == 303
    assert not Subscriber.objects.exists() and not OutboundEmail.objects.exists()


def test_a_fast_person_gets_the_confirmation_email(client, on_commit):
    """Browser autofill and a click take under a second: that is a person, and gets mail."""
    just_now = signing.dumps(int(time.time()), salt=_STARTED_SALT)
    response = on_commit(
        client.post, SUBSCRIBE_URL, signup_data("quick@example.org", started=just_now)
    )
    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert [m.subject for m in mail.outbox] == ["Please confirm your subscription to Lord’s Press"]
    assert mail.outbox[0].to == ["quick@example.org"]


@pytest.mark.parametrize("started", ["forged", "", "WzE3MDAwMDAwMDBd:bad:signature"])
def test_a_form_without_a_genuine_start_time_asks_to_press_subscribe_again(
    client, on_commit, started
):
    response = client.post(
        SUBSCRIBE_URL, signup_data("odd@example.org", name="Agatha", started=started)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please check your details and press Subscribe again." in html
    assert 'value="odd@example.org"' in html and 'value="Agatha"' in html
    assert not Subscriber.objects.exists() and not OutboundEmail.objects.exists()

    fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
    again = on_commit(
        client.post, SUBSCRIBE_URL, signup_data("odd@example.org", name="Agatha", started=fresh)
    )  # pressed again at once, from the page just shown
    assert again["Location"] == "/newsletter/check-your-inbox/"
    assert mail.outbox[-1].to == ["odd@example.org"]


def test_a_form_open_for_days_asks_to_press_subscribe_again(client):
    long_ago = signing.dumps(int(time.time()) - MAX_FORM_AGE - 60, salt=_STARTED_SALT)
    response = client.post(SUBSCRIBE_URL, signup_data("slow@example.org", started=long_ago))
    assert response.status_code == 400
    assert b"This form had been open for a long time" in response.content
    assert not OutboundEmail.objects.exists()


def test_a_form_posted_from_another_site_is_refused(client):
    response = client.post(
        SUBSCRIBE_URL, signup_data("victim@example.org"), HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_a_bad_address_gets_a_clear_message_and_keeps_what_was_typed(client):
    response = client.post(SUBSCRIBE_URL, signup_data("not an address", name="Agatha"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="Agatha"' in html
    assert not Subscriber.objects.exists()


def test_subscribing_is_rate_limited_per_ip_and_the_reader_is_told(client):
    with frozen_clock():
        answers = [
            client.post(
                SUBSCRIBE_URL,
                signup_data(f"reader{number}@example.org"),
                REMOTE_ADDR="198.51.100.9",
            )
            for number in range(7)
        ]
    assert [a.status_code for a in answers] == [303] * 5 + [429] * 2
    limited = answers[-1]
    assert b"Many signups have come from your network" in limited.content
    assert b'value="reader6@example.org"' in limited.content
    assert limited["Retry-After"] == "60"
    assert Subscriber.objects.count() == 5


def test_signups_per_address_are_limited_and_the_reader_is_told(client):
    with frozen_clock():
        answers = [
            client.post(SUBSCRIBE_URL, signup_data("eager@example.org"), REMOTE_ADDR=f"192.0.2.{n}")
            for n in range(5)
        ]
    assert [a.status_code for a in answers] == [303] * 3 + [429] * 2
    assert b"try again tomorrow" in answers[-1].content
    assert OutboundEmail.objects.filter(kind="newsletter.confirmation").count() == 3


def test_the_address_limit_is_the_same_for_members_and_strangers(client, on_commit):
    """It counts requests, never what an address is, so reaching it tells nothing."""
    clock = frozen_clock()
    clock.start()
    on_commit(client.post, SUBSCRIBE_URL, signup_data("known@example.org"))
    on_commit(client.post, link_to("/confirm/"))
    client.logout()
    codes = {}
    for address in ("known@example.org", "stranger@example.org"):
        codes[address] = [
            client.post(SUBSCRIBE_URL, signup_data(address), REMOTE_ADDR=f"192.0.2.{n}").status_code
            for n in range(10, 14)
        ]
    clock.stop()
    assert codes["known@example.org"] == [303, 303, 429, 429]  # one signup earlier today
    assert codes["stranger@example.org"] == [303, 303, 303, 429]


def test_the_confirmation_link_is_long_random_hashed_and_confirms_only_by_post(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("reader@example.org"))
    message = mail.outbox[-1]
    assert message.subject == "Please confirm your subscription to Lord’s Press"
    path = link_to("/newsletter/confirm/", message)
    raw = token_of(path)
    assert len(raw) >= 43  # 32 random bytes, base64
    stored = EmailToken.objects.get(purpose=EmailToken.Purpose.CONFIRM)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert not EmailToken.objects.filter(token_hash=raw).exists()

    page = client.get(path, follow=True)  # what a mail scanner does
    assert page.status_code == 200 and page.redirect_chain == [("/newsletter/confirm/", 302)]
    assert b"Confirm my subscription" in page.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert not User.objects.filter(email="reader@example.org").exists()

    response = on_commit(client.post, path)
    assert response.status_code == 302 and response["Location"] == "/newsletter/welcome/"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    user = User.objects.get(email="reader@example.org")
    assert subscriber.user == user
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk  # signed in
    assert SignupConsent.objects.get().confirmed_at is not None


def test_confirmation_links_expire_after_24_hours(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("late@example.org"))
    path = link_to("/confirm/")
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        response = client.post(path)
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_double_click_makes_one_account_and_one_credentials_email(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("twice@example.org"))
    path = link_to("/confirm/")
    first = on_commit(client.post, path)
    second = on_commit(client.post, path)
    assert first["Location"] == second["Location"] == "/newsletter/welcome/"
    other_browser = client.__class__()
    assert other_browser.post(path).status_code == 400  # used
    assert User.objects.filter(email="twice@example.org").count() == 1
    assert OutboundEmail.objects.filter(kind="newsletter.credentials").count() == 1
    assert [m.subject for m in mail.outbox].count("Your Lord’s Press login credentials") == 1


def test_two_confirmation_emails_confirmed_one_after_the_other_still_give_one_account(
    client, on_commit
):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("again@example.org"))
    first_link = link_to("/confirm/")
    on_commit(client.post, SUBSCRIBE_URL, signup_data("again@example.org"))
    second_link = link_to("/confirm/")
    assert first_link != second_link
    # The older email's link works: a later signup does not take it away.
    assert on_commit(client.post, first_link)["Location"] == "/newsletter/welcome/"
    other_browser = client.__class__()
    page = other_browser.post(second_link)  # spent with the first: the signup is confirmed
    assert page.status_code == 400
    assert "This subscription is already confirmed" in page.content.decode()
    assert User.objects.filter(email="again@example.org").count() == 1
    assert OutboundEmail.objects.filter(kind="newsletter.credentials").count() == 1


def test_the_credentials_email(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("member@example.org", newsletter=True))
    on_commit(client.post, link_to("/confirm/"))
    message = mail.outbox[-1]
    assert message.subject == "Your Lord’s Press login credentials"
    text = message.body
    assert "Login name: member@example.org" in text
    assert "/accounts/password/set/" in text and "72 hours" in text
    assert "/accounts/sign-in/" in text and "15 minutes" in text
    for unlocked in ("archives", "special reports", "exclusive notices"):
        assert unlocked in text
    assert "/accounts/" in text and "/newsletter/unsubscribe/" in text
    assert "password:" not in text.lower().replace("login name:", "")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<style" not in html and 'style="' in html  # CSS inlined
    assert "member@example.org" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_staff_address_is_subscribed_without_links_that_bypass_the_password(client, on_commit):
    staff = factories.UserFactory(email="editor@example.org", is_staff=True)
    on_commit(client.post, SUBSCRIBE_URL, signup_data("editor@example.org"))
    response = on_commit(client.post, link_to("/confirm/"))
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert Subscriber.objects.get().user == staff
    body = mail.outbox[-1].body
    assert "/sign-in/" not in body and "/password/set/" not in body


def test_pending_signups_are_forgotten_after_seven_days(client, on_commit):
    from django.core.management import call_command

    on_commit(client.post, SUBSCRIBE_URL, signup_data("undecided@example.org"))
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        call_command("newsletter_housekeeping", verbosity=0)
    assert Subscriber.objects.exists()
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=5)):
        call_command("newsletter_housekeeping", verbosity=0)
    assert not Subscriber.objects.exists()
    assert not SignupConsent.objects.exists() and not EmailToken.objects.exists()


def test_a_confirmed_member_signing_up_again_gets_one_note_a_day(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("known@example.org"))
    on_commit(client.post, link_to("/confirm/"))
    client.logout()
    before = len(mail.outbox)
    for _ in range(3):
        on_commit(client.post, SUBSCRIBE_URL, signup_data("known@example.org"))
    notes = [
        m for m in mail.outbox[before:] if m.subject == "You already have a Lord’s Press account"
    ]
    assert len(notes) == 1
    assert User.objects.filter(email="known@example.org").count() == 1
