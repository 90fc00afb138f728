"""A database made by main before issue 9's redesign migrates to today's code with every row.

Issue 9 moves models between apps (``lordspress.Sponsor`` to ``sponsors.Sponsor``, ...) with
``SeparateDatabaseAndState``: the tables stay, only Django's state and the content types
move. A site running the old code must be able to deploy the new code and keep everything.
This test does what such a site does, on the database the suite runs on (SQLite, or a
throwaway PostgreSQL database next to the suite's):

1. the code of main before the redesign (``BASE``, extracted with ``git archive``) migrates a
   fresh database, loads the demo journal and adds what the demo does not make (a page's
   revision and old address, queued emails and tasks, a rate-limit bucket, consent records,
   suppressions, group and user permissions on every model of the old project app, admin
   history for each);
2. every table is read through plain SQL: its rows, hashed in a stable order;
3. today's code migrates that database (``manage.py migrate``, the deploy step);
4. every old table still holds the same rows, except the changes listed below with their
   reasons; through today's ORM every old model (under its new label) counts the same rows,
   every permission, log entry and old address still names the same model, every queued
   task still imports; ``makemigrations --check`` agrees with the migrated database;
   today's ``seed_demo`` finds the demo content already there and adds nothing.

When a model moves, add it to ``MOVED_MODELS``; its history model, many-to-many tables and
content type follow from that entry. Any other deliberate change to old rows goes in the
tables below, with why.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

# The last commit of main before issue 9's redesign ("One house"): the code that made every
# database in use before it. Never move it forward: later commits are what must migrate.
BASE = "3520309"

# Models that moved to another app: {"old_label.model": "new_label.model"}, lower or mixed
# case. A model's simple_history model and many-to-many tables move with it, unless listed.
MOVED_MODELS: dict[str, str] = {
    "lordspress.Sponsor": "sponsors.Sponsor",
    "lordspress.Page": "pages.Page",  # with pages.HistoricalPage
    "lordspress.SiteSettings": "sitesettings.SiteSettings",
    "lordspress.SocialLink": "sitesettings.SocialLink",
    "lordspress.OutboundEmail": "outbox.OutboundEmail",
    "lordspress.WeatherReading": "weather.WeatherReading",
    # The many-to-many table became its through model, in place (newsletter 0015).
    "newsletter.newsletterissue_articles": "newsletter.IssueArticle",
}

# Tables whose old rows must all still be there, but which may gain rows.
GROWING_TABLES = {
    "django_migrations": "every migration applied since is added; the old rows stay, or Django "
    "would apply the old migrations again",
    "auth_permission": "a model new since gets its permissions; the old rows keep their ids, "
    "content types and codenames (groups and users point at them)",
    "django_content_type": "a model new since gets a content type; the old rows are checked "
    "one by one below (a moved model's row keeps its id and takes the new app label)",
    "auth_group_permissions": "a group may be granted permissions on a model new since "
    "(GRANTED_PERMISSIONS); the old grants all stay, checked group by group below",
    "consent_cookie": "consent 0008_signed_in_cookie declares the signed-in flag (issue 10), "
    "strictly necessary; the old entries stay as they were",
    "consent_policyversion": "consent 0008_signed_in_cookie publishes the registry with it "
    "when no editor's draft is waiting; the old versions (and the records' proof) stay",
}
# Models new since BASE whose permissions a migration grants to holders of old ones:
# {"label.model": why}. Every other permission a group or user holds must be what it was.
GRANTED_PERMISSIONS = {
    "consent.consentsettings": "whoever could change the site settings (and so the Google "
    "tag) may change the tag in consent's settings (consent 0007_google_tag_moves_to_consent)",
}
# Columns whose values a migration rewrites on purpose: {"table.column": why}. The rest of
# each row must be unchanged, and the table keeps its row count.
CHANGED_COLUMNS: dict[str, str] = {
    "django_content_type.app_label": "a moved model's content type takes its new app label "
    "(checked against MOVED_MODELS, row by row)",
    "newsletter_newsletterissue.introduction": "plain text became the rich-text field's HTML, "
    "paragraph by paragraph, text escaped (newsletter 0015)",
    "newsletter_newsletterissue.status": "an issue queued for the worker is scheduled for the "
    "time it was queued (newsletter 0015)",
    "django_tasks_database_dbtaskresult.task_path": "a task queued before its function moved "
    "names the new path (outbox and weather 0002_queued_tasks_follow_the_move); every queued "
    "task must still import, checked below",
}
# Columns that left their table: {"old_table.column": "new_table.column"}. Every value the
# old column held (empty ones aside) must be found in the new one.
MOVED_COLUMNS: dict[str, str] = {
    # consent 0007_google_tag_moves_to_consent, then sitesettings 0002 drops the column.
    "lordspress_sitesettings.google_tag_id": "consent_consentsettings.google_tag_id",
}
# Tables renamed by a migration: {"old_table": "new_table"}; the rows must be the same.
RENAMED_TABLES: dict[str, str] = {}
# Tables dropped on purpose: {"table": "where its data went, and why"}.
DROPPED_TABLES: dict[str, str] = {}
# Tables today's seed_demo may add rows to in a database the old one seeded: {"table": why}.
SEED_DEMO_ADDS: dict[str, str] = {}

CURRENT = Path(__file__).resolve().parent.parent
SUBPROCESS_TIMEOUT = 600
REPORT_MARK = "MIGRATION-REPORT "
TIMINGS: list[str] = []  # each command's time, shown when the test fails

# --- Scripts run by ``manage.py shell -c``, in the old code and in today's -------------------

# seed_demo, with small pictures and a fast password hasher: the rows are the demo's, only
# its drawings (half a minute of Pillow) and its PBKDF2 rounds are spared.
SEED_SCRIPT = """
import io
from importlib import import_module

