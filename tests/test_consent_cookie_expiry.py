"""Which cookies consent may expire: never the ones the site itself runs on.

The fault: a registry pattern such as ``*``, ``s*``, ``csrf*`` or ``lp_*`` in an optional
purpose made a refusal expire ``sessionid`` (signing the reader out), ``csrftoken`` (breaking
every form) and ``lp_consent`` itself (deleting the proof of the choice just made), because
the framework cookies were exempted when Set-Cookie headers were filtered but not when refused
cookies were expired, nor by the page's script.

The kind: every path that expires or deletes a cookie on consent grounds, and every way a
name that reaches the site's own cookies gets into the registry. Held here by

* a walk of every consent URL with every action and surface, from every earlier state, with a
  published registry full of hostile patterns (stored around the admin, as an old version
  holds them), under the default cookie names and renamed ones (names come from settings);
* a walk of the source for every place that can delete a cookie (Python and JavaScript): each
  must consult the one rule, so a new deletion path fails until it does;
* hypothesis: any patterns at all, stored around every check, never expire a framework cookie;
* the admin, the save service and publishing refusing over-broad patterns with a message.

The page's script is held by tests/browser/test_consent_site_cookies_kept.py.
"""

import ast
import fnmatch
import itertools
import os
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.cookie_names import (
    declared_name_problem,
    framework_cookie_names,
    matches_every_name,
    name_matches,
)
from consent.middleware import DECISION_ATTRIBUTE, expire_cookie
from consent.models import ConsentAction, ConsentSurface, Cookie, PolicyVersion, Service
from consent.registry import current_registry
from consent.services import (
    cookie_save,
    policy_version_publish,
    registry_unwritable_entries,
)
from consent.state import ConsentState, Status
from tests.consent_support import (
    OPTIONAL,
    ORIGIN,
    consent_cookie,
    expired_variants,
    publish_around_the_checks,
)
from tests.url_walk import routes

ROOT = Path(django_settings.BASE_DIR)

# Patterns and exact names that reach the site's own cookies, each in an optional purpose.
HOSTILE_NAMES = [
    "*",
    "**",
    "s*",
    "csrf*",
    "lp_*",
    "*id",
    "*token",
    "*consent",
    "me*",
    "django_*",
    "*_*",
    "*s*",
    "*e*",
    "sessionid",
    "csrftoken",
    "messages",
    "lp_consent",
    "django_language",
]
# Cookies a reader may hold that hostile patterns match and a refusal must expire: without
# them the walk below could pass by expiring nothing at all.
REFUSABLE = ["tracker", "seen_it", "_ga_1", "lp_demo_stats"]


def _cookie_header(names) -> str:
    """The Cookie header of a reader holding ``names``: a real signed-in session and a
    well-formed CSRF token, so that only consent could expire them (Django itself deletes a
    session cookie whose session does not exist)."""
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["reader"] = 1
    session.create()
    values = {
        django_settings.SESSION_COOKIE_NAME: session.session_key,
        django_settings.CSRF_COOKIE_NAME: "a" * 32,
    }
    return "; ".join(f"{name}={values.get(name, '1')}" for name in names)


def _deleted(response) -> set[str]:
    return {name for name, _, _ in expired_variants(response)}


def _consent_written(response) -> bool:
    """The response writes the consent cookie with a value (a deletion would have none)."""
    return any(
        m.key == django_settings.CONSENT_COOKIE_NAME and m.value and str(m["max-age"]) != "0"
        for m in response.cookies.values()
    )


RENAMED = {
    "SESSION_COOKIE_NAME": "lp_session",
    "CSRF_COOKIE_NAME": "lp_csrf",
    "LANGUAGE_COOKIE_NAME": "lp_language",
    "CONSENT_COOKIE_NAME": "lp_choice",
}


def _earlier_states() -> dict[str, str | None]:
    version = current_registry().version
    return {
        "none": None,
        "accepted everything": consent_cookie(
            categories=OPTIONAL, services=["lp-reading-stats"], version=version
        ),
        "analytics only": consent_cookie(
            categories=["analytics"], services=["lp-reading-stats"], version=version
        ),
        "outdated": consent_cookie(categories=OPTIONAL, version=version - 1),
    }


