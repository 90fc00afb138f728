"""deploy/nginx.conf's page cache, in a real nginx in front of a real gunicorn serving the site:
an anonymous page is answered from the cache, a request with a session (or the signed-in
flag) never is and its answer is never kept, kept pages are revalidated with the page's
validators (a 304 upstream, nothing rendered), and static files get far-future headers.

nginx as in tests/test_token_logs.py (NGINX_BINARY, or the one .ci/run unpacks)."""

import http.client
import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from articles.models import Article
from tests import factories
from tests.test_token_logs import NGINX, _database_for_another_process, _gunicorn, _nginx_site

pytestmark = pytest.mark.django_db(transaction=True)

SENTINEL = "the minutes of the Court of Claims were sealed"


@contextmanager
def _nginx_in_front(tmp_path: Path, upstream_port: int):
    """The shipped configuration in a real nginx proxying to ``upstream_port``; yields its
    port (plain HTTP, no TLS)."""
    if not NGINX:
        if os.environ.get("CI"):
            pytest.fail("no nginx binary: .ci/run unpacks one (or set NGINX_BINARY)")
        pytest.skip("no nginx binary (set NGINX_BINARY=/path/to/nginx)")
    root = tmp_path / "nginx"
    for folder in ("logs", "raw", "media", "temp", "static", "cache"):
        (root / folder).mkdir(parents=True)
    plain, site = socket.create_server(("127.0.0.1", 0)), socket.create_server(("127.0.0.1", 0))
    (root / "site.conf").write_text(
        _nginx_site(
            root,
            plain_port=plain.getsockname()[1],
            site_port=site.getsockname()[1],
            upstream_port=upstream_port,
        )
    )
    (root / "nginx.conf").write_text(
        "daemon off;\nworker_processes 1;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {root}/nginx.pid;\nerror_log {root}/logs/main.error.log;\n"
        "events { worker_connections 64; }\nhttp {\n"
        + "".join(
            f"  {kind}_temp_path {root}/temp/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {root}/site.conf;\n}}\n"
    )
    command = [NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-e", "stderr"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    inherited = [plain.fileno(), site.fileno()]
    out = (root / "logs" / "console").open("w")
    server = subprocess.Popen(
        command,
        env={"PATH": "/usr/bin:/bin", "NGINX": "".join(f"{fd};" for fd in inherited)},
        pass_fds=inherited,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        yield site.getsockname()[1], root
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(timeout=60)
        out.close()
        plain.close()
        site.close()


def _get(port: int, path: str, cookie: str | None = None) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read().decode()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def test_nginx_keeps_anonymous_pages_and_never_a_members(tmp_path):
    report = factories.ArticleFactory(
        kind=Article.Kind.SPECIAL_REPORT,
        body="".join(f"<p>Paragraph {n} of the report.</p>" for n in range(8))
        + f"<p>In the end {SENTINEL}.</p>",
    )
    factories.ArticleFactory(headline="An anonymous page")
    member = Client()
    member.force_login(factories.UserFactory())
    session = f"sessionid={member.cookies['sessionid'].value}"
    url = report.get_absolute_url()
    database = _database_for_another_process(tmp_path)
    with (
        _gunicorn(
            tmp_path,
            database,
            SECRET_KEY=django_settings.SECRET_KEY,
            PAGE_CACHE_SECONDS="300",
            PUBLIC_CACHE_SECONDS="1",
        ) as (upstream, logs),
        _nginx_in_front(tmp_path, upstream) as (port, root),
    ):
        # A member first: answered by the application, and not kept.
        status, headers, body = _get(port, url, cookie=session)
        assert status == 200 and SENTINEL in body
        assert headers["x-cache-status"] == "BYPASS"
        assert "private" in headers["cache-control"]
        status, headers, teaser = _get(port, url)
        assert status == 200 and SENTINEL not in teaser
        assert headers["x-cache-status"] == "MISS"
        status, headers, again = _get(port, url)
        assert headers["x-cache-status"] == "HIT" and again == teaser
        # A member after: never answered from the cache, whatever it holds.
        status, headers, body = _get(port, url, cookie=f"lp_consent=x; {session}")
        assert SENTINEL in body and headers["x-cache-status"] == "BYPASS"
        for cookie in ("lp_signed_in=1", "messages=x"):
            assert _get(port, url, cookie=cookie)[1]["x-cache-status"] == "BYPASS", cookie
        # Cookies that do not change the page (a consent choice) do not keep it from a reader.
        assert _get(port, url, cookie="lp_consent=x")[1]["x-cache-status"] == "HIT"
        # Once its second is up, nginx asks again with the page's validators: a 304 upstream.
        # nginx counts a kept page's life in whole seconds of its own clock (stored in second
        # T with s-maxage=1, it is stale from second T+2), so up to two seconds may be needed.
        time.sleep(2.1)
        assert _get(port, url)[1]["x-cache-status"] in {"STALE", "UPDATING", "REVALIDATED"}
        time.sleep(0.5)
        status, headers, body = _get(port, url)
        assert status == 200 and body == teaser and headers["x-cache-status"] == "HIT"
    access = logs["access"].read_text()
    assert '" 304 ' in access, access


def test_nginx_serves_static_files_with_far_future_headers(tmp_path):
    with _nginx_in_front(tmp_path, 9) as (port, root):
        folder = root / "static" / "css"
        folder.mkdir(parents=True)
        (folder / "site.0123456789ab.css").write_text("body { color: black; }")
        (folder / "site.css").write_text("body { color: black; }")
        status, headers, body = _get(port, "/static/css/site.0123456789ab.css")
        assert status == 200 and "color: black" in body
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["x-content-type-options"] == "nosniff"
        status, headers, _ = _get(port, "/static/css/site.css")
        assert status == 200 and headers["cache-control"] == "public, max-age=3600"
        assert _get(port, "/static/css/missing.0123456789ab.css")[0] == 404


def test_nginx_bypasses_the_cache_on_the_applications_personal_cookies():
    """The cookie names in deploy/nginx.conf are the application's own."""
    from lordspress.core.cache import personal_cookie_names

    text = (Path(django_settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    names = "".join(f"$cookie_{name}" for name in personal_cookie_names())
    assert f"proxy_cache_bypass {names};" in text
    assert f"proxy_no_cache {names};" in text
