"""How fast one newsletter issue goes out through the real worker path: a benchmark, not a
test (the figure depends on the machine).

    .venv/bin/python bench/newsletter_send.py [--subscribers 10000] [--workers 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_<name> .venv/bin/python bench/...

It makes a throwaway database (a SQLite file in a temporary folder, or on PostgreSQL a new
database ``<name>_bench_<pid>`` beside the one named, dropped afterwards), migrates it, writes
N synthetic confirmed subscribers who receive the newsletter and an issue of three articles,
starts an SMTP sink on 127.0.0.1 (aiosmtpd, in a process of its own so it does not share the
worker's interpreter), and sends the issue the way production does: "send now" queues the
start task, and ``manage.py db_worker`` processes (with DEBUG off) start it, write the
deliveries and send the batches. It waits until the issue is "sent" and the sink has every
message, and prints as its last line

    sent N in S s (R msg/s), peak RSS M MiB

S runs from "send now" to the issue's last delivery; M is the largest peak resident set of
the worker processes.
"""

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


def _parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="db_worker processes")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait at most")
    return parser.parse_args()


# --- the SMTP sink ---------------------------------------------------------------------------


def _sink(port, received, ready):
    """An SMTP server that accepts everything and counts the messages."""
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def _say(text: str, flush: bool = True) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the throwaway database ------------------------------------------------------------------


def _throwaway_database(folder: Path) -> tuple[str, callable]:
    """A DATABASE_URL of a new, empty database, and how to drop it."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: None
    import psycopg2

    parts = urlsplit(given)
    name = f"{parts.path.lstrip('/') or 'lordspress'}_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg2.connect(admin) as connection:
        connection.autocommit = True
        connection.cursor().execute(f'CREATE DATABASE "{name}"')

    def drop():
        connection = psycopg2.connect(admin)
        connection.autocommit = True
        connection.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def _environment(
    database_url: str, smtp_port: int, batch_size: int, workers: int, folder: Path
) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TZ"}},
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "SITE_URL": "https://www.lordspress.example",
        "ALLOWED_HOSTS": "www.lordspress.example",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "WEATHER_PROVIDER": "off",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "NEWSLETTER_BATCH_SIZE": str(batch_size),
        "NEWSLETTER_MESSAGES_PER_SECOND": "0",
        "NEWSLETTER_PARALLEL_BATCHES": str(workers),
    }


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    args = _parse()
    folder = Path(tempfile.mkdtemp(prefix="lp-newsletter-bench-"))
    database_url, drop_database = _throwaway_database(folder)
    port = _free_port()
    received = multiprocessing.Value("i", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=_sink, args=(port, received, ready), daemon=True)
    sink.start()
    ready.wait(30)
    env = _environment(database_url, port, args.batch_size, args.workers, folder)
    workers = []
    try:
        _say(f"Migrating a throwaway database ({database_url.split(':', 1)[0]})…", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = "lordspress.settings"
        import django

        django.setup()
        from django.utils import timezone

        from newsletter.issues import issue_queue, issue_set_articles
        from newsletter.models import Delivery, NewsletterIssue, Subscriber
        from tests import factories

        _say(f"Writing {args.subscribers} subscribers…", flush=True)
        now = timezone.now()
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=f"reader{n:07d}@bench.example",
                    status=Subscriber.Status.CONFIRMED,
                    newsletter=True,
                    confirmed_at=now,
                )
                for n in range(args.subscribers)
            ),
            batch_size=2000,
        )
        issue = NewsletterIssue.objects.create(
            subject="The week in Lord’s Press (benchmark)",
            preheader="Three pieces from the week",
            introduction="<p>Good day. This week, three pieces from the desk.</p>",
        )
        issue_set_articles(issue=issue, articles=[factories.ArticleFactory() for _ in range(3)])
        for number in range(args.workers):
            workers.append(
                subprocess.Popen(  # noqa: S603 — this interpreter, our manage.py
                    [
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--no-reload",
                        "--no-startup-delay",
                        "--interval",
                        "0.1",
                        "--worker-id",
                        f"bench-{number}",
                    ],
                    cwd=ROOT,
                    env=env,
                )
            )
        time.sleep(2)  # the workers are up and polling
        cpu_before = sum(_cpu_seconds(worker.pid) for worker in workers)
        sink_before = _cpu_seconds(sink.pid)
        _say("Sending…", flush=True)
        started = time.monotonic()
        issue_queue(issue=issue)
        deadline = started + args.timeout
        done = (NewsletterIssue.Status.SENT, NewsletterIssue.Status.SENT_WITH_FAILURES)
        while time.monotonic() < deadline:
            issue.refresh_from_db()
            if issue.status in done and received.value >= issue.recipients:
                break
            time.sleep(0.05)
        else:
            raise SystemExit(f"Gave up after {args.timeout} s: {received.value} received")
        last = Delivery.objects.filter(issue=issue).order_by("-sent_at").first().sent_at
        elapsed = time.monotonic() - started
        # The issue's own span, from "send now" to the last delivery (the poll adds ~50 ms).
        span = min(elapsed, (last - issue.queued_at).total_seconds())
        peak = max(_peak_rss_mib(worker.pid) for worker in workers)
        cpu = sum(_cpu_seconds(worker.pid) for worker in workers) - cpu_before
        sink_cpu = _cpu_seconds(sink.pid) - sink_before
        load = os.getloadavg()[0]
        sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
        if sent != args.subscribers or received.value != sent:
            raise SystemExit(f"Only {sent} sent, {received.value} received")
        _say(
            f"worker CPU {1000 * cpu / sent:.2f} ms a message, SMTP sink CPU "
            f"{1000 * sink_cpu / sent:.2f} ms a message; load average {load:.1f} on "
            f"{os.cpu_count()} CPUs"
        )
        _say(
            f"sent {sent} in {span:.1f} s ({sent / span:.0f} msg/s), peak RSS {peak:.0f} MiB",
            flush=True,
        )
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        sink.terminate()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 — Django may not be set up yet
            pass
        drop_database()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
