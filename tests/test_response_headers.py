"""Text that reaches an HTTP header or a cookie: stored by staff, or sent by a browser.

The faults: a reader with a cookie named ``_ga_(x)`` (which a browser stores, and any sibling
subdomain can plant) could not withdraw consent, because deleting it raised ``CookieError``;
and a cookie registry domain or path with a line break became header lines of its own in
every reader's consent save. The kind: every header the site builds from text that is not a
constant. Each is a constant, validated where it is stored, or encoded on the way out:

- ``Set-Cookie`` for the consent cookie (its value: fixed keys and slug service keys, signed)
  and for deletions (name, domain, path: RFC 6265 rules in ``lordspress.core.http``);
- ``Location`` (the consent form's ``next``): ``HttpResponseRedirect`` percent-encodes;
- ``Content-Disposition`` of the exports: dates only; ``Retry-After``: a number;
  ``X-Robots-Tag``, ``Referrer-Policy``, ``Cache-Control``, CSP: constants (the Google tag
  ID goes into the page, never the policy).

The walk below poisons every text field of the registry, the published versions and the
site settings, then reads every public page and makes every consent decision through a real
server, reading the bytes it sends.
"""

import logging
import socket
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connection, models
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent import registry as registry_module
from consent.models import Category, ConsentRecord, Cookie, PolicyVersion, Service
from consent.registry import current_registry, registry_invalidate
from consent.services import (
    policy_version_publish,
    registry_snapshot,
    registry_unwritable_entries,
    snapshot_digest,
)
from lordspress.sitesettings.models import SiteSettings
from newsletter.models import Subscriber
from tests import factories
from tests.consent_support import CHOICE_URL, ORIGIN, choose, consent_cookie, expired_variants
from tests.journal import build_journal
from tests.url_walk import Site, routes, valid_value
from tests.wire import header_problems, http_request, raw_exchange, wire_headers

# Line breaks that would start headers of their own, and every character a header, a cookie
# name or a cookie attribute treats specially. Cut to a short field's length it still starts
# with the line break and the injected header's name.
POISON = '\r\nX-Poison: 1\r\nSet-Cookie: poisoned=1; Domain=evil.example; "é€;,()<>@[]{}/?\x7f\t*'
UNUSUAL_NAMES = [
    "_ga_(x)",
    "_ga_é",
    "_ga_a b",
    "_ga_a,b",
    '_ga_"q"',
    "_ga_[",
    "_ga_]",
    "_ga_{",
    "_ga_}",
    "_ga_@",
    "_ga_/",
    "_ga_?",
    "_ga_a:b",
    "_ga_\u202e",
    "_ga_\U0001f600",
]


def _cookie_header(names: list[str], value: str = "1") -> str:
    """A Cookie header as a browser sends it (UTF-8 on the wire), as WSGI hands it to
    Django: each byte as one Latin-1 character."""
    return "; ".join(f"{name}={value}" for name in names).encode().decode("latin-1")


def _add_ga_pattern(**fields) -> Cookie:
    return Cookie.objects.create(
        name="_ga_*",
        kind=Cookie.Kind.COOKIE,
        category_id="analytics",
        service=Service.objects.get(key="lp-reading-stats"),
        provider="Google",
        party="first",
        purpose="Tells visits apart.",
        duration="2 years",
        **fields,
    )


# --- The named cases ---------------------------------------------------------------------


def test_the_header_check_sees_what_a_line_break_would_do():
    """The judge of the tests below, judged: it must see each way a header goes wrong."""
    assert header_problems(["Set-Cookie: a=1; Path=/; SameSite=Lax", "Location: /%0D%0A"]) == []
    for lines in [
        ["Set-Cookie: a=; Domain=example.com", "X-Poison: 1"],  # a line of its own
        ["Set-Cookie: a=; Domain=example.com\nX-Poison: 1"],  # a bare LF, read by some
        ["Set-Cookie: a=; Path=/é"],  # outside ASCII
        ["Set-Cookie: a(x)=; Path=/"],  # a name a server may not send
        ["Set-Cookie: a=; Domain=evil example"],
        ["Set-Cookie: a=; Path=/; Poisoned=1"],  # an attribute nobody meant
        ["Set-Cookie: poisoned=1"],
    ]:
        assert header_problems(lines), lines