def _consent_urls() -> list[str]:
    """Every URL of the consent app (a new one is walked without a new test)."""
    found = [route.url({}) for route in routes() if route.name.startswith("consent:")]
    assert "/cookies/consent/" in found
    return found


@pytest.mark.parametrize("names", ["default", "renamed"])
def test_no_consent_action_ever_expires_a_cookie_the_site_runs_on(db, settings, names):
    if names == "renamed":
        for setting, value in RENAMED.items():
            setattr(settings, setting, value)
    framework = framework_cookie_names()
    assert {django_settings.SESSION_COOKIE_NAME, django_settings.CONSENT_COOKIE_NAME} <= framework
    publish_around_the_checks(HOSTILE_NAMES)
    registry = current_registry()
    kept = {c.name for c in registry.cookies if c.category == "necessary"} | framework
    held = sorted(kept | set(REFUSABLE))
    problems, expired_somewhere, requests = [], set(), 0
    category_choices = [
        list(chosen) for size in range(4) for chosen in itertools.combinations(OPTIONAL, size)
    ]
    for url in _consent_urls():
        for (label, earlier), action, surface in itertools.product(
            _earlier_states().items(), ConsentAction.values, ConsentSurface.values
        ):
            for categories in category_choices if action == "custom" else [[]]:
                client = Client(raise_request_exception=False)
                cookies = [n for n in held if n != django_settings.CONSENT_COOKIE_NAME]
                header = _cookie_header(cookies)
                if earlier:
                    header += f"; {django_settings.CONSENT_COOKIE_NAME}={earlier}"
                data = {
                    "action": action,
                    "surface": surface,
                    "version": registry.version,
                    "category": categories,
                    "next": "/",
                }
                response = client.post(
                    url, data, HTTP_ORIGIN=ORIGIN, HTTP_COOKIE=header, HTTP_SEC_GPC="1"
                )
                requests += 1
                case = f"{url} {label} → {action}/{surface} {categories}"
                if response.status_code >= 500:
                    problems.append(f"{case}: {response.status_code}")
                if hit := _deleted(response) & kept:
                    problems.append(f"{case}: expired {sorted(hit)}")
                if response.status_code in (200, 303) and url == "/cookies/consent/":
                    if "kept" not in response.content.decode() and not _consent_written(response):
                        problems.append(f"{case}: the choice was not written")
                expired_somewhere |= _deleted(response)
    assert problems == []
    assert requests > 100
    # The walk is not vacuous: what the hostile patterns match and a refusal refuses is gone.
    assert set(REFUSABLE) <= expired_somewhere


def test_a_refusal_still_expires_every_refused_cookie_but_none_of_the_sites(db):
    publish_around_the_checks(["*", "lp_*", "csrf*"])
    client = Client()
    choice = consent_cookie(categories=OPTIONAL, services=["lp-reading-stats"])
    header = _cookie_header(["sessionid", "csrftoken", "messages", "tracker", "lp_other"])
    session = header.split(";")[0].split("=")[1]
    response = client.post(
        "/cookies/consent/",
        {"action": "reject_all", "surface": "banner", "version": current_registry().version},
        HTTP_ORIGIN=ORIGIN,
        HTTP_COOKIE=f"{header}; lp_consent={choice}",
    )
    assert response.status_code == 303
    assert {"tracker", "lp_other", "lp_demo_stats"} <= _deleted(response)
    assert not _deleted(response) & {"sessionid", "csrftoken", "messages", "lp_consent"}
    assert _consent_written(response)
    # The reader is still signed in to the same session and keeps their (new) choice.
    assert "sessionid" not in client.cookies or client.cookies["sessionid"].value == session
    assert client.cookies["lp_consent"].value


# --- Any other path that records a decision: the middleware holds, not the view -------------


def _decides_in_a_view_of_its_own(request):
    """A stand-in for any future admin action or command that records a reader's decision:
    it only attaches the decision, and the middleware does the expiring."""
    response = HttpResponse("decided")
    setattr(
        response,
        DECISION_ATTRIBUTE,
        ConsentState(
            status=Status.VALID,
            consent_id=uuid.uuid4(),
            version=current_registry().version,
            decided_at=timezone.now(),
        ),
    )
    return response


