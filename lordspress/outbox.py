"""Email that is never lost: an outbox table drained by the task worker.

Whatever causes an email writes an ``OutboundEmail`` row in its own transaction
(``outbox_queue``), so the email exists exactly when the change that caused it does. The
worker (``deliver_outbox`` task, or ``manage.py deliver_outbox``) claims due rows under a
lease, renders each one (minting any link token only now), and sends it:

* a temporary failure (server down, timeout, 4xx, the database unreachable while
  rendering) leaves the row pending and retries it with exponential backoff; after
  ``MAX_ATTEMPTS`` it fails;
* anything else is permanent and fails the row at once, with the reason: a 5xx refusal, and
  every fault of the message itself (a header Django refuses, ``BadHeaderError``; an address
  it cannot encode; a template or renderer error), which no retry can cure;
* a worker that dies mid-batch leaves rows whose lease expires; the next run takes them up.

Transactional mail (priority 0) always goes before editorial and newsletter mail.
"""

import logging
import smtplib
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from lordspress.addresses import canonical_email, is_mailable
from lordspress.models import OutboundEmail

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = (60, 300, 1800, 7200, 21600, 43200)
MAX_ATTEMPTS = 8
BATCH_SIZE = 20
LEASE = timedelta(minutes=15)

Renderer = Callable[[OutboundEmail], EmailMessage | None]
_RENDERERS: dict[str, Renderer] = {}


def email_kind(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the function that builds the message for ``kind`` at send time.

    It may return None when the email is no longer wanted (the reader has left, say).
    """

    def register(renderer: Renderer) -> Renderer:
        _RENDERERS[kind] = renderer
        return renderer

    return register


def outbox_queue(
    *,
    kind: str,
    to: str,
    context: dict | None = None,
    priority: int = OutboundEmail.Priority.TRANSACTIONAL,
    dedupe_key: str | None = None,
    send_after: datetime | None = None,
) -> OutboundEmail | None:
    """Queue an email in the caller's transaction; None if ``dedupe_key`` was used before,
    or if ``to`` is not an address we mail (``lordspress.addresses``, judged on its canonical
    form, which is what is stored: forms refuse those, so this catches only rows stored
    before the rule; the caller's work still goes through)."""
    if kind not in _RENDERERS:
        raise ValueError(f"Unknown email kind {kind!r}")
    if not _mailable(kind, to):
        return None
    if dedupe_key and OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            row = OutboundEmail.objects.create(
                kind=kind,
                to=to,
                context=context or {},
                priority=priority,
                dedupe_key=dedupe_key,
                next_attempt_at=send_after or timezone.now(),
            )
    except IntegrityError:  # the same dedupe_key, committed meanwhile by a racing request
        return None
    transaction.on_commit(lambda: schedule_delivery(at=send_after))
    return row


def outbox_queue_many(
    *,
    kind: str,
    emails: list[tuple[str, dict, str]],
    priority: int = OutboundEmail.Priority.BULK,
    batch_size: int = 1000,
) -> int:
    """Queue many emails at once, given as (to, context, dedupe_key); keys already used are
    skipped, so preparing the same batch twice queues nothing more, and so are addresses we do
    not mail (see ``outbox_queue``). Returns the rows added."""
    if kind not in _RENDERERS:
        raise ValueError(f"Unknown email kind {kind!r}")
    emails = [email for email in emails if _mailable(kind, email[0])]
    now = timezone.now()
    before = OutboundEmail.objects.filter(kind=kind).count()
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                kind=kind,
                to=to,
                context=context,
                dedupe_key=key,
                priority=priority,
                next_attempt_at=now,
                created_at=now,
            )
            for to, context, key in emails
        ],
        batch_size=batch_size,
        ignore_conflicts=True,
    )
    transaction.on_commit(schedule_delivery)
    return OutboundEmail.objects.filter(kind=kind).count() - before


def _mailable(kind: str, to: str) -> bool:
    """``to`` passes the mailable rule and, canonical, fits the outbox's column."""
    if (
        is_mailable(to)
        and len(canonical_email(to)) <= OutboundEmail._meta.get_field("to").max_length
    ):
        return True
    domain = to.rsplit("@", 1)[-1] if "@" in to else "(no domain)"
    logger.warning("Not queueing a %s email to an address at %s: we do not mail it", kind, domain)
    return False


def schedule_delivery(*, at: datetime | None = None) -> None:
    """Ask the worker to run the outbox now, or at ``at`` when the backend can defer."""
    from lordspress.tasks import deliver_outbox

    if at is not None and at > timezone.now():
        if not deliver_outbox.get_backend().supports_defer:
            return  # an immediate backend (tests): nothing can wait, the caller drains later
        deliver_outbox.using(run_after=at).enqueue()
    else:
        deliver_outbox.enqueue()


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.cancelled


def _claim(*, worker: str, now: datetime, limit: int) -> list[int]:
    with transaction.atomic():
        due = OutboundEmail.objects.filter(
            Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboundEmail.Status.SENDING, lease_until__lte=now)
        ).order_by("priority", "next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=OutboundEmail.Status.SENDING, lease_until=now + LEASE, claimed_by=worker
        )
    return ids


