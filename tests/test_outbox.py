"""Email that is never lost: a real SMTP server on 127.0.0.1 goes up, down and up again."""

import logging
import smtplib
import socket
from datetime import timedelta
from email import message_from_string
from types import SimpleNamespace

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lordspress.core.logging import RedactTokensFilter
from lordspress.outbox import services as outbox
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import (
    HARD_BOUNCE_STATUSES,
    Outcome,
    Stage,
    _claim,
    classify,
    email_kind,
    outbox_deliver_due,
    outbox_queue,
)
from newsletter.models import EmailToken, Subscriber, Suppression
from newsletter.selectors import email_hash, is_suppressed
from tests.members import SUBSCRIBE_URL, link_to, links_in, signup_data

pytestmark = pytest.mark.django_db


@email_kind("tests.note")
def _note(row):
    return EmailMessage(subject=row.context.get("subject", "A note"), body="Text.", to=[row.to])


DROP = "drop the connection"


class Mailbox:
    """An SMTP server's handler: keeps what it accepts, refuses what it is told to.

    ``refuse`` refuses every recipient (550 5.1.1). ``script`` answers one mail transaction
    (its number: 1 is the first MAIL FROM this server sees, over every connection) at one
    stage, "MAIL", "RCPT" or "DATA", with the reply given, or drops the connection there
    without a word (``DROP``). ``refuse_session`` answers EHLO and HELO with its reply.
    """

    def __init__(self):
        self.messages = []
        self.refuse = False
        self.refuse_session = ""
        self.script: dict[int, tuple[str, str]] = {}
        self.transactions = 0
        self.sessions = 0  # EHLOs: one per SMTP session

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        if self.refuse_session:
            return [self.refuse_session]
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        if self.refuse_session:
            return self.refuse_session
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.transactions += 1
        if scripted := self._scripted(server, "MAIL"):
            return scripted
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 No such mailbox here"
        if scripted := self._scripted(server, "RCPT"):
            return scripted
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if scripted := self._scripted(server, "DATA"):
            return scripted
        self.messages.append(envelope.content.decode("utf-8", errors="replace"))
        return "250 Message accepted for delivery"

    def _scripted(self, server, stage: str) -> str:
        wanted, reply = self.script.get(self.transactions, ("", ""))
        if wanted != stage:
            return ""
        if reply == DROP:
            server.transport.close()
            return "250 Nobody hears this: the connection is closed"
        return reply


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    port = _free_port()
    mailbox = Mailbox()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 3
    state = {"controller": None}

    def up():
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        state["controller"] = controller

    def down():
        if state["controller"] is not None:
            state["controller"].stop()
            state["controller"] = None

    up()
    yield SimpleNamespace(mailbox=mailbox, up=up, down=down)
    down()


def _messages_about(mailbox, words: str) -> list[str]:
    return [m for m in mailbox.messages if words in m]


def test_the_whole_flow_survives_the_mail_server_going_down_and_back(client, smtp, on_commit):
    # Server up: the confirmation goes out at once.
    on_commit(client.post, SUBSCRIBE_URL, signup_data("reader@example.org"))
    assert len(_messages_about(smtp.mailbox, "Please confirm your subscription")) == 1
    confirm_path = (
        "/"
        + next(
            link for link in smtp.mailbox.messages[0].split() if "/newsletter/confirm/" in link
        ).split("/", 3)[3]
    )

    # Server down: confirming still works; the credentials email waits in the outbox.
    smtp.down()
    response = on_commit(client.post, confirm_path)
    assert response.status_code == 302
    row = OutboundEmail.objects.get(kind="newsletter.credentials")
    assert row.status == OutboundEmail.Status.PENDING
    assert row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert timedelta(seconds=50) < row.next_attempt_at - timezone.now() <= timedelta(seconds=60)

    call_command("deliver_outbox", verbosity=0)  # too early: nothing is due yet
    row.refresh_from_db()
    assert row.attempts == 1 and row.status == OutboundEmail.Status.PENDING

    # Server back, the backoff elapsed: sent exactly once.
    smtp.up()
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        call_command("deliver_outbox", verbosity=0)
        call_command("deliver_outbox", verbosity=0)
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT and row.sent_at is not None
    assert row.message_id
    assert len(_messages_about(smtp.mailbox, "Login name: reader@example.org")) == 1