def _urlpatterns():
    from lordspress.urls import urlpatterns

    return [path("test-only/decides/", _decides_in_a_view_of_its_own), *urlpatterns]


urlpatterns = _urlpatterns()


@pytest.mark.urls(__name__)
def test_any_view_that_records_a_decision_keeps_the_sites_cookies(db):
    publish_around_the_checks(HOSTILE_NAMES)
    names = sorted(framework_cookie_names() | set(REFUSABLE))
    response = Client().get("/test-only/decides/", HTTP_COOKIE=_cookie_header(names))
    assert "tracker" in _deleted(response)
    assert not _deleted(response) & framework_cookie_names()


def test_the_deleting_function_itself_refuses_a_framework_cookie(settings):
    settings.SESSION_COOKIE_NAME = "lp_session"
    response = HttpResponse()
    for name in framework_cookie_names():
        assert expire_cookie(response, name=name, path="/", domain=None) is False
    assert expire_cookie(response, name="tracker", path="/", domain=None) is True
    assert [m.key for m in response.cookies.values()] == ["tracker"]


# --- Every place that can delete a cookie consults the rule ---------------------------------

# Python: deleting through Django or a Morsel, or asking the browser to clear cookies.
_PY_DELETES = ("delete_cookie", "expire_cookie")
_PY_RULE = {"is_framework_cookie", "may_expire"}
# Deletions that are not on consent grounds, by the owner of a cookie the site runs on:
# {"file:function": why}. Each must delete only its own cookie.
_OWNERS = {
    "lordspress/core/signed_in.py:delete_signed_in_flag": "the signed-in flag, deleted when "
    "the session it stands for is gone (sign-out, expiry); consent never touches it",
}
# JavaScript: a write to document.cookie that expires (Max-Age 0 or negative, or an Expires).
_JS_DELETE = re.compile(
    r"document\.cookie\s*=(?=(?:(?!;\s*\n).)*?(?:max-age=(?:0|-)|expires=))",
    re.IGNORECASE | re.DOTALL,
)


def _own_source_files(suffixes: tuple[str, ...]):
    """The project's own files (not the virtualenv, tests, migrations or run-time data)."""
    skipped = {"var", "tests", "node_modules", "migrations", "bench", "media", "staticfiles"}
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(
            d for d in subfolders if d not in skipped and not d.startswith((".", "__"))
        )
        for file in sorted(files):
            if file.endswith(suffixes):
                yield Path(folder, file)


def _expires(call: ast.Call) -> bool:
    """A ``set_cookie`` that deletes: an Expires, or a Max-Age that is 0 or negative."""
    for keyword in call.keywords:
        if keyword.arg == "expires":
            return True
        if keyword.arg == "max_age":
            value = keyword.value
            if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
                return True
            if isinstance(value, ast.Constant) and value.value is not None and value.value <= 0:
                return True
    return False


def _clears_cookies(value: ast.expr) -> bool:
    """A Clear-Site-Data value that clears cookies ("cookies" or "*"), or one not known until
    run time. ``"cache"`` alone (sign-in and sign-out, lordspress/cache.py) does not."""
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
        return True
    return '"cookies"' in value.value or '"*"' in value.value


def _python_deletions(tree: ast.AST):
    """(function name, line, what) for each place in a module that deletes a cookie, with the
    names each enclosing function calls."""
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        called = {
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(function)
            if isinstance(node, ast.Call)
        }
        for node in ast.walk(function):
            what = None
            if isinstance(node, ast.Call):
                name = (
                    node.func.attr
                    if isinstance(node.func, ast.Attribute)
                    else getattr(node.func, "id", "")
                )
                if name in _PY_DELETES or (name == "set_cookie" and _expires(node)):
                    what = name
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                        key = str(target.slice.value).lower()
                        if key in {"max-age", "expires"}:
                            what = f"morsel[{target.slice.value!r}]"
                        elif key == "clear-site-data" and _clears_cookies(node.value):
                            what = "Clear-Site-Data"
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and str(key.value).lower() == "clear-site-data"
                        and _clears_cookies(value)
                    ):
                        what = "Clear-Site-Data"
            if what:
                yield function.name, node.lineno, what, called


