"""Sending an issue over a real SMTP server on 127.0.0.1 (aiosmtpd): refusals, a dropped
connection, a stopped worker, retries, the pace and the connections used."""

import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from newsletter.issues import issue_queue, issue_set_articles
from newsletter.models import Delivery, NewsletterIssue, Subscriber, Suppression
from newsletter.selectors import issue_progress
from newsletter.sending import (
    INTERRUPTED,
    BatchReport,
    _claim,
    issue_drain,
    issue_retry_failed,
    issue_send_batch,
    issue_start,
)
from tests import factories
from tests.test_outbox import DROP, smtp  # noqa: F401 — the SMTP server fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker(settings):
    """Tasks are not run by themselves here: the test drives the batches."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _readers(count: int) -> list[Subscriber]:
    return Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{n:03d}@example.org",
                status=Subscriber.Status.CONFIRMED,
                newsletter=True,
            )
            for n in range(count)
        ]
    )


def _started(count: int) -> NewsletterIssue:
    _readers(count)
    issue = NewsletterIssue.objects.create(subject="The week")
    issue_set_articles(issue=issue, articles=[factories.ArticleFactory()])
    issue_queue(issue=issue)
    issue_start(issue_id=issue.pk)
    issue.refresh_from_db()
    return issue


def _received(smtp) -> Counter:  # noqa: F811
    return Counter(
        line.split(":", 1)[1].strip()
        for message in smtp.mailbox.messages
        for line in message.splitlines()
        if line.startswith("To:")
    )


def test_each_batch_uses_one_smtp_connection(smtp, settings):  # noqa: F811
    settings.NEWSLETTER_BATCH_SIZE = 4
    issue = _started(10)
    issue_drain(issue_id=issue.pk)
    assert len(smtp.mailbox.messages) == 10
    assert smtp.mailbox.sessions == 3  # ceil(10 / 4)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_messages_per_second_is_kept(smtp, settings):  # noqa: F811
    settings.NEWSLETTER_MESSAGES_PER_SECOND = 20
    issue = _started(6)
    started = time.monotonic()
    issue_drain(issue_id=issue.pk)
    assert time.monotonic() - started >= 5 / 20  # six messages, five intervals
    assert len(smtp.mailbox.messages) == 6


def test_a_mailbox_that_does_not_exist_fails_and_is_suppressed(smtp):  # noqa: F811
    issue = _started(3)
    smtp.mailbox.script = {2: ("RCPT", "550 5.1.1 No such mailbox here")}
    issue_drain(issue_id=issue.pk)
    progress = issue_progress(issue=issue)
    assert (progress.sent, progress.failed) == (2, 1)
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert "550" in failed.last_error
    assert Suppression.objects.get().reason == Suppression.Reason.BOUNCE
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT_WITH_FAILURES
    # Retrying the failure now skips it: the address is suppressed.
    assert issue_retry_failed(issue=issue) == 1
    issue.refresh_from_db()
    issue_drain(issue_id=issue.pk)
    assert Delivery.objects.get(pk=failed.pk).status == Delivery.Status.SKIPPED
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert len(smtp.mailbox.messages) == 2


def test_a_refusal_for_a_full_mailbox_is_retried_later_and_sent_once(smtp):  # noqa: F811
    issue = _started(3)
    smtp.mailbox.script = {1: ("RCPT", "452 4.2.2 Mailbox full")}
    issue_drain(issue_id=issue.pk)
    waiting = Delivery.objects.get(status=Delivery.Status.QUEUED)
    assert waiting.attempts == 1 and "452" in waiting.last_error
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        issue_drain(issue_id=issue.pk)
    assert sorted(_received(smtp).values()) == [1, 1, 1]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_a_dropped_connection_puts_the_rest_back_and_nobody_gets_two(smtp):  # noqa: F811
    issue = _started(5)
    smtp.mailbox.script = {3: ("DATA", DROP)}
    issue_drain(issue_id=issue.pk)
    assert len(smtp.mailbox.messages) == 2
    assert issue_progress(issue=issue).queued == 3
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        issue_drain(issue_id=issue.pk)
    assert sorted(_received(smtp).values()) == [1] * 5
    assert issue_progress(issue=issue).sent == 5


def test_what_a_stopped_worker_left_is_taken_up_and_never_sent_twice(smtp, settings):  # noqa: F811
    """A worker claims a batch, hands one message to the server and dies: after its lease,
    the claims it never tried go back to the queue; the one it was handing over is failed
    with a note, never re-sent."""
    settings.NEWSLETTER_LEASE_SECONDS = 30
    issue = _started(4)
    now = timezone.now()
    dead, token, rows = _claim(issue.pk, issue.send_token, "a-worker-that-died", now, BatchReport())
    assert len(rows) == 4
    Delivery.objects.filter(pk=rows[0][0]).update(status=Delivery.Status.SENDING)
    # While the lease runs, the next batch (its successor) finds nothing to take.
    report = issue_send_batch(issue_id=issue.pk, token=token)
    assert report.claimed == 0 and not report.finished
    issue.refresh_from_db()
    with time_machine.travel(now + timedelta(seconds=31)):
        report = issue_send_batch(issue_id=issue.pk, token=issue.send_token)
    assert report.sent == 3
    interrupted = Delivery.objects.get(pk=rows[0][0])
    assert interrupted.status == Delivery.Status.FAILED and interrupted.last_error == INTERRUPTED
    assert len(smtp.mailbox.messages) == 3
    issue.refresh_from_db()
    with time_machine.travel(now + timedelta(seconds=32)):
        issue_drain(issue_id=issue.pk)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT_WITH_FAILURES
    # A batch holding an old token does nothing at all.
    assert issue_send_batch(issue_id=issue.pk, token=token).stale
    assert len(smtp.mailbox.messages) == 3


def test_failures_are_retried_from_the_admin(admin_client, smtp, on_commit):  # noqa: F811
    issue = _started(2)
    smtp.mailbox.script = {1: ("RCPT", "554 5.7.1 Rejected by policy")}
    issue_drain(issue_id=issue.pk)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT_WITH_FAILURES
    listing = admin_client.get("/admin/newsletter/newsletterissue/")
    row = listing.context["cl"].result_list[0]
    assert (row.sent_count, row.failed_count) == (1, 1)
    progress = admin_client.get(f"/admin/newsletter/newsletterissue/{issue.pk}/progress/")
    assert b"Retry the 1 failed email(s)" in progress.content
    admin_client.post(f"/admin/newsletter/newsletterissue/{issue.pk}/sending/", {"do": "retry"})
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENDING
    issue_drain(issue_id=issue.pk)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert sorted(_received(smtp).values()) == [1, 1]
    assert not Suppression.objects.exists()  # a policy refusal says nothing of the address