def test_backoff_grows_and_the_email_finally_fails_with_its_reason(smtp):
    smtp.down()
    row = outbox_queue(kind="tests.note", to="someone@example.org")
    delays = []
    now = timezone.now()
    for _ in range(8):
        outbox_deliver_due(now=now)
        row.refresh_from_db()
        if row.status != OutboundEmail.Status.PENDING:
            break
        delays.append(round((row.next_attempt_at - now).total_seconds()))
        now = row.next_attempt_at
    assert delays[:4] == [60, 300, 1800, 7200]
    assert row.status == OutboundEmail.Status.FAILED
    assert row.attempts == 8
    assert row.last_error


def test_a_permanent_refusal_fails_at_once_with_the_servers_reason(smtp):
    smtp.mailbox.refuse = True
    row = outbox_queue(kind="tests.note", to="nobody@example.org")
    report = outbox_deliver_due()
    row.refresh_from_db()
    assert report.failed == 1
    assert row.status == OutboundEmail.Status.FAILED
    assert row.attempts == 1
    assert "550" in row.last_error and "No such mailbox" in row.last_error


def test_rows_claimed_by_a_worker_that_died_are_sent_after_the_lease(smtp):
    row = outbox_queue(kind="tests.note", to="patient@example.org")
    _claim(worker="a-worker-that-died", now=timezone.now(), limit=10)  # and then nothing
    assert outbox_deliver_due().sent == 0  # still leased to the dead worker
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert outbox_deliver_due().sent == 1
        assert outbox_deliver_due().sent == 0
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT
    assert len(smtp.mailbox.messages) == 1