def test_every_place_that_deletes_a_cookie_consults_the_one_rule():
    """A new way to delete cookies (an admin action, a command, a sign-out header, another
    script) fails here until it asks ``PublishedRegistry.may_expire`` or
    ``is_framework_cookie`` (in JavaScript: ``mayExpire``), and is then held by the walks
    above or the browser test."""
    found, unguarded = [], []
    for file in _own_source_files((".py",)):
        tree = ast.parse(file.read_text(), filename=str(file))
        for function, line, what, called in _python_deletions(tree):
            where = f"{file.relative_to(ROOT)}:{line} {function}() {what}"
            found.append(where)
            # A function that only defines the deletion (expire_cookie) or only calls it
            # must itself consult the rule.
            if f"{file.relative_to(ROOT)}:{function}" in _OWNERS:
                continue
            if not called & _PY_RULE:
                unguarded.append(where)
    for file in _own_source_files((".js", ".html")):
        text = file.read_text()
        for match in _JS_DELETE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            where = f"{file.relative_to(ROOT)}:{line}"
            found.append(where)
            # From the start of the enclosing named function to the deletion, the rule must
            # have been asked (the scripts are one IIFE, functions indented by two spaces).
            start = text.rfind("\n  function ", 0, match.start())
            if start < 0 or "mayExpire(" not in text[start : match.start()]:
                unguarded.append(where)
    assert unguarded == []
    # The walk sees the deletions that exist (so it is not looking in the wrong place).
    assert any("consent/middleware.py" in f and "expire_cookie" in f for f in found), found
    assert any(f.startswith("static/js/consent.js") for f in found), found


# --- Hostile patterns of any shape ----------------------------------------------------------

# The letters of the framework cookies' default names, a star and one letter none of them has.
_NAME_CHARS = sorted(
    set("sessionid csrftoken messages lp_consent django_language".replace(" ", ""))
)
hostile_pattern = st.text(alphabet=[*_NAME_CHARS, "*", "x"], min_size=1, max_size=12)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(patterns=st.lists(hostile_pattern, min_size=1, max_size=6, unique=True))
def test_no_published_pattern_of_any_shape_expires_a_framework_cookie(db, patterns):
    publish_around_the_checks(patterns)
    framework = framework_cookie_names()
    held = sorted(framework - {django_settings.CONSENT_COOKIE_NAME})
    choice = consent_cookie(categories=OPTIONAL, services=["lp-reading-stats"])
    response = Client().post(
        "/cookies/consent/",
        {"action": "reject_all", "surface": "banner", "version": current_registry().version},
        HTTP_ORIGIN=ORIGIN,
        HTTP_COOKIE=f"{_cookie_header([*held, 'x_other'])}; lp_consent={choice}",
    )
    assert response.status_code == 303
    assert not _deleted(response) & framework
    assert _consent_written(response)
    # What the page's script is told to keep covers the same names.
    keep = current_registry().client_config()["keep"]
    assert all(any(name_matches(k, name) for k in keep) for name in framework)


@given(
    declared=st.text(alphabet="ab*", max_size=8),
    name=st.text(alphabet="ab", max_size=10),
)
def test_the_matcher_is_fnmatch_for_stars(declared, name):
    assert name_matches(declared, name) == fnmatch.fnmatchcase(name, declared)


def test_the_matcher_takes_only_the_star_as_special():
    assert name_matches("_ga_?", "_ga_?") and not name_matches("_ga_?", "_ga_x")
    assert name_matches("a[bc]", "a[bc]") and not name_matches("a[bc]", "ab")
    # Many stars against a long name: linear, not a regex's backtracking.
    assert not name_matches("*a" * 40 + "b", "a" * 4000)


@given(declared=hostile_pattern)
def test_what_the_rule_lets_an_optional_entry_declare_reaches_no_framework_cookie(declared):
    problem = declared_name_problem(name=declared, is_cookie=True, is_necessary=False)
    reaches = {n for n in framework_cookie_names() if name_matches(declared, n)}
    assert (problem is None) == (not reaches and not matches_every_name(declared))


# --- Refused where staff write --------------------------------------------------------------

REFUSED = [
    ("*", "every cookie"),
    ("**", "every cookie"),
    ("s*", "sessionid"),
    ("csrf*", "csrftoken"),
    ("lp_*", "lp_consent"),
    ("*id", "sessionid"),
    ("*consent", "lp_consent"),
    ("m*s", "messages"),
    ("django_*", "django_language"),
    ("csrftoken", "can only be declared strictly necessary"),
    ("lp_consent", "can only be declared strictly necessary"),
]


