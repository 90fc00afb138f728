"""Every address answers HEAD wherever it answers GET, and 405 (with Allow) to the rest.

Walks the whole URLconf (tests/url_walk.py), so a new URL is held to the same rules. The rule
lives in one place, ``lordspress.core.middleware.HttpMethodMiddleware``: a view declares its
methods with ``allow_methods`` (function views) or by its handlers (class-based views).
"""

import http.client
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth.models import Group
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from lordspress.core.middleware import view_methods
from tests import factories
from tests.hostile import Visitor, quiet_logs
from tests.journal import build_journal
from tests.url_walk import Site, routes, valid_value

# Every method the site answers anywhere: pages and forms, no API.
SITE_METHODS = {"GET", "HEAD", "POST", "OPTIONS"}
# Methods no page of this site answers (TRACE would echo the request, cookies included).
PROBES = ["TRACE", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND", "BREW"]
# Headers that may differ between any two requests (fresh CSRF cookies, dates).
VOLATILE = {"Set-Cookie", "Date", "Expires"}


@pytest.fixture
def site(db):
    journal = build_journal(articles=2, with_images=False)
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    return Site(
        article=journal.article,
        author=journal.authors[0],
        category=journal.categories[0],
        page=journal.pages[0],
        staff=superuser,
    )


@pytest.fixture(autouse=True)
def _quiet():
    with quiet_logs():
        yield


def _urls(site):
    for route in routes():
        yield route, route.url({slot: valid_value(route, slot, site) for slot in route.slots})


def test_every_view_outside_the_admin_declares_its_methods():
    """A function view must say which methods it answers (``allow_methods``); only Django's
    admin views fall back to GET, HEAD and POST, which is what each of them answers."""
    undeclared = [
        route.template
        for route in routes()
        if not route.template.startswith("/admin/")
        and getattr(route.callback, "http_methods", None) is None
        and getattr(route.callback, "view_class", None) is None
    ]
    assert not undeclared, f"declare the methods of {undeclared} with allow_methods()"


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_unsupported_methods_get_405_with_allow(client, site, role):
    if role == "superuser":
        client.force_login(site.staff)
    failures = []
    for route, url in _urls(site):
        options = client.options(url)
        allow = options.get("Allow", "")
        allowed = {m.strip() for m in allow.split(",") if m.strip()}
        if options.status_code != 200 or not {"GET", "HEAD", "OPTIONS"} & allowed:
            failures.append(f"OPTIONS {url}: {options.status_code}, Allow {allow!r}")
            continue
        if "GET" in allowed and "HEAD" not in allowed:
            failures.append(f"{url} allows GET without HEAD")
        if allowed - SITE_METHODS:  # no API here: FormView's PUT was answered as POST
            failures.append(f"{url} answers {sorted(allowed - SITE_METHODS)}")
        if allowed != view_methods(route.callback):
            failures.append(f"{url} Allow {allow!r} is not what the view declares")
        for method in [*PROBES, "POST"]:
            if method in allowed:
                continue
            response = client.generic(method, url)
            if response.status_code != 405 or response.get("Allow") != allow:
                failures.append(
                    f"{method} {url}: {response.status_code}, Allow {response.get('Allow')!r}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["anonymous", "superuser", "editor"])
def test_head_answers_with_the_headers_of_get(site, role):
    """Each request starts from the same cookies (a message left by one page would show on
    the next), so GET and HEAD of one address must match exactly."""
    user = None
    if role == "superuser":
        user = site.staff
    elif role == "editor":
        user = factories.UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
    guest = Visitor.signed_in_as(role, user)
    failures = []
    for route, url in _urls(site):
        if "GET" not in view_methods(route.callback):
            continue
        got, head = guest.send("GET", url), guest.send("HEAD", url)
        got_headers = {k: v for k, v in got.headers.items() if k not in VOLATILE}
        head_headers = {k: v for k, v in head.headers.items() if k not in VOLATILE}
        if head.content or head.status_code != got.status_code or head_headers != got_headers:
            failures.append(
                f"{url}: GET {got.status_code} {got_headers}\n   HEAD {head.status_code} "
                f"{head_headers}"
            )
    assert not failures, "\n".join(failures)
    assert not guest.failures, "\n".join(map(str, guest.failures))


def test_named_cases_through_a_real_server(live_server, transactional_db):
    """``HEAD /robots.txt`` answered 405 (a GET-only decorator) and ``TRACE`` on a feed
    answered 200 (a Feed is not a View). Through a real HTTP server: HEAD has no body."""
    address = urlsplit(live_server.url)

    def ask(method, path):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, response.getheader("Allow"), response.read()
        finally:
            connection.close()

    status, _, body = ask("HEAD", "/robots.txt")
    assert (status, body) == (200, b"")
    get_status, _, got = ask("GET", "/robots.txt")
    assert get_status == 200 and b"Sitemap:" in got
    for path in ["/feed/", "/feed/atom/", "/sitemap.xml", "/robots.txt", "/"]:
        status, allow, _ = ask("TRACE", path)
        assert (status, allow) == (405, "GET, HEAD, OPTIONS"), path


def _through_wsgi(method: str, url: str) -> tuple[str, dict, bytes]:
    """What the WSGI application hands the server (gunicorn sends whatever it is given)."""
    parts = urlsplit(url)
    environ = RequestFactory()._base_environ(
        PATH_INFO=parts.path, QUERY_STRING=parts.query, REQUEST_METHOD=method
    )
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    # As Django's test client does: the test's database connection must outlive the request
    # (request_started and ``close()``'s request_finished would each close it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_the_application_itself_sends_no_body_for_head(site):
    """Django leaves HEAD's body to the server; gunicorn sends it. So the application must
    give none, with the Content-Length of GET (RFC 9110 §9.3.2)."""
    failures = []
    for route, url in _urls(site):
        if "GET" not in view_methods(route.callback):
            continue
        path = urlunsplit(("", "", urlsplit(url).path, urlsplit(url).query, ""))
        get_status, get_headers, got = _through_wsgi("GET", path)
        head_status, head_headers, head_body = _through_wsgi("HEAD", path)
        if head_body or head_status != get_status:
            failures.append(f"HEAD {path}: {head_status}, {len(head_body)} bytes of body")
        elif head_headers.get("Content-Length") != str(len(got)):
            failures.append(
                f"HEAD {path}: Content-Length {head_headers.get('Content-Length')!r}, "
                f"GET's body is {len(got)} bytes"
            )
    assert not failures, "\n".join(failures)
