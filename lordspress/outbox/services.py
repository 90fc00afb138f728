"""Email that is never lost: an outbox table drained by the task worker.

Whatever causes an email writes an ``OutboundEmail`` row in its own transaction
(``outbox_queue``), so the email exists exactly when the change that caused it does. The
worker (``deliver_outbox`` task, or ``manage.py deliver_outbox``) claims due rows under a
lease, renders each one (minting any link token only now), and sends it over one SMTP
connection. Every failure is judged once, by ``classify``, as one of three outcomes:

* ``FAILED``, this message can never go: a 5xx reply to its MAIL FROM, RCPT TO or DATA,
  and every fault of the message itself (a header Django refuses, ``BadHeaderError``; an
  address the server cannot take; a template or renderer error). The row fails at once,
  with the reason, and the batch goes on. When the reply says the recipient's mailbox does
  not exist (enhanced status 5.1.x, ``HARD_BOUNCE_STATUSES``), the hard-bounce handlers
  are told (``on_hard_bounce``: the newsletter suppresses a subscriber's address);
* ``RETRY``, this message, later: a 4xx reply to it (greylisting, a full mailbox), or the
  database away while rendering it. The row waits with exponential backoff (failing after
  ``MAX_ATTEMPTS``), and the batch goes on: the next message is not to blame;
* ``CONNECTION``, the way to the server is broken: it could not be reached or refused the
  session, dropped the connection, timed out, or answered 421 (closing). The message being
  sent gets the attempt and the backoff; the batch stops, and the messages not yet tried go
  back to the queue for the same moment with their attempt count and last error unchanged.

A worker that dies mid-batch leaves rows whose lease expires; the next run takes them up.
Transactional mail (priority 0) always goes before editorial and newsletter mail.
"""

