"""Newsletter issues through the real worker (``manage.py db_worker`` in its own process) and
a real SMTP server (aiosmtpd on 127.0.0.1), on the test's own database: SQLite (a copy in a
file) or PostgreSQL (the test database itself).

The worker is killed (SIGKILL, nothing to clean up) in the middle of a send and another one
started: nobody gets a second copy. A scheduled issue goes at its time, not before; a sign-in
link queued while a large issue is going out does not wait for it.
"""

import contextlib
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from newsletter.issues import issue_queue, issue_schedule, issue_set_articles
from newsletter.models import NewsletterIssue, Subscriber
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)
SUBJECT = re.compile(rb"^Subject:\s*(.+)$", re.MULTILINE)


class Sink:
    """An SMTP server's handler that keeps, for every message, its recipient, Message-ID,
    subject and when it arrived."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[dict] = []
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        found = MESSAGE_ID.search(envelope.content)
        subject = SUBJECT.search(envelope.content)
        with self.lock:
            self.messages.append(
                {
                    "to": envelope.rcpt_tos[0],
                    "message_id": found.group(1).decode() if found else "",
                    "subject": str(make_header(decode_header(subject.group(1).decode())))
                    if subject
                    else "",
                    "at": time.time(),
                }
            )
        return "250 Message accepted for delivery"

    def about(self, words: str) -> list[dict]:
        with self.lock:
            return [m for m in self.messages if words in m["subject"]]


@pytest.fixture
def sink():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


def _database_url(tmp_path: Path) -> str:
    """This test's database for the worker's process: PostgreSQL's test database as it is
    (the test commits), or SQLite's in-memory one copied to a file (which is then *the*
    database: the test reads and writes it through ``_shell``)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "site.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        return f"sqlite:///{path}"
    s = connection.settings_dict
    password = f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    return (
        f"postgres://{quote(s['USER'] or '', safe='')}{password}@{s['HOST'] or '127.0.0.1'}"
        f":{s['PORT'] or 5432}/{quote(s['NAME'], safe='')}"
    )


class Site:
    """The environment of the worker (and of ``shell``) in other processes."""

    def __init__(self, tmp_path: Path, sink: Sink, **settings: str):
        from django.conf import settings as django_settings

        self.tmp_path = tmp_path
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ENV_FILE": "",
            "DEBUG": "1",
            "SECRET_KEY": django_settings.SECRET_KEY,
            "DATABASE_URL": _database_url(tmp_path),
            "SITE_URL": "https://www.lordspress.example",
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "WEATHER_PROVIDER": "off",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_TIMEOUT": "5",
            "LOG_LEVEL": "WARNING",
            **settings,
        }
        self.workers: list[subprocess.Popen] = []

    @contextmanager
    def worker(self, name: str):
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.2",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(process)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()

    def shell(self, code: str) -> object:
        """Run ``code`` in Django in another process; it sets ``result``, returned here."""
        program = f"import json\nresult = None\n{code}\nprint('RESULT=' + json.dumps(result))"
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", program],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT=")), None)
        assert line is not None, done.stdout + done.stderr
        return json.loads(line.removeprefix("RESULT="))

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text()


def _wait(condition, *, timeout: float, every: float = 0.1, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"gave up waiting: {what}")


def _readers(count: int) -> None:
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{n:05d}@example.org",
                status=Subscriber.Status.CONFIRMED,
                newsletter=True,
                confirmed_at=timezone.now(),
            )
            for n in range(count)
        ]
    )


def _issue(subject: str) -> NewsletterIssue:
    issue = NewsletterIssue.objects.create(subject=subject, preheader="Three pieces")
    issue_set_articles(issue=issue, articles=[factories.ArticleFactory() for _ in range(3)])
    return issue


REPORT = """
from django.db.models import Count
from newsletter.models import Delivery, NewsletterIssue
issue = NewsletterIssue.objects.get(pk={pk})
result = {{
    "status": issue.status,
    "recipients": issue.recipients,
    "states": dict(Delivery.objects.filter(issue=issue).values_list("status").annotate(n=Count("pk"))),
    "sent_ids": list(Delivery.objects.filter(issue=issue, status="sent").values_list("message_id", flat=True)),
    "interrupted_ids": list(Delivery.objects.filter(issue=issue, status="failed", last_error__startswith="Interrupted").values_list("message_id", flat=True)),
}}
"""