def test_transactional_mail_goes_before_newsletter_batches(smtp):
    for number in range(3):
        outbox_queue(
            kind="tests.note",
            to=f"reader{number}@example.org",
            context={"subject": "Newsletter"},
            priority=OutboundEmail.Priority.BULK,
        )
    outbox_queue(kind="tests.note", to="new@example.org", context={"subject": "Sign-in link"})
    outbox_deliver_due(limit=1)
    assert "Subject: Sign-in link" in smtp.mailbox.messages[0]


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_delivers_queued_email(client, settings):
    """The real queue: django-tasks-db stores the task, `db_worker --batch` runs it (in real
    transactions, as the worker closes its database connections)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client.post(SUBSCRIBE_URL, signup_data("queued@example.org"))
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Please confirm your subscription to Lord’s Press"]


def test_tokens_are_never_stored_in_plaintext_nor_logged(client, on_commit, caplog):
    caplog.set_level(logging.DEBUG)
    on_commit(client.post, SUBSCRIBE_URL, signup_data("careful@example.org"))
    on_commit(client.post, link_to("/confirm/"))
    tokens = [
        link.rstrip("/").rsplit("/", 1)[1]
        for message in mail.outbox
        for link in links_in(message)
        if "/confirm/" in link or "/sign-in/" in link or "/password/set/" in link
    ]
    assert len(tokens) == 3
    stored = " ".join(
        f"{row.context} {row.last_error}" for row in OutboundEmail.objects.all()
    ) + " ".join(EmailToken.objects.values_list("token_hash", flat=True))
    logged = " ".join(record.getMessage() for record in caplog.records)
    for token in tokens:
        assert token not in stored
        assert token not in logged


def test_request_logs_do_not_keep_link_tokens():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1,
        '"GET /newsletter/confirm/%s/ HTTP/1.1" 200 512', ("Abc123_-xyzXYZ0987654321abcdef",), None,
    )  # fmt: skip
    RedactTokensFilter().filter(record)
    assert "Abc123" not in record.getMessage()
    assert "/newsletter/confirm/[redacted]/" in record.getMessage()


def test_staff_see_the_outbox_and_retry_failed_email(admin_client, smtp, on_commit):
    smtp.mailbox.refuse = True
    row = outbox_queue(kind="tests.note", to="refused@example.org")
    outbox_deliver_due()
    listing = admin_client.get("/admin/outbox/outboundemail/?status__exact=failed")
    assert b"refused@example.org" in listing.content
    detail = admin_client.get(f"/admin/outbox/outboundemail/{row.pk}/change/")
    assert b"No such mailbox" in detail.content
    smtp.mailbox.refuse = False
    on_commit(
        admin_client.post,
        "/admin/outbox/outboundemail/",
        {"action": "retry", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT


def test_a_message_with_a_header_django_refuses_fails_at_once_not_retried(smtp):
    """A fault of the message itself (here a line break in the subject, which Django refuses
    with BadHeaderError) fails the row once, with the reason: retrying cannot cure it."""
    row = outbox_queue(
        kind="tests.note",
        to="reader@example.org",
        context={"subject": "Spring issue\nBcc: everyone@example.org"},
    )
    report = outbox_deliver_due()
    row.refresh_from_db()
    assert (report.failed, report.retrying) == (1, 0)
    assert row.status == OutboundEmail.Status.FAILED and row.attempts == 1
    assert "BadHeaderError" in row.last_error and "newlines" in row.last_error
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert outbox_deliver_due().handled == 0
    assert smtp.mailbox.messages == []


def test_an_issue_stored_with_a_line_break_in_its_subject_goes_out_on_one_line(smtp):
    """A row written before subjects were one line (or by raw SQL): the subject is made one
    line when the email is built, so no header can be forged and the email is sent."""
    from django.db import connection

    from newsletter.models import NewsletterIssue

    issue = NewsletterIssue.objects.create(subject="Spring issue")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE newsletter_newsletterissue SET subject = %s WHERE id = %s",
            ["Spring issue\r\nBcc: everyone@example.org", issue.pk],
        )
    row = outbox_queue(
        kind="newsletter.issue", to="desk@example.org", context={"issue_id": issue.pk, "test": True}
    )
    assert outbox_deliver_due().sent == 1
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT
    [raw] = smtp.mailbox.messages
    message = message_from_string(raw)
    assert message["Subject"] == "[Test] Spring issue Bcc: everyone@example.org"
    assert message["Bcc"] is None


@email_kind("tests.missing_template")
def _missing_template(row):
    from lordspress.outbox.emails import build_email

    return build_email(to=row.to, subject="Hello", template="no_such_template", context={})


@email_kind("tests.database_away")
def _database_away(row):
    from django.db import OperationalError

    raise OperationalError("server closed the connection unexpectedly")


def test_a_render_error_fails_at_once_but_a_database_outage_waits(smtp):
    broken = outbox_queue(kind="tests.missing_template", to="a@example.org")
    waiting = outbox_queue(kind="tests.database_away", to="b@example.org")
    report = outbox_deliver_due()
    broken.refresh_from_db()
    waiting.refresh_from_db()
    assert (report.failed, report.retrying) == (1, 1)
    assert broken.status == OutboundEmail.Status.FAILED and broken.attempts == 1
    assert "TemplateDoesNotExist" in broken.last_error
    assert waiting.status == OutboundEmail.Status.PENDING and waiting.attempts == 1
    assert "server closed the connection" in waiting.last_error


# --- every SMTP outcome judged once: this message, or the connection -------------------------

PENDING, SENT, FAILED = (
    OutboundEmail.Status.PENDING,
    OutboundEmail.Status.SENT,
    OutboundEmail.Status.FAILED,
)

# What a reply to one message's command means (RFC 5321 section 4.2.1: 4yz transient, 5yz
# permanent; section 3.8: 421 closes the channel), and a connection dropped without a word.
MEANING = {
    "451 4.7.1 Greylisted, try again later": "this message later",
    "452 4.2.2 Mailbox full": "this message later",
    "550 5.1.1 No such mailbox here": "this message never",
    "552 5.3.4 Message too big": "this message never",
    "554 5.7.1 Refused as spam": "this message never",
    "421 4.3.2 Shutting down, closing the connection": "the connection",
    DROP: "the connection",
}


def _queue_notes(count: int) -> list[OutboundEmail]:
    return [outbox_queue(kind="tests.note", to=f"reader{n}@example.org") for n in range(count)]


def _states(rows) -> list[tuple[str, int]]:
    for row in rows:
        row.refresh_from_db()
    return [(row.status, row.attempts) for row in rows]


@pytest.mark.parametrize("stage", ["MAIL", "RCPT", "DATA"])
@pytest.mark.parametrize("reply", list(MEANING))
def test_a_reply_to_one_message_settles_that_message_and_blames_no_other(smtp, stage, reply):
    """The second of three messages meets the reply at MAIL FROM, RCPT TO or DATA. A 4xx or
    5xx is that message's alone: the others go out. A 421 or a dropped connection stops the
    batch: the message being sent gets the attempt, the one never tried keeps its count
    (0), its last error (none) and waits for the same moment."""
    rows = first, second, third = _queue_notes(3)
    smtp.mailbox.script[2] = (stage, reply)
    now = timezone.now()
    report = outbox_deliver_due(now=now)
    meaning = MEANING[reply]
    states = _states(rows)

    assert states[0] == (SENT, 1)
    assert states[1] == ((FAILED, 1) if meaning == "this message never" else (PENDING, 1))
    assert second.last_error
    if meaning == "the connection":
        assert states[2] == (PENDING, 0) and third.last_error == ""
        assert third.next_attempt_at == second.next_attempt_at == now + timedelta(seconds=60)
        assert (report.sent, report.deferred) == (1, 1) and report.connection_error
    else:
        assert states[2] == (SENT, 1)
        assert (report.sent, report.deferred, report.connection_error) == (2, 0, "")
    if meaning == "this message later":
        assert second.next_attempt_at == now + timedelta(seconds=60)
    assert len(smtp.mailbox.messages) == report.sent  # what the server kept, nothing more

    # The retry: whatever may still go goes, each message once.
    outbox_deliver_due(now=now + timedelta(seconds=61))
    after = _states(rows)
    assert after[0] == (SENT, 1)
    assert after[1] == ((FAILED, 1) if meaning == "this message never" else (SENT, 2))
    assert after[2] == (SENT, 1)
    assert len(smtp.mailbox.messages) == 2 if meaning == "this message never" else 3


@pytest.mark.parametrize("way", ["server down", "session refused"])
def test_a_server_out_of_reach_costs_only_the_first_message_an_attempt(smtp, way):
    """Nothing was sent when the server cannot be reached or refuses the session (EHLO and
    HELO answered 554): the first message counts the attempt and holds the backoff, the
    others wait with it, their count and last error unchanged."""
    rows = _queue_notes(3)
    if way == "server down":
        smtp.down()
    else:
        smtp.mailbox.refuse_session = "554 5.7.1 Not now"
    now = timezone.now()
    report = outbox_deliver_due(now=now)
    assert _states(rows) == [(PENDING, 1), (PENDING, 0), (PENDING, 0)]
    assert rows[0].last_error and rows[1].last_error == rows[2].last_error == ""
    assert {row.next_attempt_at for row in rows} == {now + timedelta(seconds=60)}
    assert (report.retrying, report.deferred, report.handled) == (1, 2, 1)

    if way == "server down":
        smtp.up()
    else:
        smtp.mailbox.refuse_session = ""
    outbox_deliver_due(now=now + timedelta(seconds=61))
    assert _states(rows) == [(SENT, 2), (SENT, 1), (SENT, 1)]
    assert len(smtp.mailbox.messages) == 3


def test_one_message_told_to_wait_does_not_hold_back_the_queue(smtp):
    """More than a batch is due and one message is greylisted: the worker goes on to the
    next batch (the message waits its backoff, it is not due again), so everything else goes
    out in this run. A broken connection stops the run instead."""
    rows = _queue_notes(25)
    smtp.mailbox.script[2] = ("RCPT", "451 4.7.1 Greylisted, try again later")
    call_command("deliver_outbox", verbosity=0)
    states = _states(rows)
    assert states[1] == (PENDING, 1)
    assert states[:1] + states[2:] == [(SENT, 1)] * 24
    assert len(smtp.mailbox.messages) == 24

    more = _queue_notes(3)
    smtp.mailbox.script[smtp.mailbox.transactions + 1] = ("MAIL", DROP)
    call_command("deliver_outbox", verbosity=0)
    assert _states(more) == [(PENDING, 1), (PENDING, 0), (PENDING, 0)]
    assert len(smtp.mailbox.messages) == 24


def _exception(kind: type, code: int) -> Exception:
    """An instance of one of smtplib's exceptions, as smtplib raises it, with ``code``."""
    reply = b"4.0.0 a reply" if code < 500 else b"5.0.0 a reply"
    if kind is smtplib.SMTPRecipientsRefused:
        return kind({"reader@example.org": (code, reply)})
    if kind is smtplib.SMTPSenderRefused:
        return kind(code, reply, "desk@lordspress.example")
    if issubclass(kind, smtplib.SMTPResponseException):
        return kind(code, reply)
    return kind("a message")


