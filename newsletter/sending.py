"""Sending an issue: one ``Delivery`` per (issue, reader), sent in short batches by the worker
the project already runs (``manage.py db_worker``), never twice.

**Starting.** A scheduled issue has a ``start_issue`` task queued for its ``send_at``
(django-tasks' ``run_after``: the worker, which looks for due tasks every second, runs it
within a second or so of that time, and never before, since the task checks the time again).
It writes one delivery per reader who receives the newsletter *then*
(``selectors.issue_recipients``), the unique constraint on (issue, subscriber) making a second
start add nothing, marks the issue "sending" and queues the first batch.

**Batches.** ``send_issue_batch`` is a short task: it claims up to ``NEWSLETTER_BATCH_SIZE``
queued deliveries under a lease (``NEWSLETTER_LEASE_SECONDS``), sends them over one SMTP
connection at most ``NEWSLETTER_MESSAGES_PER_SECOND``, and queues the next batch. Batch tasks
have a lower priority than every other task, so a confirmation, sign-in or password email
(whose tasks and outbox delivery have the default priority) waits for one batch at most,
never for the issue.

**Each message.** In one transaction: is the reader still confirmed, subscribed and not
suppressed (``selectors.issue_reader``)? If not, the delivery is skipped; if so it is marked
"sending", with its new ``Message-ID``, and committed *before* the message is handed to the
mail server; then it is marked sent (or failed, or queued again after a 4xx reply). So a
reader who unsubscribes halfway through a send gets nothing more.

**Never twice.** Only ``NEWSLETTER_PARALLEL_BATCHES`` chains of batch tasks may send an
issue (one per worker process that should send it at once): each batch takes its chain's
token from the issue's ``send_token`` and leaves a new one, and a task holding a stale token
does nothing. Chains never share a delivery: each claims its own under a lease.
Before sending, a batch queues its successor for when its lease ends; if the worker is
killed, that successor takes the issue up: deliveries claimed but not yet handed over go back
to the queue, and one left "sending" (the mail server may have it) is failed with a note and
never sent again by itself (staff may retry it). Re-queuing a batch, starting an issue twice
or restarting the worker therefore never sends anyone a second copy.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django_tasks import task

from lordspress.outbox.services import MAX_ATTEMPTS, Outcome, Pace, Stage, backoff, classify
from newsletter.emails import issue_message, issue_parts, new_message_id
from newsletter.models import Delivery, NewsletterIssue, Subscriber
from newsletter.selectors import issue_readers, issue_recipients
from newsletter.suppressions import suppression_record_bounce

logger = logging.getLogger(__name__)

# django-tasks priorities run from -100 to 100, higher first; every other task has 0.
BATCH_PRIORITY = -10
INTERRUPTED = (
    "Interrupted while being handed to the mail server (the worker stopped): it may have "
    "arrived, so it is not sent again by itself. Retry it if the reader did not get it."
)
UNFINISHED = (Delivery.Status.QUEUED, Delivery.Status.CLAIMED, Delivery.Status.SENDING)


def _lease() -> timedelta:
    return timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)


def _queue_can_wait() -> bool:
    """Whether the task backend can run a task later (the database queue can; the immediate
    backend of the tests cannot: there the caller runs what is due)."""
    return send_issue_batch.get_backend().supports_defer


def _enqueue(task_, *, at: datetime | None = None, **kwargs) -> None:
    """Queue ``task_`` now or at ``at``. On the database queue the row is written in the
    caller's transaction, so it exists exactly when the change that asked for it does; an
    immediate backend runs it once the transaction commits, and skips what must wait."""
    if _queue_can_wait():
        (task_.using(run_after=at) if at is not None else task_).enqueue(**kwargs)
    elif at is None or at <= timezone.now():
        transaction.on_commit(lambda: task_.enqueue(**kwargs))


# --- starting ------------------------------------------------------------------------------


def _new_chains() -> str:
    return " ".join(uuid.uuid4().hex for _ in range(settings.NEWSLETTER_PARALLEL_BATCHES))


def _start_chains(issue: NewsletterIssue) -> None:
    for token in issue.send_token.split():
        _enqueue(send_issue_batch, issue_id=issue.pk, token=token)


def schedule_start(*, issue: NewsletterIssue) -> None:
    """Queue the start of ``issue`` for its ``send_at`` (in the caller's transaction)."""
    _enqueue(start_issue, at=issue.send_at, issue_id=issue.pk)


@transaction.atomic
def issue_start(*, issue_id: int, now: datetime | None = None) -> int:
    """Start a scheduled issue whose time has come: one delivery per reader receiving the
    newsletter now, then the first batch. Returns how many deliveries the issue has (0 when
    it is not scheduled, or not yet due: then its start is queued again for its time)."""
    now = now or timezone.now()
    issue = NewsletterIssue.objects.select_for_update().filter(pk=issue_id).first()
    if issue is None or issue.status != NewsletterIssue.Status.SCHEDULED:
        return 0
    if issue.send_at is not None and issue.send_at > now:
        schedule_start(issue=issue)
        return 0
    recipients = [pk for _, pk in issue_recipients()]
    for start in range(0, len(recipients), 1000):  # a thousand rows in memory at a time
        Delivery.objects.bulk_create(
            [
                Delivery(issue=issue, subscriber_id=pk, created_at=now, next_attempt_at=now)
                for pk in recipients[start : start + 1000]
            ],
            ignore_conflicts=True,
        )
    issue.status = NewsletterIssue.Status.SENDING
    issue.prepared_at = now
    issue.finished_at = None
    issue.recipients = Delivery.objects.filter(issue=issue).count()
    issue.send_token = _new_chains()
    issue.save(update_fields=["status", "prepared_at", "finished_at", "recipients", "send_token"])
    _start_chains(issue)
    logger.info("Newsletter issue %s started: %s deliveries", issue.pk, issue.recipients)
    return issue.recipients


@task()
def start_issue(*, issue_id: int) -> int:
    """Start a scheduled issue when its time comes (queued for ``send_at``)."""
    return issue_start(issue_id=issue_id)


# --- batches -------------------------------------------------------------------------------


@dataclass
class BatchReport:
    """What one batch did; ``stale`` when its token was no longer the issue's."""

    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retrying: int = 0
    deferred: int = 0
    stale: bool = False
    finished: bool = False
    connection_error: str = ""


def _recover(issue: NewsletterIssue, now: datetime) -> None:
    """Take up what a worker that stopped left behind (its lease ran out): claims not yet
    handed over go back to the queue; a message left "sending" is failed, never re-sent."""
    expired = Delivery.objects.filter(issue=issue, lease_until__lt=now)
    expired.filter(status=Delivery.Status.CLAIMED).update(
        status=Delivery.Status.QUEUED, claimed_by="", lease_until=None
    )
    interrupted = expired.filter(status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED, claimed_by="", lease_until=None, last_error=INTERRUPTED
    )
    if interrupted:
        logger.warning(
            "Newsletter issue %s: %s message(s) interrupted while being handed to the mail "
            "server; not sent again",
            issue.pk,
            interrupted,
        )


def _finish(issue: NewsletterIssue, now: datetime) -> None:
    failed = Delivery.objects.filter(issue=issue, status=Delivery.Status.FAILED).exists()
    issue.status = (
        NewsletterIssue.Status.SENT_WITH_FAILURES if failed else NewsletterIssue.Status.SENT
    )
    issue.finished_at = now
    issue.send_token = ""
    issue.save(update_fields=["status", "finished_at", "send_token"])
    logger.info("Newsletter issue %s finished: %s", issue.pk, issue.get_status_display())


def _claim(
    issue_id: int, token: str, worker: str, now: datetime, report: BatchReport
) -> tuple[NewsletterIssue | None, str, list[tuple[int, int | None]]]:
    """The claim transaction of a batch: check the token, leave a new one, recover what a
    stopped worker left, claim due deliveries, and queue the successor for when the lease
    ends (it takes the issue up should this worker stop)."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().filter(pk=issue_id).first()
        if (
            issue is None
            or issue.status != NewsletterIssue.Status.SENDING
            or token not in issue.send_token.split()
        ):
            report.stale = True
            return None, "", []
        _recover(issue, now)
        next_token = uuid.uuid4().hex
        issue.send_token = " ".join(
            next_token if chain == token else chain for chain in issue.send_token.split()
        )
        issue.save(update_fields=["send_token"])
        due = Delivery.objects.filter(
            issue=issue, status=Delivery.Status.QUEUED, next_attempt_at__lte=now
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due.values_list("pk", "subscriber_id")[: settings.NEWSLETTER_BATCH_SIZE])
        if not rows:
            unfinished = Delivery.objects.filter(issue=issue, status__in=UNFINISHED)
            if not unfinished.exists():
                _finish(issue, now)
                report.finished = True
                return None, "", []
            # Waiting for retries, or for another worker's lease: come back then.
            waits = unfinished.aggregate(
                retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.QUEUED)),
                lease=Min("lease_until", filter=~Q(status=Delivery.Status.QUEUED)),
            )
            at = min(t for t in (waits["retry"], waits["lease"]) if t is not None)
            _enqueue(
                send_issue_batch,
                at=max(at, now) + timedelta(seconds=1),
                issue_id=issue.pk,
                token=next_token,
            )
            return None, "", []
        Delivery.objects.filter(pk__in=[pk for pk, _ in rows]).update(
            status=Delivery.Status.CLAIMED, claimed_by=worker, lease_until=now + _lease()
        )
        _enqueue(
            send_issue_batch,
            at=now + _lease() + timedelta(seconds=1),
            issue_id=issue.pk,
            token=next_token,
        )
    report.claimed = len(rows)
    return issue, next_token, rows


def _settle_failure(pk: int, worker: str, verdict, address: str, report: BatchReport) -> datetime:
    """A message the server did not take: failed for good (a hard bounce suppresses the
    address), or queued again after the outbox's backoff. Returns when it is due again."""
    now = timezone.now()
    row = Delivery.objects.filter(pk=pk, claimed_by=worker)
    attempts = row.values_list("attempts", flat=True).first() or 1
    if verdict.outcome is Outcome.FAILED or attempts >= MAX_ATTEMPTS:
        row.update(
            status=Delivery.Status.FAILED,
            claimed_by="",
            lease_until=None,
            last_error=verdict.error,
        )
        report.failed += 1
        if verdict.hard_bounce and address:
            try:
                with transaction.atomic():
                    suppression_record_bounce(email=address, code=verdict.hard_bounce)
            except Exception:
                logger.exception("Could not record the hard bounce of delivery %s", pk)
        return now
    due = now + backoff(attempts=attempts)
    row.update(
        status=Delivery.Status.QUEUED,
        claimed_by="",
        lease_until=None,
        last_error=verdict.error,
        message_id=None,
        next_attempt_at=due,
    )
    report.retrying += 1
    return due


def _send(
    issue: NewsletterIssue, rows: list[tuple[int, int | None]], worker: str, report: BatchReport
) -> datetime | None:
    """Send the claimed deliveries over one connection. Returns when to come back if the
    connection broke (the rest of the batch was put back), else None."""
    try:
        parts = issue_parts(issue=issue)
    except Exception as exc:  # the issue cannot be rendered: every message would fail alike
        logger.exception("Newsletter issue %s could not be rendered", issue.pk)
        verdict = classify(exc=exc, stage=Stage.RENDER)
        for pk, _ in rows:
            with transaction.atomic():
                _settle_failure(pk, worker, verdict, "", report)
        return None
    # The rate is the issue's: each of the parallel chains keeps its share.
    pace = Pace(settings.NEWSLETTER_MESSAGES_PER_SECOND / settings.NEWSLETTER_PARALLEL_BATCHES)
    mail = get_connection(fail_silently=False)
    opened = False
    heartbeat = time.monotonic()
    # Who still receives it, for the whole batch (two queries); then each message checks
    # its reader's row once more in the very update that marks it "sending", so a reader
    # who unsubscribes (or is suppressed, which stops their newsletter) while the batch
    # runs gets nothing more.
    readers = issue_readers(subscriber_ids=[subscriber_id for _, subscriber_id in rows])
    receiving = Subscriber.objects.receiving_newsletter().values("pk")
    try:
        for index, (pk, subscriber_id) in enumerate(rows):
            with transaction.atomic():
                if time.monotonic() - heartbeat > settings.NEWSLETTER_LEASE_SECONDS / 3:
                    Delivery.objects.filter(claimed_by=worker, status__in=UNFINISHED).update(
                        lease_until=timezone.now() + _lease()
                    )
                    heartbeat = time.monotonic()
                reader = readers.get(subscriber_id)
                mine = Delivery.objects.filter(
                    pk=pk, claimed_by=worker, status=Delivery.Status.CLAIMED
                )
                message = None
                if reader is not None:
                    message_id = new_message_id()
                    try:
                        message = issue_message(
                            parts=parts, to=reader.email, subscriber=reader, message_id=message_id
                        )
                    except Exception as exc:
                        logger.exception("Could not build delivery %s", pk)
                        mine.update(attempts=F("attempts") + 1)
                        verdict = classify(exc=exc, stage=Stage.RENDER)
                        _settle_failure(pk, worker, verdict, reader.email, report)
                        continue
                    if mine.filter(subscriber__in=receiving).update(
                        status=Delivery.Status.SENDING,
                        message_id=message_id,
                        attempts=F("attempts") + 1,
                    ):
                        message_id = None  # taken: this one goes
                if message is None or message_id is not None:
                    report.skipped += mine.update(
                        status=Delivery.Status.SKIPPED,
                        claimed_by="",
                        lease_until=None,
                        last_error="No longer receives the newsletter (left, stopped it, or "
                        "suppressed) when it was due to go.",
                    )
                    continue
            stage = Stage.CONNECT
            try:
                pace.wait()
                if not opened:
                    mail.open()
                    opened = True
                stage = Stage.SEND
                mail.send_messages([message])
            except Exception as exc:
                verdict = classify(exc=exc, stage=stage)
                logger.warning("Delivery %s not sent: %s", pk, verdict.error)
                with transaction.atomic():
                    Delivery.objects.filter(
                        pk=pk, claimed_by=worker, status=Delivery.Status.SENDING
                    ).update(status=Delivery.Status.CLAIMED)
                    due = _settle_failure(pk, worker, verdict, reader.email, report)
                    if verdict.outcome is Outcome.CONNECTION:
                        report.connection_error = verdict.error
                        report.deferred += Delivery.objects.filter(
                            pk__in=[p for p, _ in rows[index + 1 :]],
                            claimed_by=worker,
                            status=Delivery.Status.CLAIMED,
                        ).update(
                            status=Delivery.Status.QUEUED,
                            claimed_by="",
                            lease_until=None,
                            next_attempt_at=due,
                        )
                        return due
                continue
            report.sent += Delivery.objects.filter(
                pk=pk, claimed_by=worker, status=Delivery.Status.SENDING
            ).update(
                status=Delivery.Status.SENT,
                claimed_by="",
                lease_until=None,
                last_error="",
                sent_at=timezone.now(),
            )
    finally:
        try:
            mail.close()
        except Exception:  # noqa: S110 — closing a broken connection may fail; nothing to do
            pass
    return None


def issue_send_batch(*, issue_id: int, token: str) -> BatchReport:
    """Send one batch of an issue (run by the worker: ``send_issue_batch``), then queue the
    next. Not atomic as a whole: each message commits on its own, which is what makes a
    stopped worker cost no second copy (see the module's docstring)."""
    report = BatchReport()
    worker = uuid.uuid4().hex
    issue, next_token, rows = _claim(issue_id, token, worker, timezone.now(), report)
    if issue is None:
        return report
    come_back = _send(issue, rows, worker, report)
    with transaction.atomic():
        current = NewsletterIssue.objects.select_for_update().filter(pk=issue_id).first()
        if (
            current is not None
            and current.status == NewsletterIssue.Status.SENDING
            and next_token in current.send_token.split()
        ):
            _enqueue(send_issue_batch, at=come_back, issue_id=issue_id, token=next_token)
    logger.info(
        "Newsletter issue %s batch: %s sent, %s skipped, %s failed, %s to retry",
        issue_id,
        report.sent,
        report.skipped,
        report.failed,
        report.retrying + report.deferred,
    )
    return report


@task(priority=BATCH_PRIORITY)
def send_issue_batch(*, issue_id: int, token: str) -> dict:
    """Send one batch of a newsletter issue (below every other task in priority)."""
    report = issue_send_batch(issue_id=issue_id, token=token)
    return {
        "sent": report.sent,
        "skipped": report.skipped,
        "failed": report.failed,
        "stale": report.stale,
        "finished": report.finished,
    }


def issue_drain(*, issue_id: int, now: datetime | None = None) -> int:
    """Send what is due of an issue here and now, batch after batch (a command, or a test
    without a worker); returns how many were sent. The chain of tasks does the same."""
    sent = 0
    while True:
        issue = NewsletterIssue.objects.filter(pk=issue_id).first()
        if issue is None or issue.status != NewsletterIssue.Status.SENDING:
            return sent
        report = issue_send_batch(issue_id=issue_id, token=issue.send_token.split()[0])
        sent += report.sent
        if report.stale or report.finished or not report.claimed or report.connection_error:
            return sent


@transaction.atomic
def issue_retry_failed(*, issue: NewsletterIssue) -> int:
    """Queue an issue's failed deliveries again (staff: "Retry failures"), interrupted ones
    included; the issue goes back to "sending". Returns how many."""
    locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if locked.status not in {
        NewsletterIssue.Status.SENT_WITH_FAILURES,
        NewsletterIssue.Status.SENDING,
    }:
        return 0
    count = Delivery.objects.filter(issue=locked, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_by="",
        lease_until=None,
        message_id=None,
    )
    if not count:
        return 0
    locked.status = NewsletterIssue.Status.SENDING
    locked.finished_at = None
    locked.send_token = _new_chains()
    locked.save(update_fields=["status", "finished_at", "send_token"])
    _start_chains(locked)
    return count
