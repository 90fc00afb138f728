"""Mail that goes to an address before its owner has confirmed anything is sent at the word
of whoever filled a form, so it must carry nothing they typed: otherwise the signup name
("Dear <any text>,") lets anyone send their text, links and all, from the journal's domain to
any address. No email kind carries the signup name at all (a member's name was typed by
whoever signed them up, too)."""

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Article
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import _RENDERERS, outbox_deliver_due
from newsletter.models import NewsletterIssue, Subscriber
from tests import factories
from tests.members import SUBSCRIBE_URL, frozen_clock, signup_data

pytestmark = pytest.mark.django_db

HOSTILE = "Claim your prize at https://prize.example/win now"
MARKERS = ("prize.example", "Claim your prize")
# Every kind sent before (or without) the owner's confirmation; the walk below checks all.
BEFORE_CONFIRMATION = {
    "newsletter.confirmation",
    "newsletter.already_member",
    "newsletter.sign_in",
    "newsletter.password_reset",
}


def _texts(message) -> str:
    parts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
    parts += [str(value) for value in message.extra_headers.values()]
    return "\n".join(parts)


def _carrying_hostile_text():
    return [m.subject for m in mail.outbox if any(mark in _texts(m) for mark in MARKERS)]


def test_a_signup_name_reaches_no_email_sent_before_confirmation(client, on_commit):
    """Each kind, through the form anyone can fill: a new address, a member's address, and
    the sign-in and reset links of a member whose subscription carries the name."""
    member = factories.UserFactory(email="member@example.org")
    Subscriber.objects.create(
        email=member.email,
        user=member,
        name=HOSTILE,
        status=Subscriber.Status.CONFIRMED,
        newsletter=True,
    )
    with frozen_clock():
        for address in ("stranger@example.org", member.email):
            on_commit(client.post, SUBSCRIBE_URL, signup_data(address, name=HOSTILE))
        on_commit(client.post, "/accounts/login/link/", {"email": member.email})
        on_commit(client.post, "/accounts/password/reset/", {"email": member.email})

    assert len(mail.outbox) == 4
    assert {row.kind for row in OutboundEmail.objects.all()} == BEFORE_CONFIRMATION
    assert Subscriber.objects.get(email="stranger@example.org").name == HOSTILE  # kept, for staff
    assert _carrying_hostile_text() == []
    assert "Good day," in mail.outbox[0].body


def test_no_email_kind_carries_the_signup_name(settings):
    """Walks every registered kind (so a new one is covered) with rows naming a pending
    subscriber and a member, both with the hostile name, and every other object a kind
    may need."""
    pending = Subscriber.objects.create(email="pending@example.org", name=HOSTILE)
    member = factories.UserFactory(email="member@example.org")
    subscriber = Subscriber.objects.create(
        email=member.email,
        user=member,
        name=HOSTILE,
        status=Subscriber.Status.CONFIRMED,
        newsletter=True,
    )
    article = factories.ArticleFactory(status=Article.Status.IN_REVIEW)
    issue = NewsletterIssue.objects.create(subject="The season’s appointments")
    issue.articles.add(factories.ArticleFactory())
    kinds = sorted(
        kind for kind, renderer in _RENDERERS.items() if not renderer.__module__.startswith("tests")
    )
    for kind in kinds:
        for owner, user in ((pending, None), (subscriber, member)):
            OutboundEmail.objects.create(
                kind=kind,
                to=owner.email,
                context={
                    "subscriber_id": owner.pk,
                    "user_id": user.pk if user else None,
                    "issue_id": issue.pk,
                    "article_id": article.pk,
                },
                next_attempt_at=timezone.now(),
            )
    while outbox_deliver_due(limit=100).handled:
        pass

    sent = set(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).values_list(
            "kind", flat=True
        )
    )
    assert BEFORE_CONFIRMATION | {"newsletter.credentials", "newsletter.issue"} <= sent
    assert not OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).exists()
    assert _carrying_hostile_text() == []