@pytest.mark.parametrize("name", UNUSUAL_NAMES)
def test_a_browser_cookie_the_server_cannot_name_does_not_stop_a_withdrawal(db, name):
    _add_ga_pattern()
    policy_version_publish(banner_text="With Google.")
    client = Client(raise_request_exception=False)
    cookies = _cookie_header([name, "_ga_usual", "lp_consent"], value="x")
    response = client.post(
        CHOICE_URL,
        {"action": "reject_all", "surface": "banner", "version": "2", "next": "/"},
        HTTP_ORIGIN=ORIGIN,
        HTTP_COOKIE=cookies.replace("lp_consent=x", f"lp_consent={consent_cookie()}"),
    )
    assert response.status_code == 303
    assert ConsentRecord.objects.filter(action="reject_all").count() == 1
    deleted = {variant[0] for variant in expired_variants(response)}
    assert "_ga_usual" in deleted  # what can be named is still deleted by the server
    assert name not in deleted  # what cannot is left to the page's script (consent.js)
    assert header_problems(wire_headers(response)) == []


def test_a_published_name_python_keeps_for_an_attribute_is_skipped(db):
    """``expires``, ``Path``, ``version``: cookie names RFC 6265 allows, but ``http.cookies``
    keeps them for attributes and raises ``CookieError`` when asked to write one."""
    for name in ("expires", "Path", "version", "lp_exact"):
        Cookie.objects.create(
            name=name, category_id="analytics", provider="U", party="first", purpose="P",
            duration="1 day",
        )  # fmt: skip
    assert len(registry_unwritable_entries()) == 3
    _publish_raw()
    client = Client(raise_request_exception=False)
    response = choose(client, "reject_all", HTTP_COOKIE="expires=1; Path=1; version=1")
    assert response.status_code == 303
    assert {name for name, _, _ in expired_variants(response)} == {"lp_demo_stats", "lp_exact"}
    assert header_problems(wire_headers(response)) == []