# Every exception smtplib raises, by what it is about: "reply" (one message's command, judged
# by the server's code), "session" (the conversation itself), "client" (refused by smtplib
# before anything was sent, for this message: it fails the same way every time).
SMTPLIB_EXCEPTIONS = {
    "SMTPException": "client",
    "SMTPNotSupportedError": "client",
    "SMTPServerDisconnected": "session",
    "SMTPResponseException": "reply",
    "SMTPSenderRefused": "reply",
    "SMTPRecipientsRefused": "reply",
    "SMTPDataError": "reply",
    "SMTPConnectError": "session",
    "SMTPHeloError": "session",
    "SMTPAuthenticationError": "session",
}


def test_every_smtplib_exception_is_judged_by_what_it_is_about():
    """A walk over smtplib: each of its exceptions (all of them ``OSError``) is judged as
    the table says, at every reply code, so none is taken for a socket error by accident;
    an exception a new Python adds fails here until it is placed."""
    found = {
        name
        for name, value in vars(smtplib).items()
        if isinstance(value, type) and issubclass(value, smtplib.SMTPException)
    }
    assert found == set(SMTPLIB_EXCEPTIONS), "place the new smtplib exception in the table"
    by_code = {421: Outcome.CONNECTION, 451: Outcome.RETRY, 452: Outcome.RETRY}
    by_code |= {550: Outcome.FAILED, 552: Outcome.FAILED, 554: Outcome.FAILED}
    for name, about in SMTPLIB_EXCEPTIONS.items():
        for code, meaning in by_code.items():
            verdict = classify(exc=_exception(getattr(smtplib, name), code), stage=Stage.SEND)
            expected = {"reply": meaning, "session": Outcome.CONNECTION}.get(about, Outcome.FAILED)
            assert verdict.outcome is expected, (name, code)
            # Opening the connection, anything is the connection's.
            connecting = classify(exc=_exception(getattr(smtplib, name), code), stage=Stage.CONNECT)
            assert connecting.outcome is Outcome.CONNECTION, (name, code)
    for socket_error in (ConnectionResetError(), TimeoutError(), BrokenPipeError(), OSError()):
        assert classify(exc=socket_error, stage=Stage.SEND).outcome is Outcome.CONNECTION
        # The storage or network away while building the message is that message's to retry.
        assert classify(exc=socket_error, stage=Stage.RENDER).outcome is Outcome.RETRY
    for fault in (ValueError("bad header"), UnicodeEncodeError("ascii", "é", 0, 1, "no")):
        assert classify(exc=fault, stage=Stage.SEND).outcome is Outcome.FAILED
        assert classify(exc=fault, stage=Stage.RENDER).outcome is Outcome.FAILED