from django.core.management import call_command, get_commands
from django.test import override_settings
from PIL import Image


def _picture(size, fmt, seed):
    colour = tuple(sum(map(ord, seed)) * k % 256 for k in (3, 5, 7))
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def small_picture(*, seed, motif, width=1600, height=900):
    return _picture((160, 90), "JPEG", seed + motif)


def small_logo(*, monogram, name, colours):
    return _picture((48, 20), "PNG", name)


command = import_module(get_commands()["seed_demo"] + ".management.commands.seed_demo")
for name, stand_in in {"featured_image": small_picture, "sponsor_logo": small_logo}.items():
    if hasattr(command, name):
        setattr(command, name, stand_in)
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    call_command("seed_demo", stdout=io.StringIO())
"""

# What an old database holds beyond the demo, written with the old code (BASE), so it never
# needs to follow later changes: its import paths are BASE's, never to be updated.
EXTRAS_SCRIPT = """
import inspect
import uuid
from datetime import timedelta
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_tasks.base import Task


# A function of BASE's code, by the module it had there: spelt so that no script rewriting
# imports to the new layout changes it, as this script only ever runs on BASE.
def base(module, name):
    return getattr(import_module(module), name)


Article, ArticleRedirect, Category = (
    apps.get_model("articles", name) for name in ("Article", "ArticleRedirect", "Category")
)
ConsentRecord, PolicyVersion = (
    apps.get_model("consent", name) for name in ("ConsentRecord", "PolicyVersion")
)
OutboundEmail, Page, SiteSettings, User, WeatherReading = (
    apps.get_model("lordspress", name)
    for name in ("OutboundEmail", "Page", "SiteSettings", "User", "WeatherReading")
)
EmailToken, NewsletterIssue, SignupConsent, Subscriber, Suppression = (
    apps.get_model("newsletter", name)
    for name in ("EmailToken", "NewsletterIssue", "SignupConsent", "Subscriber", "Suppression")
)
article_save = base("articles.services", "article_save")
category_save = base("articles.services", "category_save")
page_save = base("lordspress" + ".services", "page_save")
rate_limit_hit = base("lordspress" + ".ratelimit", "rate_limit_hit")
email_hash = base("newsletter.services", "email_hash")
token_mint = base("newsletter.services", "token_mint")