import enum
import logging
import re
import smtplib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from lordspress.core.addresses import canonical_email, is_mailable
from lordspress.outbox.models import OutboundEmail

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
    or if ``to`` is not an address we mail (``lordspress.core.addresses``, judged on its canonical
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
    from lordspress.outbox.tasks import deliver_outbox

    if at is not None and at > timezone.now():
        if not deliver_outbox.get_backend().supports_defer:
            return  # an immediate backend (tests): nothing can wait, the caller drains later
        deliver_outbox.using(run_after=at).enqueue()
    else:
        deliver_outbox.enqueue()


@dataclass
class DeliveryReport:
    """What one run did. ``deferred`` counts rows put back untried because the connection
    broke (``connection_error`` says how); they are not ``handled``."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    deferred: int = 0
    connection_error: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.cancelled

    @property
    def run_again(self) -> bool:
        """Whether another run at once may find more to send: this one handled rows and kept
        its connection. A failure of one message does not stop the queue (the retried row is
        not due again yet); a broken connection does, until the retry it scheduled."""
        return self.handled > 0 and not self.connection_error


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


class Stage(enum.Enum):
    """Where a failure happened: building the message, opening the connection, or sending."""

    RENDER = "render"
    CONNECT = "connect"
    SEND = "send"


class Outcome(enum.Enum):
    """What a failure means for the message and for the rest of the batch (module docstring)."""

    FAILED = "failed"
    RETRY = "retry"
    CONNECTION = "connection"


_GRAVEST_FIRST = (Outcome.CONNECTION, Outcome.RETRY, Outcome.FAILED)


@dataclass(frozen=True)
class Verdict:
    """``classify``'s answer. ``error`` is the reason kept for staff (``last_error``);
    ``hard_bounce`` is the reply's codes ("550 5.1.1") when the server said the recipient's
    mailbox does not exist, else empty."""

    outcome: Outcome
    error: str
    hard_bounce: str = ""


# RFC 3463 enhanced status codes (subject 1, addressing) that say the recipient's address
# does not exist or can never receive mail: bad mailbox (5.1.1), bad domain (5.1.2), bad
# syntax (5.1.3), moved with no forwarding address (5.1.6), domain with a null MX (5.1.10,
# RFC 7505). Not 5.7.x (policy: spam filters, relay denied, which say nothing about the
# address), nor a bare 550 without an enhanced code: as Mailgun's bounce list, which Ghost's
# suppression list follows, keeps only mailbox errors.
HARD_BOUNCE_STATUSES = frozenset({"5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10"})
_ENHANCED_STATUS = re.compile(rb"\A\s*([245]\.\d{1,3}\.\d{1,3})(?![\d.])")

# 421: the server is closing the channel (RFC 5321 section 3.8); smtplib closes it too.
_CLOSING = 421


def _reply_outcome(code: int) -> Outcome:
    """A reply code to one message's command: 5yz permanent, 4yz transient (RFC 5321
    section 4.2.1), 421 or anything that is not a reply code a broken conversation."""
    if code == _CLOSING or not 400 <= code < 600:
        return Outcome.CONNECTION
    return Outcome.FAILED if code >= 500 else Outcome.RETRY


# smtplib's exceptions about the conversation, not one message: the session refused (a
# greeting, EHLO/HELO, login: raised while opening, or by a server that drops its state) or
# the connection lost.
_SESSION_ERRORS = (
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPServerDisconnected,
)


def _as_text(message: bytes | str) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)


def classify(*, exc: BaseException, stage: Stage) -> Verdict:
    """Judge one failure, once, for every path of the worker (module docstring).

    ``stage`` is where it was raised. Anything raised while opening the connection (refused,
    timed out, a greeting, STARTTLS or login refused) is the connection's. While sending,
    smtplib's exceptions carry the server's reply: ``SMTPRecipientsRefused`` (every
    recipient of the message refused at RCPT TO, with a code per recipient),
    ``SMTPSenderRefused`` (MAIL FROM) and ``SMTPDataError`` (DATA) are about this message
    and judged by their code (``_reply_outcome``); ``_SESSION_ERRORS`` are about the
    session. They are all ``OSError`` subclasses,
    so they are judged before the plain ``OSError`` (a socket error: the connection's).
    Other ``SMTPException`` (``SMTPNotSupportedError`` for an address the server cannot
    take) were refused by the client before anything was sent: the message's fault, for
    good. While rendering, the database or storage away (``OperationalError``,
    ``InterfaceError``, ``OSError``) is this message's to retry; everything else (a template
    error, ``BadHeaderError`` and the other ``ValueError`` of building a message) fails the
    same way however often it is tried.
    """
    error = _describe(exc)
    if stage is Stage.CONNECT:
        return Verdict(Outcome.CONNECTION, error)
    if stage is Stage.RENDER:
        transient = isinstance(exc, OSError | OperationalError | InterfaceError)
        return Verdict(Outcome.RETRY if transient else Outcome.FAILED, error)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = list(exc.recipients.values())
        # The gravest outcome among the recipients': one 421 closes the connection, one
        # 4xx makes the whole message worth trying again.
        outcomes = {_reply_outcome(code) for code, _ in replies} or {Outcome.CONNECTION}
        outcome = min(outcomes, key=_GRAVEST_FIRST.index)
        bounces = [_hard_bounce(code, message) for code, message in replies]
        hard = "; ".join(bounces) if outcome is Outcome.FAILED and all(bounces) else ""
        return Verdict(outcome, error, hard_bounce=hard)
    if isinstance(exc, _SESSION_ERRORS):
        return Verdict(Outcome.CONNECTION, error)
    if isinstance(exc, smtplib.SMTPResponseException):
        return Verdict(_reply_outcome(exc.smtp_code), error)
    if isinstance(exc, smtplib.SMTPException):
        return Verdict(Outcome.FAILED, error)
    if isinstance(exc, OSError):
        return Verdict(Outcome.CONNECTION, error)
    return Verdict(Outcome.FAILED, error)


def _hard_bounce(code: int, message: bytes | str) -> str:
    """The reply's codes ("550 5.1.1") when it says the mailbox does not exist, else ""."""
    raw = message if isinstance(message, bytes) else str(message).encode(errors="replace")
    found = _ENHANCED_STATUS.match(raw)
    status = found.group(1).decode() if found else ""
    return f"{code} {status}" if 500 <= code < 600 and status in HARD_BOUNCE_STATUSES else ""


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{code} {_as_text(message)}" for code, message in exc.recipients.values()]
        return "Recipient refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_as_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


HardBounceHandler = Callable[..., object]
_HARD_BOUNCE_HANDLERS: dict[str, HardBounceHandler] = {}


def on_hard_bounce(handler: HardBounceHandler) -> HardBounceHandler:
    """Register what to do when a server refuses an address for good because it does not
    exist (``HARD_BOUNCE_STATUSES``). Called as ``handler(email=…, code="550 5.1.1",
    outgoing_email_id=…)`` in its own transaction, after the row has failed; an error in it
    is logged and changes nothing else. The newsletter suppresses a subscriber's address
    (``newsletter.suppressions.suppression_record_bounce``); bounces that come back later, by
    the mail provider's webhooks, are ``newsletter.feedback``'s. Newsletter issues are sent
    by ``newsletter.sending`` with this module's ``classify``, ``Pace`` and ``backoff``, and
    call the same newsletter handler for a hard bounce."""
    _HARD_BOUNCE_HANDLERS[f"{handler.__module__}.{handler.__qualname__}"] = handler
    return handler