def test_one_recipient_told_to_wait_makes_the_whole_message_wait():
    """A message with several recipients, all refused: one 421 is the connection's, one
    4xx makes the message worth another try, only 5xx for all of them fails it."""

    def judged(*codes):
        refused = {f"r{n}@example.org": (code, b"x") for n, code in enumerate(codes)}
        return classify(exc=smtplib.SMTPRecipientsRefused(refused), stage=Stage.SEND).outcome

    assert judged(550, 421) is Outcome.CONNECTION
    assert judged(550, 451) is Outcome.RETRY
    assert judged(550, 553) is Outcome.FAILED


# --- a subscriber's address refused for good: a hard bounce, suppressed ----------------------


def _subscriber(email: str) -> Subscriber:
    return Subscriber.objects.create(
        email=email, status=Subscriber.Status.CONFIRMED, newsletter=True
    )


def test_a_subscribers_mailbox_that_does_not_exist_is_suppressed_as_a_hard_bounce(smtp):
    subscriber = _subscriber("gone@example.org")
    row = outbox_queue(kind="tests.note", to="gone@example.org")
    waiting = outbox_queue(
        kind="tests.note", to="gone@example.org", send_after=timezone.now() + timedelta(hours=1)
    )
    other = outbox_queue(kind="tests.note", to="here@example.org")
    smtp.mailbox.script[1] = (
        "RCPT",
        "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown",
    )
    report = outbox_deliver_due()
    assert (report.failed, report.sent) == (1, 1)
    assert _states([row, other]) == [(FAILED, 1), (SENT, 1)]
    assert "User unknown" in row.last_error

    suppression = Suppression.objects.get(email_hash=email_hash("gone@example.org"))
    assert suppression.reason == Suppression.Reason.BOUNCE and suppression.is_active
    assert suppression.created_by is None
    assert "550 5.1.1" in suppression.note and f"outgoing email {row.pk}" in suppression.note
    assert "gone" not in suppression.note  # only the hash of an address is kept
    assert is_suppressed(email="gone@example.org")
    subscriber.refresh_from_db()
    assert not subscriber.newsletter and subscriber.unsubscribed_at is not None
    waiting.refresh_from_db()
    assert waiting.status == OutboundEmail.Status.CANCELLED


