"""Email that is never lost: a real SMTP server on 127.0.0.1 goes up, down and up again."""

import logging
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

from lordspress.logging import RedactTokensFilter
from lordspress.models import OutboundEmail
from lordspress.outbox import _claim, email_kind, outbox_deliver_due, outbox_queue
from newsletter.models import EmailToken
from tests.members import SUBSCRIBE_URL, link_to, links_in, signup_data

pytestmark = pytest.mark.django_db


@email_kind("tests.note")
def _note(row):
    return EmailMessage(subject=row.context.get("subject", "A note"), body="Text.", to=[row.to])


class Mailbox:
    """An SMTP server's handler: keeps what it accepts, or refuses recipients when told."""

    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", errors="replace"))
        return "250 Message accepted for delivery"


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
    listing = admin_client.get("/admin/lordspress/outboundemail/?status__exact=failed")
    assert b"refused@example.org" in listing.content
    detail = admin_client.get(f"/admin/lordspress/outboundemail/{row.pk}/change/")
    assert b"No such mailbox" in detail.content
    smtp.mailbox.refuse = False
    on_commit(
        admin_client.post,
        "/admin/lordspress/outboundemail/",
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
    from lordspress.emails import build_email

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
