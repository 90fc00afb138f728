"""Configuration comes from the environment; mistakes stop the process with one clear line."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lordspress.core.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        # Also what this process's own .env put in its environment, which would otherwise
        # outrank the ENV_FILE a test gives (real environment variables win over .env).
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL", "HOST", "PORT"}
    }
    environment["ENV_FILE"] = ""  # only what the test gives, not a developer's .env
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY is required"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "SITE_URL is required"),
        (
            {"DEBUG": "0", "SECRET_KEY": "x" * 50, "SITE_URL": "https://lp.example"},
            "ALLOWED_HOSTS is required",
        ),
        ({"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ({"DEBUG": "1", "DATABASE_URL": "nonsense"}, "DATABASE_URL is not a usable database"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://u@h/db"}, "must point at SQLite or PostgreSQL"),
        ({"DEBUG": "1", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT='twenty-five' is not a whole"),
        ({"DEBUG": "1", "SITE_URL": "lordspress.example"}, "must be an absolute http(s) address"),
        ({"DEBUG": "1", "LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' must be one of"),
        ({"DEBUG": "1", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "at most one of"),
    ],
)
def test_bad_or_missing_settings_give_one_clear_line_not_a_traceback(env, message):
    result = _manage("check", **env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_start_with_the_required_values():
    result = _manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 30,
        SITE_URL="https://www.lordspress.example",
        ALLOWED_HOSTS="www.lordspress.example",
        SECURE_HSTS_SECONDS="31536000",
    )
    assert result.returncode == 0, result.stderr


def test_env_readers(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("NUMBER", " 12 ")
    monkeypatch.setenv("ITEMS", "a, b,,c ")
    assert env_bool("FLAG", False) is True
    assert env_int("NUMBER", 0) == 12
    assert env_list("ITEMS", []) == ["a", "b", "c"]
    monkeypatch.setenv("FLAG", "")
    assert env_bool("FLAG", True) is True  # empty means "use the default", as in .env.example
    monkeypatch.setenv("NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("NUMBER", 0, minimum=0)


def _site_url(tmp_path, **env) -> str:
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8010"}, "http://127.0.0.1:8010"),
        ({"HOST": "localhost", "PORT": "8010"}, "http://localhost:8010"),
        ({"HOST": "0.0.0.0", "PORT": "8010"}, "http://127.0.0.1:8010"),  # noqa: S104
        ({"HOST": "::1", "PORT": "8010"}, "http://[::1]:8010"),
        (
            {"PORT": "8010", "SITE_URL": "https://www.lordspress.example"},
            "https://www.lordspress.example",
        ),
    ],
)
def test_the_development_site_url_follows_the_served_port_unless_site_url_is_set(
    tmp_path, env, expected
):
    # A fresh clone's .env is a copy of .env.example, which leaves SITE_URL empty.
    assert _site_url(tmp_path, DEBUG="1", ENV_FILE=str(ROOT / ".env.example"), **env) == expected


def test_a_site_url_in_the_env_file_wins_over_the_served_port(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nSITE_URL=https://dev.lordspress.example\n")
    assert _site_url(tmp_path, ENV_FILE=str(env_file), PORT="8010") == (
        "https://dev.lordspress.example"
    )


def test_a_bad_port_gives_one_clear_line():
    for port, message in (("eighty", "PORT='eighty' is not a whole"), ("70000", "at most 65535")):
        result = _manage("check", DEBUG="1", PORT=port)
        assert result.returncode == 2 and message in result.stderr
        assert "Traceback" not in result.stderr


def test_make_run_hands_its_host_and_port_to_every_command():
    result = subprocess.run(
        [shutil.which("make") or "make", "-n", "run", "HOST=localhost", "PORT=8010"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    commands += [line for line in result.stdout.splitlines() if "serve-dev" in line]
    assert len(commands) >= 3
    for command in commands:
        assert "HOST=localhost PORT=8010 " in command, command
    serve_dev = (ROOT / "scripts" / "serve-dev").read_text()
    assert "export HOST PORT" in serve_dev  # runserver and the task worker see them


RENDER_LINKS = """
from django.core.management import call_command
from django.test import Client
from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from newsletter.emails import sign_in

call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1:8010")
print(client.get("/").content.decode())
print(client.get("/feed/").content.decode())
reader = User.objects.create_user("reader@example.org", "a long passphrase")
email = sign_in(OutboundEmail(to=reader.email, kind="newsletter.sign_in", context={"user_id": reader.pk}))
print(email.body, email.alternatives[0][0])
"""


def test_pages_feeds_and_emails_link_to_the_port_being_served(tmp_path):
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        RENDER_LINKS,
        DEBUG="1",
        PORT="8010",
        ENV_FILE=str(ROOT / ".env.example"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert '<link rel="canonical" href="http://127.0.0.1:8010/">' in output
    assert "<link>http://127.0.0.1:8010/</link>" in output  # the RSS channel
    assert "http://127.0.0.1:8010/accounts/sign-in/" in output  # the emailed link
    assert "127.0.0.1:8000" not in output
