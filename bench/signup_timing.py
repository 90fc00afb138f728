"""How long signup, sign-in-link and password-reset requests take, for members' addresses and
for unknown ones: a quick benchmark, not a test (timings depend on the machine).

    .venv/bin/python bench/signup_timing.py [--requests 200] [--seed 8]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_<name> .venv/bin/python bench/...
    .venv/bin/python bench/signup_timing.py --source /tmp/older-checkout   # before/after

It makes a throwaway test database (``test_<name>`` on PostgreSQL, memory on SQLite), with
N members and N unknown addresses per form, and posts each address once, members and unknown
addresses shuffled together, each from its own client IP (so no rate limit is reached),
through Django's test client with the production task backend (tasks are stored for the
worker, not run). For each form it prints the mean and standard deviation (milliseconds) of
both groups and Welch's z = (mean_member - mean_unknown) / sqrt(sd_m²/n + sd_u²/n): |z| below
about 2 is no difference these N requests can show.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path


def _parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="per group and form")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per form")
    parser.add_argument("--seed", type=int, default=8, help="for the shuffle")
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the checkout to measure (default: this one)",
    )
    return parser.parse_args()


def _setup(source: Path):
    sys.path.insert(0, str(source))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lordspress.settings")
    os.environ.setdefault("DEBUG", "1")  # development settings; DEBUG is off while timing
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # no query log, as in production
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.db import connection

    return connection, connection.creation.create_test_db(verbosity=0, autoclobber=True)


def _members(prefix: str, count: int) -> list[str]:
    from lordspress.core.models import User
    from newsletter.models import Subscriber

    addresses = [f"{prefix}{n}@example.org" for n in range(count)]
    for address in addresses:
        user = User.objects.create_user(address, password=None)
        Subscriber.objects.create(
            email=address, user=user, status=Subscriber.Status.CONFIRMED, newsletter=True
        )
    return addresses


def _signup_data(email: str) -> dict:
    from django.core import signing

    from newsletter.forms import _STARTED_SALT

    started = signing.dumps(int(time.time()) - 10, salt=_STARTED_SALT)
    return {"email": email, "name": "", "started": started, "website": "", "source": "box"}


FORMS = {
    "signup": ("/newsletter/subscribe/", _signup_data),
    "sign-in link": ("/accounts/login/link/", lambda email: {"email": email}),
    "password reset": ("/accounts/password/reset/", lambda email: {"email": email}),
}


def _ips():
    for a in range(1, 255):
        for b in range(1, 255):
            yield f"10.{a}.{b}.1"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _summary(values: list[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.stdev(values)


def main() -> None:
    options = _parse()
    connection, test_db = _setup(options.source)
    from django.test import Client

    rng = random.Random(options.seed)  # noqa: S311 - a shuffle, not a secret
    ips = _ips()
    client = Client()
    n = options.requests
    _say(f"{connection.vendor} ({test_db}), {n} requests per group, source {options.source}")
    _say(f"{'form':<16}{'member ms':>16}{'unknown ms':>16}{'diff ms':>10}{'z':>8}")
    try:
        for index, (form, (url, data)) in enumerate(FORMS.items()):
            for w in range(options.warmup):
                client.post(url, data(f"warm{index}-{w}@example.org"), REMOTE_ADDR=next(ips))
            plan = [("member", a) for a in _members(f"member{index}-", n)] + [
                ("unknown", f"unknown{index}-{k}@example.org") for k in range(n)
            ]
            rng.shuffle(plan)
            times = {"member": [], "unknown": []}
            for group, address in plan:
                payload, ip = data(address), next(ips)
                start = time.perf_counter()
                response = client.post(url, payload, REMOTE_ADDR=ip)
                times[group].append((time.perf_counter() - start) * 1000)
                if response.status_code != 303:
                    raise SystemExit(f"{form}: {address} answered {response.status_code}")
            (m_mean, m_sd), (u_mean, u_sd) = _summary(times["member"]), _summary(times["unknown"])
            z = (m_mean - u_mean) / ((m_sd**2 / n + u_sd**2 / n) ** 0.5)
            _say(
                f"{form:<16}{m_mean:>9.2f} ±{m_sd:>5.2f}{u_mean:>9.2f} ±{u_sd:>5.2f}"
                f"{m_mean - u_mean:>10.2f}{z:>8.2f}"
            )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