now = timezone.now()
admin = User.objects.get(email="admin@lordspress.example")
writer = User.objects.get(email="writer@lordspress.example")

# A page edited twice (two revisions in its history) and moved: an old address.
page = page_save(page=Page(title="Corrections", slug="corrections", body="<p>We correct.</p>"))
page.title, page.slug = "Corrections Policy", "corrections-policy"
page_save(page=page)
# A section moved (old addresses for its front page and feeds).
section = category_save(category=Category(name="Genealogy", slug="genealogy", order=20))
section.slug = "lineage"
category_save(category=section)
# An article moved after it went live: a redirect to it (not a demo article, which
# seed_demo would make again under its old slug).
demo = Article.objects.published().order_by("pk").first()
article = article_save(
    article=Article(
        headline="Before the redesign", slug="before-the-redesign", standfirst="A note.",
        body="<p>Written by main before issue 9.</p>", category=demo.category,
        author=demo.author, status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(days=2),
    ),
    user=admin,
)
article.slug = "before-the-redesign-moved"
article_save(article=article, user=admin)
assert ArticleRedirect.objects.exists()

site = SiteSettings.load()
site.google_tag_id = "G-OLDMAIN0123"
site.save()
WeatherReading.objects.update_or_create(
    pk=1,
    defaults={
        "provider": "open-meteo", "location": "London, UK", "condition": "Light rain",
        "temperature_c": Decimal("11.5"), "humidity_percent": 82, "wind_kmh": Decimal("14.4"),
        "observed_at": now - timedelta(minutes=9), "fetched_at": now - timedelta(minutes=8),
    },
)

OutboundEmail.objects.create(
    kind="old-main-queued", to="reader@example.org", context={"subscriber": 1, "note": "ü"},
    dedupe_key="old-main:queued", next_attempt_at=now + timedelta(hours=1),
)
OutboundEmail.objects.create(
    kind="old-main-sent", to="reader@example.org", status=OutboundEmail.Status.SENT,
    attempts=1, message_id="<old-main@lordspress.example>", sent_at=now,
)
import_module(settings.SESSION_ENGINE).SessionStore().create()  # a signed-in session
for _ in range(3):
    rate_limit_hit(scope="old-main", key="203.0.113.7", limit=10, window=timedelta(hours=1))

subscriber = Subscriber.objects.create(
    email="pending@example.org", status=Subscriber.Status.PENDING, newsletter=True,
)
SignupConsent.objects.create(
    subscriber=subscriber, form="newsletter-page", newsletter_opt_in=True,
    privacy_policy_version="2024-01", ip_truncated="203.0.113.0",
)
token_mint(purpose=EmailToken.Purpose.CONFIRM, lifetime=timedelta(days=7), subscriber=subscriber)
Suppression.objects.create(
    email_hash=email_hash("gone@example.org"), reason=Suppression.Reason.REQUEST,
    created_by=admin, note="Letter of 3 March to the desk",
)
Suppression.objects.create(
    email_hash=email_hash("back@example.org"), reason=Suppression.Reason.BOUNCE,
    lifted_at=now, lifted_by=admin, lift_reason="The reader wrote again",
)
issue = NewsletterIssue.objects.create(subject="Old main", introduction="Before the redesign.")
issue.articles.add(*Article.objects.published().order_by("pk")[:2])

version = PolicyVersion.objects.order_by("number").first()
for action, allowed in (("accept_all", True), ("reject_all", False)):
    ConsentRecord.objects.create(
        consent_id=uuid.uuid4(), policy_version=version, action=action, surface="banner",
        choices={"analytics": allowed}, services={"google-tag": allowed}, language="en-GB",
    )