def test_the_admin_refuses_a_domain_path_or_name_that_would_break_a_header(editor_client):
    form = {
        "kind": "cookie",
        "category": "analytics",
        "service": Service.objects.get(key="lp-reading-stats").pk,
        "provider": "Google",
        "party": "first",
        "purpose": "Tells visits apart.",
        "duration": "2 years",
        "justification": "",
        "order": 0,
    }
    response = editor_client.post(
        "/admin/consent/cookie/add/",
        {
            **form,
            "name": "_ga_*",
            "domain": "example.com\r\nX-Injected: 1",
            "path": "/a\r\nX-Path: 1",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Give a domain name such as example.com" in errors["domain"][0]
    assert "A path starts with / and may contain only printable ASCII" in errors["path"][0]
    for name, domain, path in [
        ("_ga_*", "café.example", "/"),
        ("_ga_*", "-x.example", "/"),
        ("_ga_*", "a..example", "/"),
        ("_ga_*", "", "/a;b"),
        ("_ga_(x)", "", "/"),
        ("Expires", "", "/"),
    ]:
        response = editor_client.post(
            "/admin/consent/cookie/add/", {**form, "name": name, "domain": domain, "path": path}
        )
        assert response.status_code == 200, (name, domain, path)
        assert response.context["adminform"].form.errors, (name, domain, path)
    assert not Cookie.objects.filter(name__startswith="_ga_").exists()
    # What a domain and path may be is still generous enough for real sites.
    response = editor_client.post(
        "/admin/consent/cookie/add/",
        {**form, "name": "_ga_*", "domain": ".lordspress.example", "path": "/archive/2024"},
    )
    assert response.status_code == 302
    assert Cookie.objects.filter(name="_ga_*").exists()


@pytest.mark.parametrize(
    "fields",
    [
        # A final line break slipped past "^…$" (``$`` also matches before it); the admin's
        # form strips it, but a model is validated for every other way in, too.
        {"name": "_ga_\n"},
        {"kind": "local_storage", "name": "key\n"},
        {"domain": "example.com\n"},
        {"path": "/a\n"},
    ],
)
def test_the_model_refuses_a_final_line_break(db, fields):
    from django.core.exceptions import ValidationError

    cookie = Cookie(
        **{
            "name": "_ga_*",
            "category_id": "analytics",
            "provider": "G",
            "purpose": "P",
            "duration": "1 day",
            **fields,
        }
    )
    with pytest.raises(ValidationError) as raised:
        cookie.full_clean()
    assert set(raised.value.message_dict) == set(fields) - {"kind"}


def test_the_service_page_refuses_a_bad_path_in_its_cookie_rows(editor_client):
    service = Service.objects.get(key="lp-reading-stats")
    page = editor_client.get(f"/admin/consent/service/{service.pk}/change/")
    from tests.admin_forms import form_post_data

    data = form_post_data(page.content, form_id="service_form")
    data["cookies-0-path"] = "/a\r\nX-Path: 1"
    response = editor_client.post(f"/admin/consent/service/{service.pk}/change/", data)
    assert response.status_code == 200
    assert "A path starts with / and may contain only printable ASCII" in response.content.decode()
    assert not Cookie.objects.filter(path__contains="\n").exists()


def test_publishing_refuses_entries_stored_before_the_rules(editor_client):
    cookie = _add_ga_pattern()
    Cookie.objects.filter(pk=cookie.pk).update(domain="example.com\r\nX-Injected: 1")
    Service.objects.filter(key="lp-reading-stats").update(key="stats\r\nX: 1")
    assert len(registry_unwritable_entries()) == 2
    response = editor_client.post(
        "/admin/consent/policyversion/add/",
        {"banner_text": "New.", "change_note": "", "confirm": "on"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "must be corrected before a version can be published" in text
    assert "Cookie “_ga_*”: Give a domain name" in text
    assert "its key may contain only letters" in text
    assert PolicyVersion.objects.count() == 1
    with pytest.raises(ValueError, match="Correct these registry entries"):
        policy_version_publish(banner_text="New.")


def _publish_raw(**overrides) -> PolicyVersion:
    """Publish the working registry as it is stored, around every check (as a version
    published before the rules holds it)."""
    registry = registry_snapshot()
    latest = PolicyVersion.objects.order_by("-number").first()
    banner_text = overrides.pop("banner_text", "Poisoned.")
    version = PolicyVersion.objects.create(
        number=(latest.number if latest else 0) + 1,
        banner_text=banner_text,
        registry=registry,
        digest=snapshot_digest(banner_text=banner_text, registry=registry),
        **overrides,
    )
    registry_invalidate()
    return version


def test_a_published_entry_that_cannot_be_written_is_skipped_and_logged_once(db, caplog):
    cookie = _add_ga_pattern()
    exact = Cookie.objects.create(
        name="lp_exact",
        category_id="analytics",
        provider="Us",
        party="first",
        purpose="P",
        duration="1 day",
    )
    Cookie.objects.filter(pk=cookie.pk).update(domain="example.com\r\nX-Injected: 1")
    Cookie.objects.filter(pk=exact.pk).update(path="/a\r\nX-Path: 1")
    Cookie.objects.create(
        name="lp_named", category_id="analytics", provider="U", party="first", purpose="P",
        duration="1 day",
    )  # fmt: skip
    Cookie.objects.filter(name="lp_named").update(name="lp (named)")
    _publish_raw()
    caplog.set_level(logging.WARNING, logger="consent.registry")
    registry_module._reported.clear()  # an earlier test in this process may have logged them
    for _ in range(3):
        client = Client()
        response = client.post(
            CHOICE_URL,
            {"action": "reject_all", "surface": "banner", "version": "2", "next": "/"},
            HTTP_ORIGIN=ORIGIN,
            HTTP_COOKIE="_ga_abc=1",
        )
        assert response.status_code == 303
        assert header_problems(wire_headers(response)) == []
        variants = expired_variants(response)
        # The host's own variants are still deleted; only the unusable parts are dropped.
        assert ("_ga_abc", "", "/") in variants
        assert ("lp_exact", "", "/") in variants
        assert not any(name == "lp (named)" for name, _, _ in variants)
    warnings = [r.getMessage() for r in caplog.records if r.name == "consent.registry"]
    assert len(warnings) == 3, warnings  # domain, path, name: each once, not per request
    assert any("'_ga_*' has a domain" in w for w in warnings)
    # The page's script is given only what it can write into document.cookie as well.
    clear = {entry["name"]: entry for entry in current_registry().client_config()["clear"]}
    assert clear["_ga_*"]["domain"] == "" and clear["lp_exact"]["path"] == "/"


def test_a_service_key_that_cannot_go_into_the_consent_cookie_is_never_offered(db):
    service = Service.objects.create(
        key="video", name="Video", category_id="marketing", provider="V", purpose="Plays."
    )
    Cookie.objects.create(
        name="vid", category_id="marketing", service=service, provider="V", party="third",
        purpose="P", duration="1 day",
    )  # fmt: skip
    Service.objects.filter(pk=service.pk).update(key="vidé\r\nX-Poison: 1")
    _publish_raw()
    client = Client()
    page = client.get("/cookies/settings/")
    assert "X-Poison" not in page.content.decode()  # no switch a reader could not use
    response = choose(client, "accept_all", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert header_problems(wire_headers(response)) == []
    assert "marketing" in response.json()["categories"]
    assert response.json()["services"] == ["lp-reading-stats"]


def test_a_bad_consent_cookie_domain_stops_the_process_with_one_line():
    from tests.test_configuration import _manage

    result = _manage("check", DEBUG="1", CONSENT_COOKIE_DOMAIN="a.example\r\nX-Injected: 1")
    assert result.returncode == 2
    assert "CONSENT_COOKIE_DOMAIN='a.example\\r\\nX-Injected: 1' is not a domain" in result.stderr
    assert "Traceback" not in result.stderr


# --- Hostile Cookie headers at every consent action and page (hypothesis) ---------------

# What a browser may hold as a cookie name or value: anything but the characters that end a
# header line or a cookie pair (a real server refuses NUL, CR and LF in a header).
_cookie_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r\n;="),
    max_size=10,
)
_cookie_names = st.one_of(_cookie_text, _cookie_text.map(lambda text: f"_ga_{text}"))
CONSENT_POSTS = [
    {"action": "accept_all", "surface": "banner"},
    {"action": "reject_all", "surface": "banner"},
    {"action": "custom", "surface": "dialog", "category": "analytics"},
    {"action": "custom", "surface": "settings_page", "service": "lp-reading-stats"},
    {"action": "gpc", "surface": "gpc"},
]


@pytest.fixture
def ga_site(db):
    journal = build_journal(articles=1, with_images=False)
    _add_ga_pattern(domain=".lordspress.example", path="/")
    policy_version_publish(banner_text="With Google.")
    return journal


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    names=st.lists(_cookie_names, min_size=1, max_size=4),
    value=_cookie_text,
    with_consent=st.booleans(),
)
def test_hostile_cookie_names_never_cause_a_server_error(ga_site, names, value, with_consent):
    header = "; ".join(f"{name}={value}" for name in names)
    if with_consent:  # a withdrawal expires the refused cookies: the path that failed
        header += f"; lp_consent={consent_cookie(categories=['analytics'])}"
    environ = {"HTTP_COOKIE": header.encode().decode("latin-1"), "HTTP_ORIGIN": ORIGIN}
    client = Client(raise_request_exception=False)
    failures = []
    for data in CONSENT_POSTS:
        for accept in ("application/json", "text/html"):
            response = client.post(
                CHOICE_URL,
                {**data, "version": "2", "next": "/"},
                HTTP_ACCEPT=accept,
                HTTP_SEC_GPC="1",
                **environ,
            )
            if response.status_code >= 500 or header_problems(wire_headers(response)):
                failures.append((data, accept, response.status_code, wire_headers(response)))
    for url in ["/", ga_site.article.get_absolute_url(), "/cookies/settings/", "/cookie-policy/"]:
        response = client.get(url, **environ)
        if response.status_code >= 500 or header_problems(wire_headers(response)):
            failures.append((url, response.status_code, wire_headers(response)))
    assert not failures, failures[:3]


# --- The kind, through a real server ------------------------------------------------------


def _text_fields(model) -> list[models.Field]:
    """Every stored text field of a model, but its primary key and relations."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.primary_key
    ]


def _poison_for(field: models.Field) -> str:
    return POISON[: field.max_length] if field.max_length else POISON


def _seed_registry() -> None:
    """Live-server tests run in real transactions, and the flush between them empties what
    the migrations filled: put back the registry, its first version, the editors' group and
    the site settings row."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Permission

    groups = importlib.import_module("articles.migrations.0003_editorial_groups")
    group, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codenames in groups.EDITORS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    registry = importlib.import_module("consent.migrations.0002_seed_registry")
    registry.seed_registry(apps)
    registry.editor_permissions(apps)
    SiteSettings.objects.get_or_create(pk=1)
    registry_invalidate()


def _poison_everything() -> list[str]:
    """Every text field of the registry, the versions and the site settings holds POISON,
    stored around every check; returns the first-party cookie names a browser will send.

    The registry's rows are copied once per text field with only that field poisoned (so a
    poisoned name does not hide what a poisoned domain would do), a new text field of these
    models is poisoned without a change here, and the categories and site settings, of
    which there are fixed rows, are poisoned whole. Then the registry is published as it is.
    """
    template = Cookie.objects.get(name="lp_demo_stats")
    service = Service.objects.get(key="lp-reading-stats")
    names = []
    for index, field in enumerate(_text_fields(Cookie)):
        row = Cookie.objects.create(
            name=f"lp_tainted_{index}",
            kind=Cookie.Kind.COOKIE,
            category_id="analytics",
            service=service,
            provider=template.provider,
            party="first",
            purpose=template.purpose,
            duration=template.duration,
        )
        Cookie.objects.filter(pk=row.pk).update(**{field.name: _poison_for(field)})
        names.append(f"lp_tainted_{index}")
    _add_ga_pattern(domain=".lordspress.example")
    Cookie.objects.filter(name="_ga_*").update(domain=POISON, path="/" + POISON)
    for index, field in enumerate(_text_fields(Service)):
        row = Service.objects.create(
            key=f"tainted-{index}",
            name=service.name,
            category_id="marketing",
            provider=service.provider,
            purpose=service.purpose,
        )
        Service.objects.filter(pk=row.pk).update(**{field.name: _poison_for(field)})
    # With a Google tag declared, the tag ID (poisoned below) reaches the page and the
    # policy middleware runs.
    Service.objects.create(
        key="google-tag", name="Google tag", category_id="analytics", provider="Google",
        purpose="Measures.",
    )  # fmt: skip
    Category.objects.update(**{f.name: _poison_for(f) for f in _text_fields(Category)})
    settings_fields = _text_fields(SiteSettings)
    SiteSettings.objects.update(**{f.name: _poison_for(f) for f in settings_fields})
    version = _publish_raw(
        **{f.name: _poison_for(f) for f in _text_fields(PolicyVersion) if f.name != "digest"}
    )
    # A snapshot may hold what no row can: a category that is not one of the four.
    snapshot = version.registry
    snapshot["categories"].append({"key": POISON, "name": POISON, "description": POISON})
    snapshot["services"].append({**snapshot["services"][0], "category": POISON})
    PolicyVersion.objects.filter(pk=version.pk).update(registry=snapshot)
    registry_invalidate()
    return names


@pytest.fixture
def poisoned_site(live_server, transactional_db):
    _seed_registry()
    journal = build_journal(articles=2, with_images=False)
    names = _poison_everything()
    editor = factories.UserFactory(is_staff=True, is_superuser=True)  # every admin page
    member = factories.UserFactory(email="member@example.org")
    Subscriber.objects.create(email="member@example.org", name=POISON[:100], user=member)
    sessions = {}
    for role, user in (("editor", editor), ("member", member)):
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies["sessionid"].value
    sessions["editor_user"] = editor
    port = int(live_server.url.rsplit(":", 1)[1])
    return port, journal, names, sessions


def _every_url(journal, staff) -> list[str]:
    """Every pattern of the URLconf, the admin's included, with values naming real rows (so a
    new URL is walked without a change here), and the journal's public pages."""
    site = Site(
        article=journal.article,
        author=journal.authors[0],
        category=journal.categories[0],
        page=journal.pages[0],
        staff=staff,
    )
    urls = [
        route.url({slot: valid_value(route, slot, site) for slot in route.slots})
        for route in routes()
    ]
    return list(dict.fromkeys([*journal.public_urls(), *urls, "/cookie-policy/"]))


def _walk(port: int, journal, names: list[str], sessions: dict[str, str]) -> list[str]:
    """Every URL as a reader and as an editor (the exports too), every consent decision
    (each a change of the last, with hostile ``next`` values), a member's data export;
    what went wrong."""
    browser_names = [*names, *UNUSUAL_NAMES, "_ga_usual", "poisoned"]
    cookies = "; ".join(f"{name}=1" for name in browser_names).encode()
    failures, seen = [], []

    def exchange(label, method, path, *, headers=None, body=b""):
        headers = {"Cookie": cookies, **(headers or {})}
        status, lines = raw_exchange(port, http_request(method, path, headers=headers, body=body))
        problems = header_problems(lines)
        if status == 0 or status >= 500 or problems:
            failures.append(f"{label} {method} {path}: {status} {problems or lines}")
        seen.append((label, path, status, lines))
        return lines

    staff = {"Cookie": cookies + b"; sessionid=" + sessions["editor"].encode()}
    for path in _every_url(journal, sessions["editor_user"]):
        exchange("reader", "GET", path)
        exchange("editor", "GET", path, headers=staff)
    nexts = ["/", "/\r\nX-Poison: 1", "/é€?a=\r\nSet-Cookie: poisoned=1", "//evil.example/"]
    consent_value = None
    for data in CONSENT_POSTS:
        for accept in ("application/json", "text/html"):
            for next_value in nexts:
                form = {**data, "version": str(current_registry().version), "next": next_value}
                body = urlencode(form, doseq=True).encode()
                headers = {
                    "Origin": "http://127.0.0.1",
                    "Accept": accept,
                    "Sec-GPC": "1",
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                if consent_value:  # each later choice changes an earlier one: a withdrawal
                    headers["Cookie"] = cookies + b"; lp_consent=" + consent_value.encode()
                lines = exchange("chooser", "POST", CHOICE_URL, headers=headers, body=body)
                for line in lines:
                    name, _, value = line.partition(":")
                    if name.lower() == "set-cookie" and value.strip().startswith("lp_consent="):
                        consent_value = value.strip().split("=", 1)[1].split(";")[0]
    if not consent_value:
        failures.append("no choice was saved")
    else:
        uuid.UUID(consent_value.split(".")[1])  # the consent cookie is still one the site wrote
    for path in [
        "/admin/consent/consentrecord/export/?format=csv",
        "/admin/consent/consentrecord/export/?format=json&start=2000-01-01&end=9999-12-31",
    ]:
        exchange("editor", "GET", path, headers=staff)
    member = {"Cookie": cookies + b"; sessionid=" + sessions["member"].encode()}
    for path in ["/accounts/", "/accounts/data/"]:
        exchange("member", "GET", path, headers=member)
    # The walk reached what it was meant to: signed in, the files were really sent.
    downloads = [
        (label, path)
        for label, path, status, lines in seen
        if status == 200
        and any(line.startswith("Content-Disposition: attachment") for line in lines)
    ]
    assert {label for label, _ in downloads} == {"editor", "member"}, downloads
    assert len(downloads) >= 4, downloads  # consent CSV and JSON, subscribers, member's data
    assert len(seen) > 300, len(seen)
    return failures


def test_poisoned_text_never_becomes_a_header_through_a_real_server(poisoned_site):
    """Django's own server (runserver's): it writes header values as it is given them, so
    a line break in one shows here as a line of its own."""
    port, journal, names, sessions = poisoned_site
    failures = _walk(port, journal, names, sessions)
    assert not failures, "\n".join(failures[:10])
    assert ConsentRecord.objects.count() >= len(CONSENT_POSTS)


def _database_url_for_another_process(tmp_path: Path) -> str:
    """This test's database, for a server in another process: PostgreSQL's test database
    as it is (the data is committed), or SQLite's in-memory one copied to a file."""
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


def test_poisoned_text_never_becomes_a_header_through_gunicorn(poisoned_site, tmp_path):
    """gunicorn, as deployed (README, "Deploying"): it refuses a header value with a line
    break or a character outside Latin-1, which a reader would meet as a 500."""
    _, journal, names, sessions = poisoned_site
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    env = {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "",
        "DEBUG": "1",
        "DATABASE_URL": _database_url_for_another_process(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        "WEATHER_PROVIDER": "off",
        "SECRET_KEY": django_settings.SECRET_KEY,  # the sessions made here are valid there
    }
    console = (tmp_path / "console").open("w")
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lordspress.wsgi", "--bind",
         f"fd://{listener.fileno()}", "--workers", "1"],
        cwd=root, env=env, pass_fds=[listener.fileno()], stdout=console,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        failures = _walk(port, journal, names, sessions)
    finally:
        server.terminate()
        server.wait(timeout=60)
        listener.close()
        console.close()
    log = (tmp_path / "console").read_text()
    assert not failures, "\n".join(failures[:10]) + "\n" + log[-3000:]
    assert "Invalid" not in log, log[-3000:]