@pytest.mark.parametrize(
    ("address", "reply"),
    [
        ("here@example.org", "550 5.7.1 Relay access denied"),  # policy, not the address
        ("here@example.org", "554 5.7.1 Refused as spam"),
        ("here@example.org", "550 No such user here"),  # no enhanced status: we cannot tell
        ("here@example.org", "450 4.1.1 Try again later"),  # temporary
        ("stranger@example.org", "550 5.1.1 No such mailbox here"),  # not a subscriber
    ],
)
def test_refusals_that_say_nothing_about_a_subscribers_mailbox_suppress_nothing(
    smtp, address, reply
):
    subscriber = _subscriber("here@example.org")
    row = outbox_queue(kind="tests.note", to=address)
    smtp.mailbox.script[1] = ("RCPT", reply)
    outbox_deliver_due()
    row.refresh_from_db()
    assert row.status != OutboundEmail.Status.SENT and row.attempts == 1
    assert not Suppression.objects.exists()
    subscriber.refresh_from_db()
    assert subscriber.newsletter


@given(code=st.integers(min_value=200, max_value=599), text=st.binary(max_size=80))
def test_any_reply_text_is_judged_without_error_and_bounces_only_on_a_mailbox_status(code, text):
    verdict = classify(
        exc=smtplib.SMTPRecipientsRefused({"reader@example.org": (code, text)}), stage=Stage.SEND
    )
    assert verdict.error
    if verdict.hard_bounce:
        assert 500 <= code < 600
        assert any(
            text.lstrip().startswith(status.encode())
            and not text.lstrip()[len(status) : len(status) + 1].isdigit()
            for status in HARD_BOUNCE_STATUSES
        )


def test_a_hard_bounce_handler_that_fails_costs_the_batch_nothing(smtp, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("the suppression list is away")

    monkeypatch.setitem(outbox._HARD_BOUNCE_HANDLERS, "tests.broken", broken)
    rows = _queue_notes(2)
    smtp.mailbox.script[1] = ("RCPT", "550 5.1.1 No such mailbox here")
    outbox_deliver_due()
    assert _states(rows) == [(FAILED, 1), (SENT, 1)]
    assert "Could not record the hard bounce" in caplog.text