# Permissions on every model of the old project app, held by a group and by a user, and an
# admin log entry for a row of each.
project_models = [m for m in apps.get_app_config("lordspress").get_models()]
auditors = Group.objects.create(name="Old main auditors")
auditors.permissions.add(*Permission.objects.filter(content_type__app_label="lordspress"))
editors = Group.objects.get(name="Editors")
for model in project_models:
    content_type = ContentType.objects.get_for_model(model)
    editors.permissions.add(
        *Permission.objects.filter(content_type=content_type, codename__startswith="view_")
    )
    writer.user_permissions.add(
        *Permission.objects.filter(content_type=content_type, codename__startswith="change_")
    )
    row = model._base_manager.order_by("pk").first()
    if row is not None:
        LogEntry.objects.create(
            user=admin, content_type=content_type, object_id=str(row.pk),
            object_repr=str(row)[:200], action_flag=CHANGE,
            change_message='[{"changed": {"fields": ["Old main"]}}]',
        )

# One queued run of every background task of the project's apps (their dotted paths are
# stored; a task moved without them would fail in the worker).
placeholders = {"str": "member@lordspress.example", "int": 1, "bool": False}
for config in apps.get_app_configs():
    if not config.path.startswith(str(settings.BASE_DIR)) or not find_spec(config.name + ".tasks"):
        continue
    for task in vars(import_module(config.name + ".tasks")).values():
        if isinstance(task, Task):
            kwargs = {
                p.name: placeholders.get(getattr(p.annotation, "__name__", p.annotation))
                for p in inspect.signature(task.func).parameters.values()
                if p.default is p.empty
            }
            task.enqueue(**kwargs)
"""

# What the ORM makes of the database: rows per model, and what each content type, each
# reference to one, each permission and each queued task resolves to.
REPORT_SCRIPT = """
import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction


def label_of(content_type_id):
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        return f"(no content type {content_type_id})"
    model = content_type.model_class()
    if model is None:
        return f"(no model for {content_type.app_label}.{content_type.model})"
    return model._meta.label_lower


report = {"models": {}, "content_types": {}, "references": {}, "permissions": {}, "tasks": {}}
for model in apps.get_models(include_auto_created=True):
    meta = model._meta
    try:
        with transaction.atomic():
            entry = {"table": meta.db_table, "rows": model._base_manager.count()}
    except DatabaseError as exc:  # reported as a problem, with the others
        entry = {"table": meta.db_table, "rows": f"unreadable: {str(exc).strip()[:200]}"}
        report["models"][meta.label_lower] = entry
        continue
    part_of = meta.auto_created or getattr(model, "instance_type", None)  # m2m, history
    if part_of:
        entry["part_of"] = part_of._meta.label_lower
    path = meta.app_config.path  # an app of the project, not of a virtualenv in its folder
    entry["project"] = path.startswith(str(settings.BASE_DIR)) and "site-packages" not in path
    report["models"][meta.label_lower] = entry
    for field in meta.concrete_fields:
        if field.is_relation and field.related_model is ContentType:
            rows = model._base_manager.values_list("pk", field.attname)
            report["references"][f"{meta.label_lower}.{field.name}"] = {
                str(pk): label_of(content_type) for pk, content_type in rows
            }
for content_type in ContentType.objects.all():
    report["content_types"][str(content_type.pk)] = label_of(content_type.pk)


def held(permissions):
    return sorted([label_of(p.content_type_id), p.codename] for p in permissions)


for group in Group.objects.prefetch_related("permissions"):
    report["permissions"][f"group {group.name}"] = held(group.permissions.all())
for user in get_user_model()._base_manager.prefetch_related("user_permissions"):
    if user.user_permissions.all():
        report["permissions"][f"user {user.pk}"] = held(user.user_permissions.all())
tasks_app = next((c for c in apps.get_app_configs() if c.name == "django_tasks_db"), None)
if tasks_app is not None:
    for row in tasks_app.get_model("DBTaskResult").objects.filter(status="READY"):
        try:
            row.task
            outcome = "imports"
        except Exception as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        report["tasks"][str(row.pk)] = [row.task_path, outcome]