def _form(**fields) -> dict:
    return {
        "kind": "cookie",
        "category": "analytics",
        "service": Service.objects.get(key="lp-reading-stats").pk,
        "provider": "Example",
        "party": "first",
        "purpose": "Tells visits apart.",
        "duration": "1 year",
        "justification": "",
        "domain": "",
        "path": "/",
        "order": 0,
        **fields,
    }


@pytest.mark.parametrize(("name", "message"), REFUSED)
def test_the_admin_refuses_a_pattern_that_reaches_the_sites_cookies(editor_client, name, message):
    before = Cookie.objects.count()
    response = editor_client.post("/admin/consent/cookie/add/", _form(name=name))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in errors["name"][0], errors
    assert Cookie.objects.count() == before


def test_the_admin_refuses_a_match_everything_storage_key(editor_client):
    response = editor_client.post(
        "/admin/consent/cookie/add/", _form(name="*", kind="local_storage")
    )
    assert response.status_code == 200
    assert (
        "would match every cookie and key" in response.context["adminform"].form.errors["name"][0]
    )


def test_the_admin_still_takes_a_narrow_pattern_and_a_necessary_framework_name(editor_client):
    assert editor_client.post("/admin/consent/cookie/add/", _form(name="_ga_*")).status_code == 302
    assert Cookie.objects.filter(name="_ga_*").exists()
    Cookie.objects.filter(name="messages").delete()
    response = editor_client.post(
        "/admin/consent/cookie/add/",
        _form(name="messages", category="necessary", service="", justification="Forms."),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_the_service_page_refuses_a_hostile_pattern_in_its_cookie_rows(editor_client):
    from tests.admin_forms import form_post_data

    service = Service.objects.get(key="lp-reading-stats")
    page = editor_client.get(f"/admin/consent/service/{service.pk}/change/")
    data = form_post_data(page.content, form_id="service_form")
    data["cookies-0-name"] = "s*"
    response = editor_client.post(f"/admin/consent/service/{service.pk}/change/", data)
    assert response.status_code == 200
    assert "This pattern would also match sessionid" in response.content.decode()
    assert not Cookie.objects.filter(name="s*").exists()
    # The rows still save through the service when they are fine.
    data["cookies-0-name"] = "lp_demo_*"
    response = editor_client.post(f"/admin/consent/service/{service.pk}/change/", data)
    assert response.status_code == 302
    assert Cookie.objects.filter(name="lp_demo_*", service=service).exists()


@pytest.mark.parametrize(("name", "message"), REFUSED)
def test_the_save_service_refuses_them_on_every_write_path(db, name, message):
    cookie = Cookie(
        name=name,
        category_id="marketing",
        provider="Example",
        purpose="P",
        duration="1 day",
    )
    with pytest.raises(ValidationError) as raised:
        cookie_save(cookie=cookie)
    assert message in raised.value.message_dict["name"][0]
    assert not Cookie.objects.filter(name=name, category_id="marketing").exists()


def test_publishing_refuses_hostile_patterns_stored_around_the_admin(editor_client, settings):
    Cookie.objects.create(
        name="lp_*", category_id="analytics", provider="E", purpose="P", duration="1 day"
    )
    assert any("“lp_*”" in p and "lp_consent" in p for p in registry_unwritable_entries())
    response = editor_client.post(
        "/admin/consent/policyversion/add/",
        {"banner_text": "New.", "change_note": "", "confirm": "on"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "must be corrected before a version can be published" in text
    assert "This pattern would also match lp_consent" in text
    versions = PolicyVersion.objects.count()
    with pytest.raises(ValueError, match="Correct these registry entries"):
        policy_version_publish(banner_text="New.")
    assert PolicyVersion.objects.count() == versions
    # A renamed session cookie makes a pattern that was harmless reach it: caught again.
    Cookie.objects.filter(name="lp_*").update(name="app_*")
    assert registry_unwritable_entries() == []
    settings.SESSION_COOKIE_NAME = "app_session"
    assert any("app_session" in p for p in registry_unwritable_entries())
