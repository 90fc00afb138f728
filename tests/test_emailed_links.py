"""A later email never takes away the link in an earlier one (issue 8).

A reader who signed up twice (the first email was slow, or went to spam) and clicked the link
in the first email was told the link had expired: minting a token stopped every older unused
token of its purpose. The same held for sign-in and password links. Now each link works until
it expires, is used, or what it is for is done (a confirmed signup spends its other
confirmation links; a new password its other password links, as Django's reset links die
when the password changes).

``test_no_email_takes_away_the_links_of_an_earlier_one`` walks every registered email kind,
so a new kind that carries a link is covered without a new test.
"""

import pytest
from django.core import mail
from django.urls import resolve

from lordspress.outbox.services import _RENDERERS
from newsletter.models import EmailToken, NewsletterIssue, Subscriber
from newsletter.selectors import token_check
from newsletter.tokens import (
    CONFIRM_LIFETIME,
    SET_PASSWORD_LIFETIME,
    SIGN_IN_LIFETIME,
    token_digest,
    token_mint,
)
from tests import factories
from tests.members import SUBSCRIBE_URL, link_to, links_in, signup_data

pytestmark = pytest.mark.django_db

PASSWORD = {"new_password1": "Hanover Square 1714", "new_password2": "Hanover Square 1714"}


def _token_links(message) -> list[str]:
    """The paths in ``message`` that lead to a one-time-link route with its token."""
    found = []
    for link in links_in(message):
        path = "/" + link.split("://", 1)[1].split("/", 1)[1]
        match = resolve(path.split("?", 1)[0])
        if getattr(match.func, "one_time_link", None) and "token" in match.kwargs:
            found.append(path)
    return found


def _owners():
    """A pending signup and a confirmed member (with an account and the newsletter)."""
    pending = Subscriber.objects.create(email="pending@example.org")
    user = factories.UserFactory(email="member@example.org")
    user.set_unusable_password()
    user.save()
    member = Subscriber.objects.create(
        email=user.email, user=user, status=Subscriber.Status.CONFIRMED, newsletter=True
    )
    issue = NewsletterIssue.objects.create(subject="The week")
    return [
        {"subscriber_id": pending.pk, "issue_id": issue.pk},
        {"subscriber_id": member.pk, "user_id": user.pk, "issue_id": issue.pk},
    ]


def test_no_email_takes_away_the_links_of_an_earlier_one(client):
    from lordspress.outbox.models import OutboundEmail

    checked, owners = set(), _owners()
    for kind, render in sorted(_RENDERERS.items()):
        if render.__module__.startswith("tests."):  # kinds other tests register for themselves
            continue
        for context in owners:
            row = OutboundEmail(kind=kind, to="x@example.org", context=context)
            first = render(row)
            if first is None:
                continue
            assert render(row) is not None  # the same email again, as a second request sends
            for path in _token_links(first):
                answer = client.get(path)
                assert answer.status_code == 302, f"{kind}: {path} no longer works"
                checked.add(kind)
    assert {
        "newsletter.confirmation",
        "newsletter.credentials",
        "newsletter.already_member",
        "newsletter.sign_in",
        "newsletter.password_reset",
    } <= checked


@pytest.mark.parametrize(
    ("purpose", "lifetime"),
    [
        (EmailToken.Purpose.CONFIRM, CONFIRM_LIFETIME),
        (EmailToken.Purpose.SIGN_IN, SIGN_IN_LIFETIME),
        (EmailToken.Purpose.SET_PASSWORD, SET_PASSWORD_LIFETIME),
    ],
)
def test_a_new_token_leaves_the_older_ones_usable(purpose, lifetime):
    assert {purpose.value} <= set(EmailToken.Purpose.values)
    user = factories.UserFactory()
    owner = (
        {"subscriber": Subscriber.objects.create(email=user.email)}
        if purpose == EmailToken.Purpose.CONFIRM
        else {"user": user}
    )
    tokens = [token_mint(purpose=purpose, lifetime=lifetime, **owner) for _ in range(3)]
    for raw in tokens:
        token_check(digest=token_digest(raw), purpose=purpose)  # TokenError if it was stopped


def test_every_purpose_is_covered():
    assert len(EmailToken.Purpose.values) == 3  # a new purpose: add it to the test above


def test_the_first_of_two_confirmation_emails_confirms_and_spends_the_second(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("reader@example.org"))
    first = link_to("/confirm/")
    on_commit(client.post, SUBSCRIBE_URL, signup_data("reader@example.org"))
    second = link_to("/confirm/")
    assert first != second

    page = client.get(first, follow=True)  # the reader opens the older email
    assert b"This link has expired" not in page.content and page.status_code == 200
    assert on_commit(client.post, first)["Location"] == "/newsletter/welcome/"
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    # The second email's link is spent: what it confirms is confirmed, and it would sign its
    # holder in. It says so, rather than "expired".
    other = client.__class__()
    page = other.get(second)
    assert page.status_code == 400
    assert "This subscription is already confirmed" in page.content.decode()
    assert "expired" not in page.content.decode()
    assert "_auth_user_id" not in other.session
    assert on_commit(client.post, second)["Location"] == "/newsletter/welcome/"  # same reader


def test_the_first_of_two_sign_in_links_signs_in(client, on_commit):
    factories.UserFactory(email="member@example.org")
    for _ in range(2):
        on_commit(client.post, "/accounts/login/link/", {"email": "member@example.org"})
    first, second = (link_to("/accounts/sign-in/", message) for message in mail.outbox[-2:])
    assert first != second
    assert client.post(first)["Location"] == "/accounts/"
    client.post("/accounts/logout/")
    assert client.post(second)["Location"] == "/accounts/"  # each link works once


def test_password_links_work_until_a_password_is_chosen(client, on_commit):
    member = factories.UserFactory(email="member@example.org")
    for _ in range(2):
        on_commit(client.post, "/accounts/password/reset/", {"email": "member@example.org"})
    first, second = (link_to("/accounts/password/set/", message) for message in mail.outbox[-2:])
    assert client.post(first, PASSWORD)["Location"] == "/accounts/"
    member.refresh_from_db()
    assert member.check_password(PASSWORD["new_password1"])
    # Choosing a password ends the other links (Django's reset links die the same way).
    assert client.__class__().get(second).status_code == 400