print("MIGRATION-REPORT " + json.dumps(report))
"""


# --- The database --------------------------------------------------------------------------


@dataclass
class OldDatabase:
    """The database the old code makes and today's code migrates: a SQLite file, or a
    PostgreSQL database of its own on the suite's server."""

    url: str
    sqlite_path: Path | None = None
    postgres: dict = field(default_factory=dict)

    def connect(self):
        if self.sqlite_path is not None:
            import sqlite3

            return sqlite3.connect(self.sqlite_path)
        import psycopg2

        return psycopg2.connect(**self.postgres)

    def table_names(self, cursor) -> list[str]:
        if self.sqlite_path is not None:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        else:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        return sorted(name for (name,) in cursor.fetchall())


def _suite_database_url() -> str:
    return os.environ.get("DATABASE_URL", "").strip()


def _postgres_params(parsed: dict, name: str) -> dict:
    params = {"dbname": name, "user": parsed["USER"], "host": parsed["HOST"] or None}
    if parsed.get("PASSWORD"):
        params["password"] = parsed["PASSWORD"]
    if parsed.get("PORT"):
        params["port"] = parsed["PORT"]
    return params


@pytest.fixture
def old_database(tmp_path):
    url = _suite_database_url()
    if not url or url.startswith("sqlite"):
        path = tmp_path / "old-main.sqlite3"
        yield OldDatabase(url=f"sqlite:///{path}", sqlite_path=path)
        return
    parsed = dj_database_url.parse(url)
    assert parsed["ENGINE"] == "django.db.backends.postgresql", url
    name = f"{parsed['NAME']}_oldmain"[:63]
    import psycopg2

    admin = psycopg2.connect(**_postgres_params(parsed, "postgres"))
    admin.autocommit = True

    def drop():
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    try:
        drop()  # left over from an interrupted run
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield OldDatabase(
            url=urlsplit(url)._replace(path=f"/{name}").geturl(),
            postgres=_postgres_params(parsed, name),
        )
    finally:
        drop()
        admin.close()


# --- Running the old and the current code --------------------------------------------------


def _extract_base(destination: Path) -> Path:
    """The tree of ``BASE``, from this clone's history."""

    git_binary = shutil.which("git")
    if git_binary is None:
        pytest.fail(f"git is needed to extract {BASE} (main before issue 9's redesign)")

    def git(*args, **kwargs):
        return subprocess.run(
            [git_binary, "-C", str(CURRENT), *args], capture_output=True, check=False, **kwargs
        )

    shallow = git("rev-parse", "--is-shallow-repository", text=True).stdout.strip() == "true"
    if git("cat-file", "-e", f"{BASE}^{{commit}}").returncode != 0:
        pytest.fail(
            f"Commit {BASE} (main before issue 9's redesign) is not in this clone"
            + (": it is shallow, run `git fetch --unshallow`" if shallow else " (or no clone)")
            + ". The test migrates a database made by that commit's code."
        )
    archive = git("archive", "--format=tar", BASE)
    assert archive.returncode == 0, archive.stderr.decode()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def _environment(database: OldDatabase, scratch: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "REDIS_URL", "SITE_URL"}
    }
    env.update(
        DATABASE_URL=database.url,
        ENV_FILE="",  # no .env: the same settings for both codes, whatever a developer has
        DEBUG="1",
        MEDIA_ROOT=str(scratch / "media"),
        STATIC_ROOT=str(scratch / "static"),
        WEATHER_PROVIDER="off",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DATABASE_CONN_MAX_AGE="0",
    )
    return env