def _tell_hard_bounce(row: OutboundEmail, code: str) -> None:
    for handler in _HARD_BOUNCE_HANDLERS.values():
        try:
            with transaction.atomic():
                handler(email=row.to, code=code, outgoing_email_id=row.pk)
        except Exception:
            logger.exception("Could not record the hard bounce of outgoing email %s", row.pk)


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


def _retry_later(row: OutboundEmail, worker: str, error: str, now: datetime, report) -> datetime:
    """Count the attempt and wait the backoff (or fail after ``MAX_ATTEMPTS``); returns when
    the row is due again (for a failed row, when it would have been)."""
    attempts = row.attempts + 1
    next_attempt = now + backoff(attempts=attempts)
    if attempts >= MAX_ATTEMPTS:
        _mark(row, worker, status=OutboundEmail.Status.FAILED, attempts=attempts, last_error=error)
        report.failed += 1
        return next_attempt
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
    return next_attempt


def _put_back(rows: list[OutboundEmail], worker: str, at: datetime, report) -> None:
    """Rows the batch never tried, because the connection broke first: back to the queue,
    due when the row that found the connection broken is, so the server is not asked again
    sooner; their attempts and last error stay as they were, since nothing was tried."""
    report.deferred += OutboundEmail.objects.filter(
        pk__in=[row.pk for row in rows], claimed_by=worker
    ).update(
        status=OutboundEmail.Status.PENDING, lease_until=None, claimed_by="", next_attempt_at=at
    )
    if rows:
        transaction.on_commit(lambda: schedule_delivery(at=at))


def _settle(row: OutboundEmail, worker: str, verdict: Verdict, now: datetime, report) -> datetime:
    """Act on a failure's verdict for its own row; returns when the row is due again."""
    report.errors.append(verdict.error)
    if verdict.outcome is Outcome.FAILED:
        _fail(row, worker, verdict.error, report)
        if verdict.hard_bounce:
            _tell_hard_bounce(row, verdict.hard_bounce)
        return now
    return _retry_later(row, worker, verdict.error, now, report)


def outbox_deliver_due(*, limit: int = BATCH_SIZE, now: datetime | None = None) -> DeliveryReport:
    """Send what is due, once. Safe to run in several processes at the same time.

    The connection is opened for the first message that has something to send, so a server
    that cannot be reached costs that message (only) an attempt.
    """
    now = now or timezone.now()
    worker = uuid.uuid4().hex
    report = DeliveryReport()
    ids = _claim(worker=worker, now=now, limit=limit)
    if not ids:
        return report
    # If this process dies before it finishes, a run after the lease picks the rows up.
    schedule_delivery(at=now + LEASE + timedelta(seconds=5))
    rows = list(
        OutboundEmail.objects.filter(pk__in=ids, claimed_by=worker).order_by(
            "priority", "next_attempt_at", "pk"
        )
    )
    mail_connection = get_connection(fail_silently=False)
    opened = False
    try:
        for index, row in enumerate(rows):
            renderer = _RENDERERS.get(row.kind)
            try:
                message = renderer(row) if renderer else None
            except Exception as exc:
                logger.exception("Could not render outgoing email %s (%s)", row.pk, row.kind)
                _settle(row, worker, classify(exc=exc, stage=Stage.RENDER), now, report)
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
            stage = Stage.CONNECT
            try:
                if not opened:
                    mail_connection.open()  # one connection for the whole batch
                    opened = True
                stage = Stage.SEND
                mail_connection.send_messages([message])
            except Exception as exc:
                verdict = classify(exc=exc, stage=stage)
                logger.warning("Email %s (%s) not sent: %s", row.pk, row.kind, verdict.error)
                due_again = _settle(row, worker, verdict, now, report)
                if verdict.outcome is Outcome.CONNECTION:
                    report.connection_error = verdict.error
                    _put_back(rows[index + 1 :], worker, due_again, report)
                    break
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


class Pace:
    """At most ``per_second`` messages a second over one run (0: no limit): ``wait()`` before
    each message sleeps until its turn. Bulk senders (newsletter issues) use it with the
    ``NEWSLETTER_MESSAGES_PER_SECOND`` setting, so a provider's sending limit is kept."""

    def __init__(self, per_second: float):
        self.interval = 1 / per_second if per_second > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval


def backoff(*, attempts: int) -> timedelta:
    """How long a message tried ``attempts`` times waits before its next try."""
    return timedelta(seconds=BACKOFF_SECONDS[min(attempts - 1, len(BACKOFF_SECONDS) - 1)])


def outbox_retry(*, emails: QuerySet[OutboundEmail]) -> int:
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
