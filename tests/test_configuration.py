"""Configuration comes from the environment; mistakes stop the process with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lordspress.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
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