def _manage(code: Path, env: dict[str, str], *args: str, may_fail: bool = False):
    """Runs ``manage.py`` of the old code or today's; its output, or the whole result when
    it ``may_fail``."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    which = "the old code (BASE)" if code != CURRENT else "today's code"
    command = " ".join(args[:1] + (("...",) if args[:1] == ("shell",) else args[1:]))
    TIMINGS.append(f"{time.monotonic() - started:.1f} s: manage.py {command} ({which})")
    if may_fail:
        return result
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {command}` failed in {which} (exit {result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-6000:]}"
        )
    return result.stdout


def _report(code: Path, env: dict[str, str], script: str = "") -> dict:
    out = _manage(code, env, "shell", "--no-imports", "-c", script + REPORT_SCRIPT)
    line = next(line for line in out.splitlines() if line.startswith(REPORT_MARK))
    return json.loads(line.removeprefix(REPORT_MARK))


# --- Tables, through plain SQL -------------------------------------------------------------


def _canonical(value) -> str:
    """A value as text that means the same thing whichever run fetched it."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return "bytes:" + value.hex()
    if isinstance(value, dict | list):
        return "json:" + json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, float):
        return "float:" + repr(value)
    if value is None:
        return "null"
    return f"{type(value).__name__}:{value}"


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[str, ...]]

    def project(self, columns: list[str]) -> Counter:
        """The rows, as multisets of their values in ``columns`` (by name, so a column order
        changed by a table rebuild does not count)."""
        where = [self.columns.index(c) for c in columns]
        return Counter(tuple(row[i] for i in where) for row in self.rows)

    def digest(self, columns: list[str]) -> str:
        rows = sorted(self.project(columns).elements())
        return sha256(json.dumps([columns, rows]).encode()).hexdigest()


def _snapshot(database: OldDatabase) -> dict[str, Table]:
    tables = {}
    with closing(database.connect()) as connection:
        cursor = connection.cursor()
        for name in database.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - a name from the catalogue
            columns = [d[0] for d in cursor.description]
            rows = [tuple(_canonical(v) for v in row) for row in cursor.fetchall()]
            tables[name] = Table(columns, rows)
        connection.rollback()
    return tables


def _sample(rows: Counter, columns: list[str]) -> str:
    shown = [dict(zip(columns, row, strict=True)) for row in list(rows.elements())[:3]]
    return "; ".join(json.dumps(row)[:400] for row in shown)


def _difference(old: Table, new: Table, columns: list[str]) -> str:
    """What changed between two states of a table: rows changed in place (same id) by their
    changed columns, then rows gone and rows added."""
    missing = old.project(columns) - new.project(columns)
    added = new.project(columns) - old.project(columns)
    text = f"{len(old.rows)} rows before, {len(new.rows)} after"
    if "id" in columns:
        at = columns.index("id")
        now_by_id = {row[at]: row for row in added.elements()}
        changed = []
        for row in list(missing.elements()):
            if row[at] in now_by_id:
                now = now_by_id.pop(row[at])
                missing[row] -= 1
                added[now] -= 1
                changed.append(
                    f"id {row[at]}: "
                    + ", ".join(
                        f"{column} {a[:80]!r} -> {b[:80]!r}"
                        for column, a, b in zip(columns, row, now, strict=True)
                        if a != b
                    )
                )
        missing, added = +missing, +added
        if changed:
            text += f"; {len(changed)} rows changed ({'; '.join(changed[:3])})"
    if missing:
        text += f"; {missing.total()} old rows gone: {_sample(missing, columns)}"
    if added:
        text += f"; {added.total()} rows new: {_sample(added, columns)}"
    return text


def _table_problems(before: dict[str, Table], after: dict[str, Table]) -> list[str]:
    """Every old table, column and row still there, or changed as the lists above say."""
    problems = []
    for name, old in before.items():
        if name in DROPPED_TABLES:
            continue
        new_name = RENAMED_TABLES.get(name, name)
        new = after.get(new_name)
        if new is None:
            problems.append(f"table {name} ({len(old.rows)} rows) is gone")
            continue
        kept = []
        for column in old.columns:
            key = f"{name}.{column}"
            if key in MOVED_COLUMNS:
                problems += _moved_column_problems(key, old, after)
            elif key in CHANGED_COLUMNS:
                pass
            elif column not in new.columns:
                problems.append(
                    f"column {key} is gone with its data; name its new home in MOVED_COLUMNS"
                )
            else:
                kept.append(column)
        if name in GROWING_TABLES:
            missing = old.project(kept) - new.project(kept)
            if missing:
                problems.append(
                    f"table {name} lost {missing.total()} of its {len(old.rows)} old rows "
                    f"(it may only grow): {_sample(missing, kept)}"
                )
        elif old.digest(kept) != new.digest(kept):
            problems.append(f"table {name}: " + _difference(old, new, kept))
    return problems