@pytest.mark.parametrize("parallel", [1, 2], ids=["one worker", "two workers sending at once"])
def test_a_worker_killed_mid_send_never_costs_anyone_a_second_copy(
    tmp_path, task_queue, sink, settings, parallel
):
    """One worker (or two, each sending its own batches of the issue) is killed in the
    middle of a batch; another worker takes the issue up."""
    settings.NEWSLETTER_PARALLEL_BATCHES = parallel
    readers = 150
    _readers(readers)
    issue = _issue("The week, killed and resumed")
    issue_queue(issue=issue)  # a start task in the database queue, due now
    site = Site(
        tmp_path,
        sink,
        NEWSLETTER_BATCH_SIZE="40",
        NEWSLETTER_MESSAGES_PER_SECOND=str(60 * parallel),
        NEWSLETTER_LEASE_SECONDS="3",
        NEWSLETTER_PARALLEL_BATCHES=str(parallel),
    )
    words = "killed and resumed"
    with contextlib.ExitStack() as others:
        for number in range(1, parallel):
            others.enter_context(site.worker(f"other-{number}"))
        with site.worker("first") as first:
            _wait(lambda: len(sink.about(words)) >= 50, timeout=90, what=site.log("first"))
            first.send_signal(signal.SIGKILL)  # in the middle of a batch, mid-conversation
            first.wait()
    killed_at = len(sink.about(words))
    assert killed_at < readers, "the first worker finished before it was killed"

    with site.worker("second"):
        _wait(
            lambda: site.shell(REPORT.format(pk=issue.pk))["status"] in {"sent", "failures"},
            timeout=120,
            every=1,
            what=site.log("second"),
        )
    report = site.shell(REPORT.format(pk=issue.pk))
    received = Counter(m["to"] for m in sink.about(words))
    assert max(received.values()) == 1, "someone got a second copy"
    by_id = Counter(m["message_id"] for m in sink.about(words))
    assert report["recipients"] == readers
    states = report["states"]
    assert sum(states.values()) == readers
    # Everyone was sent their copy, except at most the one message the kill interrupted
    # while it was being handed over (failed, with a note, and not sent again).
    assert states.get("sent", 0) >= readers - 1
    assert len(report["interrupted_ids"]) == states.get("failed", 0) <= 1
    assert set(report["sent_ids"]) <= set(by_id)
    assert all(by_id[message_id] == 1 for message_id in report["sent_ids"])
    assert len(received) >= readers - 1
    assert report["status"] == ("failures" if states.get("failed") else "sent")


def test_a_scheduled_issue_starts_at_its_time_and_not_before(tmp_path, task_queue, sink):
    _readers(5)
    issue = _issue("The week, on time")
    send_at = timezone.now() + timedelta(seconds=6)
    issue_schedule(issue=issue, send_at=send_at)
    site = Site(tmp_path, sink)
    with site.worker("worker"):
        _wait(lambda: len(sink.about("on time")) == 5, timeout=90, what=site.log("worker"))
        _wait(
            lambda: site.shell(REPORT.format(pk=issue.pk))["status"] == "sent",
            timeout=60,
            every=1,
            what=site.log("worker"),
        )
    first = min(m["at"] for m in sink.about("on time"))
    assert first >= send_at.timestamp()
    assert first - send_at.timestamp() < 60


def test_a_sign_in_link_does_not_wait_behind_a_large_issue(tmp_path, task_queue, sink):
    readers = 400
    _readers(readers)
    member = factories.UserFactory(email="member@example.org")
    issue = _issue("The week, a large issue")
    issue_queue(issue=issue)
    site = Site(tmp_path, sink, NEWSLETTER_BATCH_SIZE="25", NEWSLETTER_MESSAGES_PER_SECOND="50")
    with site.worker("worker"):
        _wait(lambda: len(sink.about("a large issue")) >= 25, timeout=90, what=site.log("worker"))
        site.shell(
            "from newsletter.accounts import send_sign_in_link\n"
            f"send_sign_in_link.enqueue(email={member.email!r})"
        )
        asked = time.time()  # queued (committed) by now
        _wait(lambda: sink.about("sign-in link"), timeout=60, what=site.log("worker"))
        arrived = sink.about("sign-in link")[0]["at"]
        newsletter_so_far = len(sink.about("a large issue"))
        _wait(
            lambda: len(sink.about("a large issue")) == readers,
            timeout=120,
            what=site.log("worker"),
        )
    # It went between two batches (25 messages, half a second at 50 a second), not after
    # the issue's 400 (eight seconds).
    between = [m for m in sink.about("a large issue") if asked <= m["at"] <= arrived]
    assert len(between) <= 2 * 25, len(between)
    assert arrived - asked < 5
    assert newsletter_so_far < readers - 100
    assert max(Counter(m["to"] for m in sink.about("a large issue")).values()) == 1
    # Each batch used one SMTP connection: 400 / 25 = 16 (the sign-in email one more).
    assert sink.sessions <= readers // 25 + 3


def test_the_benchmark_sends_through_the_real_worker_and_reports_its_figures():
    """``manage.py newsletter_benchmark`` (bench/newsletter_send.py) on a few readers: it
    builds its own throwaway database, and its last line is the figure the README records."""
    if connection.vendor != "sqlite":
        pytest.skip("the benchmark makes its own SQLite database: once per CI run is enough")
    env = {**os.environ, "ENV_FILE": "", "DATABASE_URL": "sqlite:///unused.sqlite3"}
    done = subprocess.run(
        [sys.executable, "manage.py", "newsletter_benchmark", "--subscribers", "30"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"sent 30 in \d+\.\d s \(\d+ msg/s\), peak RSS \d+ MiB", last), last
    assert not (ROOT / "unused.sqlite3").exists()
