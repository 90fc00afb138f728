"""Every page type at 100,000 articles, uncached: a benchmark, not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_at_size .venv/bin/python bench/at_size.py
    … bench/at_size.py --articles 100000 --runs 5          # the defaults
    … bench/at_size.py --source /tmp/older-checkout        # the same pages with older code

It seeds the database given by ``DATABASE_URL`` (PostgreSQL) with ``seed_demo --articles N``
unless it holds that many generated articles already (a second run reuses them; the seed
itself is timed and printed), then requests each page through Django's test client, in this
process, in production mode (``DEBUG`` off: cached templates, no query log), with the full
middleware stack and no server: what is timed is Django and the database, not a network.
Before every request the cache is cleared (page cache, site chrome, everything), so each
timing is of an uncached page. For each page it prints the median, fastest and slowest of
``--runs`` single requests, after one untimed request (code and template loading), the
median CPU time of this process for them (Django's share: rendering, ORM, client), and the
number and total time of the queries (one more request, counted), as a Markdown table, with
the machine's load average: on a shared machine the wall times grow with it, the CPU and SQL
times much less. The target is 50 ms.

With ``--source`` the pages are requested from another checkout (its code, templates and
settings) against the same database: migrate that database with this checkout first, so
both see the same rows; the older code simply ignores the newer tables and indexes.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

TARGET_MS = 50
# A word in nearly every generated article, and one in about one in 5,000
# (``lordspress.demo.COMMON_WORD`` and ``RARE_WORD``; written here too so that an older
# checkout, which has no such module, can be measured: tests/test_at_size.py holds them equal).
COMMON_WORD = "treaty"
RARE_WORD = "Orrelsby"


def _say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="generated articles")
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page")
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the checkout to measure (default: this one)",
    )
    parser.add_argument(
        "--no-seed", action="store_true", help="measure the database as it is, seed nothing"
    )
    return parser.parse_args()


def _setup(source: Path) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is seeded if need be).")
    os.environ.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SITE_URL": "http://testserver",
            "ALLOWED_HOSTS": "testserver",
            "ENV_FILE": "",
            "REDIS_URL": "",
            "WEATHER_PROVIDER": "off",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "lordspress.settings",
            # Production mode serves fingerprinted static files from a manifest.
            "STATIC_ROOT": str(source / "var" / "bench-static"),
        }
    )
    sys.path.insert(0, str(source))
    os.chdir(source)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)


def _seed(articles: int) -> None:
    from django.core.management import call_command

    from articles.models import Article
    from lordspress.demo import bulk

    last = bulk.describe(articles).slug
    if Article.objects.filter(slug=last).exists():
        _say(f"Reusing the {articles:,} generated articles already in the database.\n")
        return
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", articles=articles, force=True, verbosity=0)
    _say(f"Seeded {articles:,} generated articles in {time.monotonic() - started:.0f} s.\n")


def _pages() -> list[tuple[str, str, bool]]:
    """(page, address, as a member) for every page type, chosen from the data."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from articles.access import is_members_only
    from articles.models import Article, Category
    from authors.models import Author

    published = Article.objects.published()
    live = Q(articles__status="published", articles__publish_at__lte=timezone.now())
    section = Category.objects.annotate(n=Count("articles", filter=live)).order_by("-n").first()
    byline = Author.objects.annotate(n=Count("articles", filter=live)).order_by("-n").first()
    newest = list(published.order_by("-publish_at")[:200])
    free = next(a for a in newest if not is_members_only(a))
    middle = published.order_by("-publish_at")[published.count() // 2]
    members = next(
        a
        for a in published.filter(publish_at__lte=middle.publish_at).order_by("-publish_at")[:50]
        if is_members_only(a)
    )
    when = timezone.localtime(middle.publish_at)
    search = reverse("articles:search")
    return [
        ("home", "/", False),
        ("section, page 1", section.get_absolute_url(), False),
        ("section, page 500", section.get_absolute_url() + "?page=500", False),
        ("archive index", reverse("articles:archive"), False),
        ("archive year", reverse("articles:archive-year", args=[f"{when:%Y}"]), False),
        (
            "archive month",
            reverse("articles:archive-month", args=[f"{when:%Y}", f"{when:%m}"]),
            False,
        ),
        (f"search, common word ({COMMON_WORD})", f"{search}?q={COMMON_WORD}", False),
        (f"search, rare word ({RARE_WORD})", f"{search}?q={RARE_WORD}", False),
        (f"search as a member ({COMMON_WORD})", f"{search}?q={COMMON_WORD}", True),
        ("article, free", free.get_absolute_url(), False),
        ("article, members-only", members.get_absolute_url(), False),
        ("article, members-only, as a member", members.get_absolute_url(), True),
        ("byline page", byline.get_absolute_url(), False),
    ]


def _member():
    from lordspress.core.models import User

    user, _ = User.objects.get_or_create(email="bench-member@lordspress.example")
    return user


def _measure(pages, runs: int) -> list[tuple]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    anonymous, member = Client(), Client()
    member.force_login(_member())
    rows = []
    for name, url, as_member in pages:
        client = member if as_member else anonymous
        timings, cpu = [], []
        for run in range(runs + 1):
            cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            if run:  # the first is untimed: code and templates load
                timings.append(elapsed)
                cpu.append((time.process_time() - started_cpu) * 1000)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        rows.append((name, url, timings, statistics.median(cpu), len(queries), sql))
    return rows


def main() -> None:
    args = _parse()
    _setup(args.source.resolve())
    if not args.no_seed:
        _seed(args.articles)
    from django.db import connection

    from articles.models import Article

    pages = _pages()
    load = os.getloadavg()
    rows = _measure(pages, args.runs)
    total = Article.objects.count()
    _say(
        f"{total:,} articles, PostgreSQL {connection.pg_version // 10000}, Django test client, "
        f"DEBUG off, cache cleared before each request; median of {args.runs} requests.\n"
    )
    _say(
        f"Load average before: {load[0]:.1f}, after: {os.getloadavg()[0]:.1f} "
        f"({os.cpu_count()} cores).\n"
    )
    _say(
        "| page | address | median ms | fastest | slowest | Django CPU ms | queries | SQL ms "
        "| under 50 ms |"
    )
    _say("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name, url, timings, cpu, queries, sql in rows:
        median = statistics.median(timings)
        _say(
            f"| {name} | `{url}` | {median:.1f} | {min(timings):.1f} | {max(timings):.1f} "
            f"| {cpu:.1f} | {queries} | {sql:.1f} | {'yes' if median < TARGET_MS else '**no**'} |"
        )


if __name__ == "__main__":
    main()