def _moved_column_problems(key: str, old: Table, after: dict[str, Table]) -> list[str]:
    table, column = key.split(".", 1)
    target_table, target_column = MOVED_COLUMNS[key].split(".", 1)
    values = {row[old.columns.index(column)] for row in old.rows} - {"null", "str:"}
    target = after.get(target_table)
    if target is None or target_column not in target.columns:
        return [f"column {key} moved to {MOVED_COLUMNS[key]}, which does not exist"]
    found = {row[target.columns.index(target_column)] for row in target.rows}
    lost = values - found
    return (
        [f"values of {key} not found in {MOVED_COLUMNS[key]}: {sorted(lost)[:5]}"] if lost else []
    )


def _content_type_problems(
    before: dict[str, Table], after: dict[str, Table], old_models: dict
) -> list[str]:
    """Each old content type keeps its id (permissions, log entries and old addresses point
    at it) and takes its model's new app label, if the model moved."""
    problems = []
    new_rows = {row[0]: row for row in _rows_by_id(after["django_content_type"])}
    for content_type_id, app_label, model in _rows_by_id(before["django_content_type"]):
        expected = _new_label(f"{app_label}.{model}", old_models)
        row = new_rows.get(content_type_id)
        if row is None:
            problems.append(f"content type {content_type_id} ({app_label}.{model}) is gone")
        elif f"{row[1]}.{row[2]}" != expected:
            problems.append(
                f"content type {content_type_id} ({app_label}.{model}) is {row[1]}.{row[2]} "
                f"after migrating, not {expected}"
            )
    return problems


def _rows_by_id(table: Table) -> list[tuple[str, str, str]]:
    where = [table.columns.index(c) for c in ("id", "app_label", "model")]
    return [tuple(row[i].split(":", 1)[1] for i in where) for row in table.rows]


# --- Models, through each code's ORM -------------------------------------------------------


def _new_label(old_label: str, old_models: dict) -> str:
    """Where an old model (``app.model``, lower case) is in today's code: its entry in
    MOVED_MODELS, or its owner's new app for a history model or a many-to-many table."""
    moved = {old.lower(): new.lower() for old, new in MOVED_MODELS.items()}
    if old_label in moved:
        return moved[old_label]
    part_of = old_models.get(old_label, {}).get("part_of")
    if part_of in moved:
        return f"{moved[part_of].split('.')[0]}.{old_label.split('.', 1)[1]}"
    return old_label


