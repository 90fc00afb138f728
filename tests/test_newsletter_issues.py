"""Newsletter issues: composed in the admin, sent through the outbox to the right readers."""

import hashlib
import re
from itertools import product

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Article
from lordspress.core.addresses import canonical_email, display_email
from lordspress.outbox.models import OutboundEmail
from newsletter.issues import issue_prepare, issue_queue
from newsletter.models import NewsletterIssue, Subscriber, Suppression
from newsletter.selectors import email_hash, issue_reader, issue_recipients
from tests import factories
from tests.members import SUBSCRIBE_URL, link_to, signup_data

pytestmark = pytest.mark.django_db

SENTINEL = "the Garter stall plates were quietly rehung"


@pytest.fixture
def readers(client, on_commit):
    """Two readers who want the newsletter, one who does not, one still pending."""
    for address, wants in [
        ("a@example.org", True),
        ("b@example.org", True),
        ("c@example.org", False),
    ]:
        on_commit(client.post, SUBSCRIBE_URL, signup_data(address, newsletter=wants))
        on_commit(client.post, link_to("/confirm/"))
        client.post("/accounts/logout/")
    on_commit(client.post, SUBSCRIBE_URL, signup_data("pending@example.org", newsletter=True))
    mail.outbox.clear()


@pytest.fixture
def issue():
    free = factories.ArticleFactory(headline="A state visit to Lisbon")
    report = factories.ArticleFactory(
        headline="Registers of nobility",
        kind=Article.Kind.SPECIAL_REPORT,
        body=f"<p>Opening.</p><p>[members-only]</p><p>In Windsor {SENTINEL}.</p>",
    )
    draft = factories.ArticleFactory(
        headline="Not yet published", status=Article.Status.DRAFT, publish_at=None
    )
    issue = NewsletterIssue.objects.create(
        subject="Lord’s Press, the week in review", introduction="Good day.\r\n\r\nThis week:"
    )
    issue.articles.add(free, report, draft)
    return issue


def test_an_issue_reaches_confirmed_readers_who_asked_for_it_once(readers, issue, on_commit):
    assert on_commit(issue_queue, issue=issue)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert on_commit(issue_queue, issue=issue) is False  # sending twice sends nothing more
    issue.refresh_from_db()
    issue.status = NewsletterIssue.Status.QUEUED
    issue.save()
    on_commit(issue_prepare, issue_id=issue.pk)  # even a repeated preparation adds nothing
    assert len(mail.outbox) == 2
    assert OutboundEmail.objects.filter(kind="newsletter.issue").count() == 2


def test_the_issue_email(readers, issue, on_commit):
    on_commit(issue_queue, issue=issue)
    message = mail.outbox[0]
    assert message.subject == "Lord’s Press, the week in review"
    assert "A state visit to Lisbon" in message.body and "Registers of nobility" in message.body
    assert "Not yet published" not in message.body
    assert SENTINEL not in message.body and SENTINEL not in message.alternatives[0][0]
    assert "Members" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert "Unsubscribe:" in message.body and "Manage your preferences:" in message.body


def test_a_reader_who_leaves_before_their_email_goes_is_skipped(
    readers, issue, settings, on_commit
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    issue_queue(issue=issue)
    issue_prepare(issue_id=issue.pk)
    Subscriber.objects.filter(email="b@example.org").update(newsletter=False)
    from lordspress.outbox.services import outbox_deliver_due

    outbox_deliver_due()
    assert [m.to[0] for m in mail.outbox] == ["a@example.org"]
    assert OutboundEmail.objects.get(to="b@example.org", kind="newsletter.issue").status == (
        OutboundEmail.Status.CANCELLED
    )


def test_editors_compose_test_and_send_from_the_admin(
    editor_client, editor, readers, issue, on_commit
):
    editor_client.force_login(editor)  # the readers fixture signed this client out
    listing = editor_client.get("/admin/newsletter/newsletterissue/")
    assert b"the week in review" in listing.content
    on_commit(
        editor_client.post,
        "/admin/newsletter/newsletterissue/",
        {"action": "send_test", "_selected_action": [issue.pk]},
    )
    assert [m.to[0] for m in mail.outbox] == [editor.email]
    assert mail.outbox[0].subject.startswith("[Test] ")
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT

    on_commit(
        editor_client.post,
        "/admin/newsletter/newsletterissue/",
        {"action": "send_now", "_selected_action": [issue.pk]},
    )
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT and issue.recipients == 2
    listing = editor_client.get("/admin/newsletter/newsletterissue/")
    assert listing.context["cl"].result_list[0].sent_count == 2


def test_the_issue_email_links_and_images_work_away_from_the_site(readers, on_commit):
    article = factories.ArticleFactory(
        headline="Arms for a new barony",
        body=(
            '<p>See <a href="/archive/">the archive</a>, <a href="#note-1">note 1</a> and '
            '<a href="https://www.college-of-arms.gov.uk/">the College</a>.</p>'
            '<p><img src="/media/uploads/2026/11/25/arms.jpg" alt="The arms"></p>'
            # The email carries the teaser (an opening of at most half the text), so the
            # links and the image above need a body that goes on after them.
            "<p>The grant was made by letters patent in 1701.</p>"
            "<p>The supporters were added by a later warrant.</p>"
        ),
    )
    issue = NewsletterIssue.objects.create(subject="Arms", introduction="Good day.")
    issue.articles.add(article)
    on_commit(issue_queue, issue=issue)
    html = mail.outbox[0].alternatives[0][0]
    page = "https://www.lordspress.example" + article.get_absolute_url()
    assert 'href="https://www.lordspress.example/archive/"' in html
    assert f'href="{page}#note-1"' in html
    assert 'href="https://www.college-of-arms.gov.uk/"' in html
    assert 'src="https://www.lordspress.example/media/uploads/2026/11/25/arms.jpg"' in html
    assert not re.search(r'(href|src)="[/#]', html)  # nothing left for a mail reader to guess


# A suppression of a reader's mailbox: none, an active one, one lifted, or an active one under
# the hash its Unicode spelling had before addresses were canonical (``suppression_hashes``).
SUPPRESSIONS = ["none", "active", "lifted", "legacy hash"]


def test_who_an_issue_is_prepared_for_and_who_still_gets_it_at_sending_are_one_rule():
    """``issue_recipients`` (the whole list, when the issue is prepared) and ``issue_reader``
    (one reader, as their email is sent) agree for every state a subscriber can be in."""
    states = product(Subscriber.Status.values, [True, False], SUPPRESSIONS)
    for number, (status, wants, suppressed) in enumerate(states):
        address = canonical_email(f"reader{number}@bücher.example")
        Subscriber.objects.create(email=address, status=status, newsletter=wants)
        if suppressed == "none":
            continue
        legacy = hashlib.sha256(display_email(address).encode()).hexdigest()
        Suppression.objects.create(
            email_hash=legacy if suppressed == "legacy hash" else email_hash(address),
            reason=Suppression.Reason.REQUEST,
            **(
                {"lifted_at": timezone.now(), "lift_reason": "They wrote asking for it again."}
                if suppressed == "lifted"
                else {}
            ),
        )
    listed = {pk for _, pk in issue_recipients()}
    one_by_one = {
        pk
        for pk in Subscriber.objects.values_list("pk", flat=True)
        if issue_reader(subscriber_id=pk) is not None
    }
    assert listed == one_by_one
    assert len(listed) == 2  # confirmed, wanting it, and not suppressed or lifted