def _is_permanent(exc: Exception) -> bool:
    """Whether trying again later cannot help (RFC 5321 section 4.2.1: 4yz replies are
    transient, 5yz permanent).

    Only a fault of the way is transient: a 4xx reply, a dropped or refused connection, a
    timeout, the database unreachable while rendering. Everything else is a fault of the
    message or of the code that builds it (``BadHeaderError`` and the other ``ValueError``
    of building a message, ``SMTPNotSupportedError`` for an address the server cannot take,
    a template error) and fails the same way however often it is tried.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return False
    if isinstance(exc, smtplib.SMTPException):
        return True  # refused by the client itself before anything was sent
    return not isinstance(exc, OSError | OperationalError | InterfaceError)


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
            for code, message in exc.recipients.values()
        ]
        return "Recipient refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"{exc.smtp_code} {text}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# Errors that say the connection, not the message, is at fault: the rest of the batch waits.
_CONNECTION_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    socket.timeout,
    TimeoutError,
    OSError,
)


def _mark(row: OutboundEmail, worker: str, **fields) -> None:
    OutboundEmail.objects.filter(pk=row.pk, claimed_by=worker).update(
        lease_until=None, claimed_by="", **fields
    )


def _fail(row: OutboundEmail, worker: str, error: str, report) -> None:
    """Give up on the row: it stays in the outbox, failed, with the reason for staff."""
    _mark(
        row, worker, status=OutboundEmail.Status.FAILED, attempts=row.attempts + 1, last_error=error
    )
    report.failed += 1


def _retry_later(row: OutboundEmail, worker: str, error: str, now: datetime, report) -> None:
    attempts = row.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _mark(row, worker, status=OutboundEmail.Status.FAILED, attempts=attempts, last_error=error)
        report.failed += 1
        return
    delay = BACKOFF_SECONDS[min(attempts - 1, len(BACKOFF_SECONDS) - 1)]
    next_attempt = now + timedelta(seconds=delay)
    _mark(
        row,
        worker,
        status=OutboundEmail.Status.PENDING,
        attempts=attempts,
        last_error=error,
        next_attempt_at=next_attempt,
    )
    report.retrying += 1
    transaction.on_commit(lambda: schedule_delivery(at=next_attempt))


def outbox_deliver_due(*, limit: int = BATCH_SIZE, now: datetime | None = None) -> DeliveryReport:
    """Send what is due, once. Safe to run in several processes at the same time."""
    now = now or timezone.now()
    worker = uuid.uuid4().hex
    report = DeliveryReport()
    ids = _claim(worker=worker, now=now, limit=limit)
    if not ids:
        return report
    # If this process dies before it finishes, a run after the lease picks the rows up.
    schedule_delivery(at=now + LEASE + timedelta(seconds=5))
    rows = OutboundEmail.objects.filter(pk__in=ids, claimed_by=worker).order_by(
        "priority", "next_attempt_at", "pk"
    )
    broken_connection: str | None = None
    mail_connection = get_connection(fail_silently=False)
    try:
        mail_connection.open()  # one connection for the whole batch
    except Exception as exc:
        broken_connection = _describe(exc)
        report.errors.append(broken_connection)
        logger.warning("Mail server unavailable: %s", broken_connection)
    try:
        for row in rows:
            if broken_connection:
                _retry_later(row, worker, broken_connection, now, report)
                continue
            renderer = _RENDERERS.get(row.kind)
            try:
                message = renderer(row) if renderer else None
            except Exception as exc:
                logger.exception("Could not render outgoing email %s (%s)", row.pk, row.kind)
                error = _describe(exc)
                report.errors.append(error)
                if _is_permanent(exc):
                    _fail(row, worker, error, report)
                else:
                    _retry_later(row, worker, error, now, report)
                continue
            if message is None:
                _mark(
                    row,
                    worker,
                    status=OutboundEmail.Status.CANCELLED,
                    last_error="" if renderer else f"Unknown email kind {row.kind!r}",
                )
                report.cancelled += 1
                continue
            try:
                mail_connection.send_messages([message])
            except Exception as exc:
                error = _describe(exc)
                report.errors.append(error)
                if _is_permanent(exc):
                    _fail(row, worker, error, report)
                else:
                    if isinstance(exc, _CONNECTION_ERRORS):
                        broken_connection = error
                    _retry_later(row, worker, error, now, report)
                logger.warning("Email %s (%s) not sent: %s", row.pk, row.kind, error)
                continue
            _mark(
                row,
                worker,
                status=OutboundEmail.Status.SENT,
                attempts=row.attempts + 1,
                sent_at=timezone.now(),
                last_error="",
                message_id=message.extra_headers.get("Message-ID", "")[:250],
            )
            report.sent += 1
    finally:
        try:
            mail_connection.close()
        except Exception:  # noqa: S110 — closing a broken connection may fail; nothing to do
            pass
    return report


def outbox_retry(*, emails) -> int:
    """Put failed (or stuck) emails back in the queue now; returns how many."""
    count = emails.exclude(status=OutboundEmail.Status.SENT).update(
        status=OutboundEmail.Status.PENDING,
        next_attempt_at=timezone.now(),
        lease_until=None,
        claimed_by="",
        attempts=0,
    )
    if count:
        transaction.on_commit(schedule_delivery)
    return count