def _orm_problems(old: dict, new: dict) -> list[str]:
    problems = []
    old_models = old["models"]

    def relabel(label: str) -> str:
        return label if label.startswith("(") else _new_label(label, old_models)

    for label, entry in old_models.items():
        if entry["table"] in DROPPED_TABLES:
            continue
        new_label = relabel(label)
        now = new["models"].get(new_label)
        table = RENAMED_TABLES.get(entry["table"], entry["table"])
        if now is None:
            problems.append(
                f"model {label} ({entry['rows']} rows in {entry['table']}) is not in today's "
                f"code as {new_label}: if it moved, add it to MOVED_MODELS"
            )
        elif now["table"] != table:
            problems.append(
                f"model {new_label} reads table {now['table']}, but {label}'s rows are in "
                f"{table} (keep Meta.db_table)"
            )
        elif isinstance(now["rows"], str):
            problems.append(f"model {new_label}'s table {now['table']} is {now['rows']}")
        elif now["rows"] < entry["rows"] or (
            now["rows"] != entry["rows"] and table not in GROWING_TABLES
        ):
            problems.append(
                f"model {new_label} counts {now['rows']} rows; {label} counted {entry['rows']}"
            )

    for content_type_id, label in old["content_types"].items():
        if not label.startswith("(") and new["content_types"].get(content_type_id) != relabel(
            label
        ):
            problems.append(
                f"content type {content_type_id} was {label}; today it resolves to "
                f"{new['content_types'].get(content_type_id, 'nothing')}, not {relabel(label)}"
            )

    for key, rows in old["references"].items():
        model, field_name = key.rsplit(".", 1)
        new_key = f"{relabel(model)}.{field_name}"
        now = new["references"].get(new_key, {})
        wrong = {
            pk: [label, now.get(pk, "(row gone)")]
            for pk, label in rows.items()
            if not label.startswith("(") and now.get(pk) != relabel(label)
        }
        if wrong:
            problems.append(
                f"{len(wrong)} of {len(rows)} rows of {new_key} no longer name their model "
                f"(pk: [before, after]): {dict(list(wrong.items())[:5])}"
            )

    for holder, held in old["permissions"].items():
        expected = sorted([relabel(label), codename] for label, codename in held)
        now = new["permissions"].get(holder, [])
        lost = [p for p in expected if p not in now]
        gained = [p for p in now if p not in expected and p[0] not in GRANTED_PERMISSIONS]
        if lost or gained:
            problems.append(f"{holder}'s permissions changed: lost {lost}, gained {gained}")

    for pk, (path, _) in old["tasks"].items():
        now_path, now_outcome = new["tasks"].get(pk, [path, "(no longer queued)"])
        if now_outcome != "imports":
            problems.append(f"queued task {path} (now {now_path}) {pk}: {now_outcome}")
    return problems


def _coverage_problems(old: dict) -> list[str]:
    """The old database is only a fair test if every table of the project's models has
    rows: a model whose table is empty would pass whatever its migration did."""
    return [
        f"the old database has no {label} row to carry over; add one to EXTRAS_SCRIPT"
        for label, entry in old["models"].items()
        if entry.get("project") and entry["rows"] == 0
    ]


# --- The test ------------------------------------------------------------------------------


def test_a_database_made_by_main_before_the_redesign_keeps_every_row(old_database, tmp_path):
    started = time.monotonic()
    TIMINGS.clear()
    old_code = _extract_base(tmp_path / "old-main")
    env = _environment(old_database, tmp_path)

    _manage(old_code, env, "migrate", "--no-input")
    old = _report(old_code, env, SEED_SCRIPT + EXTRAS_SCRIPT)
    assert not _coverage_problems(old), "\n".join(_coverage_problems(old))
    before = _snapshot(old_database)

    _manage(CURRENT, env, "migrate", "--no-input")
    after = _snapshot(old_database)
    new = _report(CURRENT, env)
    problems = [
        *_table_problems(before, after),
        *_content_type_problems(before, after, old["models"]),
        *_orm_problems(old, new),
    ]

    checked = _manage(
        CURRENT, env, "makemigrations", "--check", "--dry-run", "--no-input", may_fail=True
    )
    if checked.returncode != 0:
        problems.append(f"makemigrations --check on the migrated database:\n{checked.stdout}")

    seeded = _manage(CURRENT, env, "shell", "--no-imports", "-c", SEED_SCRIPT, may_fail=True)
    if seeded.returncode != 0:
        problems.append(
            f"today's seed_demo failed on the migrated database:\n{seeded.stderr[-3000:]}"
        )
    else:
        reseeded = _snapshot(old_database)
        for name, table in after.items():
            grown = len(reseeded[name].rows) - len(table.rows) if name in reseeded else None
            if grown and name not in SEED_DEMO_ADDS:
                problems.append(f"today's seed_demo changed the rows of {name} by {grown:+d}")

    rows = sum(len(table.rows) for table in before.values())
    assert not problems, (
        f"The old database ({len(before)} tables, {rows} rows) lost or changed data:\n- "
        + "\n- ".join(problems)
        + f"\n({time.monotonic() - started:.0f} s: "
        + "; ".join(TIMINGS)
        + ")"
    )
