"""One-time tokens in addresses reach no log, and leave the address at the first request.

The kind: a route with a ``token`` parameter. Every such route of the URLconf is found by
walking it, so a new token route is held to all of this without a new test:

- its view is a ``one_time_link`` (the token moves to the session, the browser is sent to an
  address without it, and pages send no path in ``Referer``);
- ``lordspress.core.logging``'s rules and the maps in ``deploy/nginx.conf`` redact its token;
- requesting it (every way: GET, HEAD, POST, no trailing slash, a query string, a ``Referer``)
  leaves the raw token in no log record of any logger at any level, through the test client,
  through the development server's real request handler (``django.server``), and through a
  real gunicorn's access and error logs.

The kind behind the second half of this file: a log rule that reads the request line as text
while the router reads it decoded. Every token address is respelled (``tests/token_spellings``:
escapes of any character, ``%2F``, doubled slashes, dot segments, letter case, suffixes on the
token) and sent through the test client, the development server, a real gunicorn serving live
tokens and, when one is installed, a real nginx with the shipped configuration. Each spelling
either is refused (the token never reaches the session) or is the address as the site writes
it (as written, where the server tells Django: gunicorn; else as decoded); in every case no log
line carries the token, or half of it, as written or decoded, in any letter case.
"""

import http.client
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import string
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core import signing
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connections, transaction
from django.test import Client
from django.test.testcases import LiveServerThread
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gunicorn.config import AccessLogFormat
from gunicorn.glogging import SafeAtoms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lordspress.core.logging import (
    NGINX_REPLACEMENT,
    NGINX_RULE,
    REDACTED,
    RedactTokensFilter,
    redact,
)
from newsletter import tokens as link_tokens
from newsletter.links import REFERRER_POLICY, SESSION_KEY
from newsletter.models import EmailToken, Subscriber
from tests import factories
from tests.token_spellings import carries, raw_request, spellings

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def _token_routes(patterns=None, prefix="", namespace="") -> list[tuple[str, object]]:
    """(URL name, view) of every route with a ``token`` parameter, anywhere in the URLconf."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _token_routes(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern) and "token" in pattern.pattern.regex.groupindex:
            assert pattern.name, f"token route {prefix}{pattern.pattern} needs a name"
            found.append((namespace + pattern.name, pattern.callback))
    return found


TOKEN_ROUTES = _token_routes()
# What tokens look like: 32 random bytes (newsletter.tokens.token_mint) and a signed value
# (newsletter.tokens.unsubscribe_token), plus a short one.
SAMPLE_TOKENS = [
    secrets.token_urlsafe(32),
    signing.dumps(12345, salt="newsletter.unsubscribe"),
    "Zx9-_q",
]


def _paths(name: str, token: str) -> list[str]:
    path = reverse(name, kwargs={"token": token})
    return [path, path.rstrip("/"), f"{path}?utm_source=newsletter&x=1", f"{path}#top"]


def test_the_walk_finds_the_token_routes():
    names = {name for name, _ in TOKEN_ROUTES}
    assert {
        "newsletter:confirm",
        "newsletter:unsubscribe",
        "accounts:sign-in",
        "accounts:set-password",
    } <= names


@pytest.mark.parametrize(("name", "view"), TOKEN_ROUTES, ids=[n for n, _ in TOKEN_ROUTES])
def test_every_token_route_moves_its_token_out_of_the_address(name, view):
    assert getattr(view, "one_time_link", None), f"{name} is not a newsletter.links.one_time_link"


# --- the expressions ----------------------------------------------------------------------


def _nginx_maps() -> list[tuple[str, re.Pattern, str]]:
    """(source variable, regex, replacement) of each map in deploy/nginx.conf, read as nginx
    reads them (single-quoted strings; ``~`` marks a regular expression)."""
    text = NGINX_CONF.read_text()
    maps = re.findall(r"^map \$(\w+) \$\w+ \{\n(.*?)^\}", text, re.M | re.S)
    assert maps, "deploy/nginx.conf has no map"
    parsed = []
    for source, body in maps:
        (rule,) = re.findall(r"^\s*'~(.*)' '(.*)';\s*$", body, re.M)
        parsed.append((source, re.compile(rule[0]), rule[1]))
    return parsed


def _nginx_apply(regex: re.Pattern, replacement: str, value: str) -> str:
    """nginx's ``map``: the first matching regex gives the value, its captures substituted
    (a capture that took no part is empty)."""
    match = regex.search(value)
    if match is None:
        return value
    return re.sub(r"\$\{(\w+)\}", lambda m: match.group(m.group(1)) or "", replacement)


def test_nginx_logs_the_request_line_and_referer_redacted():
    sources = {source for source, _, _ in _nginx_maps()}
    assert sources == {"request", "http_referer"}
    text = NGINX_CONF.read_text()
    (log_format,) = re.findall(r"log_format lordspress_redacted (.*?);", text, re.S)
    assert "$lordspress_request" in log_format and "$lordspress_referer" in log_format
    assert "$request " not in log_format and "$http_referer" not in log_format
    assert "$request_uri" not in log_format and "$uri" not in log_format
    for line in re.findall(r"^\s*access_log .*;", text, re.M):
        assert line.rstrip(";").endswith("lordspress_redacted"), line


def test_nginx_uses_the_rule_of_the_application():
    for _, regex, replacement in _nginx_maps():
        assert regex.pattern == NGINX_RULE and replacement == NGINX_REPLACEMENT


def test_nginx_error_log_writes_only_critical_errors_in_every_server():
    """Its entries end with the request line as written, and it has no format to redact; a
    quieter level only where the address looks like a token cannot work, as nginx picks a
    location by the normalised $uri (``/newsletter/confirm/<token>/..`` is ``…/confirm/``)."""
    text = NGINX_CONF.read_text()
    servers = re.findall(r"^server \{\n(.*?)^\}", text, re.M | re.S)
    assert len(servers) == 2
    for server in servers:
        assert re.search(r"^    error_log +\S+ crit;", server, re.M), server
    for line in re.findall(r"^\s*error_log .*", text, re.M):
        assert re.match(r"\s*error_log +\S+ crit;", line), line


@pytest.mark.parametrize("name", [n for n, _ in TOKEN_ROUTES])
@pytest.mark.parametrize("token", SAMPLE_TOKENS, ids=["random", "signed", "short"])
def test_both_expressions_redact_every_token_route(name, token):
    maps = _nginx_maps()
    for path in _paths(name, token):
        for method in ("GET", "HEAD", "POST"):
            line = f"{method} {path} HTTP/1.1"
            ours = redact(line)
            assert token not in ours and REDACTED in ours, line
            route = ours.split(REDACTED)[0]
            for _, regex, replacement in maps:
                theirs = _nginx_apply(regex, replacement, line)
                assert theirs == f"{route}{REDACTED} HTTP/1.1", line
        referer = f"https://www.lordspress.example{path}"
        for _, regex, replacement in maps:
            assert token not in _nginx_apply(regex, replacement, referer)
        # Django's "Not Found" tracebacks print the path without its leading slash.
        assert token not in redact(f"'path': '{path.lstrip('/')}'")


def test_the_expressions_leave_other_addresses_alone():
    untouched = [
        "GET /newsletter/confirm/ HTTP/1.1",  # where the token has gone: nothing to hide
        "GET /accounts/password/set/ HTTP/1.1",
        "GET /accounts/password/reset/sent/ HTTP/1.1",
        "GET /2026/11/25/the-succession-to-the-barony/ HTTP/1.1",
        "GET /search/?q=confirm HTTP/1.1",
        "GET /newsletter/subscribe/ HTTP/1.1",
        # slugs (up to 120 characters of lower case, digits and hyphens) are not tokens
        f"GET /2026/11/25/{'the-succession-to-the-barony-of-lorne-' * 3}/ HTTP/1.1",
        f"GET /authors/{'a-pseudonymous-writer-of-long-name-' * 3}/ HTTP/1.1",
        "GET /static/css/site.3f2a9b8c1d2e.css HTTP/1.1",
        "GET /media/images/2026/11/Portrait_of_the_Duke.jpg HTTP/1.1",
        # a traceback's snake_case names
        'File "query.py", line 9, in _check_ordering_first_last_queryset_aggregation',
    ]
    maps = _nginx_maps()
    for line in untouched:
        assert redact(line) == line
        for _, regex, replacement in maps:
            assert _nginx_apply(regex, replacement, line) == line


# Tokens as the site mints them: random (newsletter.tokens.token_mint), signed for
# unsubscribing (newsletter.tokens.unsubscribe_token), and signed with a timestamp (links
# mailed before the signed ones became deterministic, still honoured).
MINTED_TOKENS = [
    *(secrets.token_urlsafe(32) for _ in range(3)),
    signing.Signer(salt="newsletter.unsubscribe").sign_object(1),
    signing.Signer(salt="newsletter.unsubscribe").sign_object(987654),
    signing.dumps(12345, salt="newsletter.unsubscribe"),
]
SPELLING_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@SPELLING_SETTINGS
@given(data=st.data())
def test_every_spelling_of_a_token_address_is_redacted_by_both_expressions(data):
    """Whatever the spelling, neither the request line as written, nor the path as Django
    decodes it (its "Not Found" lines), nor a Referer keeps a minted token in our redaction
    or in nginx's maps."""
    name = data.draw(st.sampled_from([n for n, _ in TOKEN_ROUTES]), label="route")
    token = data.draw(st.sampled_from(MINTED_TOKENS), label="token")
    written = data.draw(spellings(reverse(name, kwargs={"token": token})), label="written")
    decoded = unquote(written.split("?")[0], errors="replace")
    maps = _nginx_maps()
    lines = [
        f"GET {written} HTTP/1.1",
        f"Not Found: {decoded}",
        f"'path': '{decoded.lstrip('/')}'",
        f"https://www.lordspress.example{written}",
    ]
    for line in lines:
        assert not carries(redact(line), token), line
    for line in (lines[0], lines[-1]):  # what nginx sees: $request and $http_referer, as sent
        for _, regex, replacement in maps:
            assert not carries(_nginx_apply(regex, replacement, line), token), line


# --- a redacted line keeps its fields -----------------------------------------------------
#
# The kind: a redaction that takes what frames a token in its log line (the closing quote of a
# quoted Referer, a repr's quote, a space, the ":" after a field), so that the line no longer
# splits into the fields it had. Held for every redaction: any text keeps every character
# that cannot be part of a token (``_frame``); gunicorn's and runserver's access lines, made
# from generated token addresses and passed through the record factory and the filter, parse
# strictly into the fields of the line unredacted; and a real nginx writes lines that parse as
# its own "combined" lines for the same requests (``test_nginx_lines_keep_their_fields``).

SITE = "https://www.lordspress.example"
RUN_CHARS = frozenset(string.ascii_letters + string.digits + "_%-")
# What may frame a token in a log line.
FRAMING = " \t\"'<>()[]{},;:|=&!*+@~./\\?#"
# What may stand after a token in a request target sent to a server: not a tab, not "?" or
# "#" (a query), not "\\" where it would end runserver's unescaped quoted field.
TARGET = " \"'<>()[]{},;:|=&!*+@~./"
NGINX_TARGET = TARGET + "\\"
# What may stand after a token in a header gunicorn writes: not "\\", which gunicorn writes
# unescaped (a value ending in one spoils the line before any redaction).
HEADER = FRAMING.replace("\\", "")
# Token text as the site mints it (base64url, with an upper-case letter: a random token lacks
# one once in about 5·10^9) and signed values (``<value>:<signature>``), generated.
TOKEN_TEXT = st.text(string.ascii_letters + string.digits + "-_", min_size=43, max_size=64).filter(
    lambda text: any(char.isupper() for char in text)
)
TOKENS = st.one_of(
    st.sampled_from(MINTED_TOKENS),
    TOKEN_TEXT,
    st.builds(
        lambda value, signature: f"{value}:{signature}",
        st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=12),
        TOKEN_TEXT,
    ),
)
LINE_SETTINGS = settings(SPELLING_SETTINGS, max_examples=200)


@st.composite
def _framed_token_addresses(draw, framing: str) -> tuple[str, str]:
    """(token, a token route's address with it, as the site writes it or otherwise spelled,
    with ``framing`` characters right after the token or the address)."""
    name = draw(st.sampled_from([n for n, _ in TOKEN_ROUTES]), label="route")
    token = draw(TOKENS, label="token")
    address = reverse(name, kwargs={"token": token})
    written = draw(
        st.one_of(st.just(address), st.just(address.rstrip("/")), spellings(address)),
        label="written",
    )
    return token, written + draw(st.text(framing, max_size=3), label="after")


def _frame(text: str) -> list[str]:
    """The characters of ``text`` that cannot be part of a token: all but the run characters
    and a ":" between two of them (a signed value's)."""
    return [
        char
        for i, char in enumerate(text)
        if char not in RUN_CHARS
        and not (char == ":" and 0 < i < len(text) - 1 and {text[i - 1], text[i + 1]} <= RUN_CHARS)
    ]


def _redacted_frame(text: str) -> list[str]:
    """``_frame`` of a redacted text, each ``[redacted]`` read as the token it stands for."""
    return _frame(text.replace(REDACTED, "T"))


def test_the_frame_of_a_line_is_what_a_token_cannot_be_written_with():
    token = MINTED_TOKENS[0]
    line = f"\"{SITE}/newsletter/confirm/{token}\" 'x': {token}."
    assert _frame(line) == list("\"://..///\" '': .")
    assert _redacted_frame(redact(line)) == _frame(line)
    eaten = f"\"{SITE}/newsletter/confirm/{REDACTED} 'x': {REDACTED}."  # the closing quote
    assert _redacted_frame(eaten) != _frame(line)


@LINE_SETTINGS
@given(
    pieces=st.lists(
        st.one_of(
            _framed_token_addresses(FRAMING),
            st.tuples(TOKENS, st.text(FRAMING, max_size=2)).map(lambda p: (p[0], "".join(p))),
            st.text(FRAMING + "ab1:", max_size=6).map(lambda text: (None, text)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_redaction_takes_nothing_that_frames_a_token(pieces):
    """Any text around tokens and token addresses (quotes, spaces, brackets, colons, a repr's
    "'>", the Referer's closing quote): redacted, it keeps every character a token cannot be
    written with, in order, and no token."""
    line = "".join(text for _, text in pieces)
    redacted = redact(line)
    assert _redacted_frame(redacted) == _frame(line), f"{line!r}\n{redacted!r}"
    for token, _ in pieces:
        if token is not None:
            assert not carries(redacted, token), f"{line!r}\n{redacted!r}"


# Strict parses of the two access lines Python writes: gunicorn's default (Apache's
# "combined"; gunicorn writes a quote inside a value as \") and runserver's request line.
QUOTED = r'"((?:[^"\\]|\\.)*)"'
GUNICORN_LINE = re.compile(
    rf"(\S+) (\S+) (\S+) \[([^\]]+)\] {QUOTED} ([0-9]{{3}}) ([0-9]+|-) {QUOTED} {QUOTED}"
)
RUNSERVER_FORMAT = '"%s" %s %s'  # http.server's log_request, which runserver logs
RUNSERVER_LINE = re.compile(rf"{QUOTED} ([0-9]{{3}}) ([0-9]+)")


def _through_the_logging(logger: str, message: str, args: tuple) -> list[str]:
    """``message % args`` as a log line would have it: redacted by the record factory (every
    record of a running site) and by the filter (records made before the factory is in)."""
    made = logging.getLogRecordFactory()(logger, logging.INFO, __file__, 1, message, args, None)
    plain = logging.LogRecord(logger, logging.INFO, __file__, 1, message, args, None)
    assert RedactTokensFilter().filter(plain)
    return [made.getMessage(), plain.getMessage()]


def _same_fields(pattern: re.Pattern, line: str, redacted: str, rewritten: set[int]) -> tuple:
    """The fields of ``redacted``, after checking that it parses as ``line`` does: the same
    fields, each with the same frame, equal but for those in ``rewritten``."""
    plain = pattern.fullmatch(line)
    assert plain, line  # the generated requests make well-formed lines
    fields = pattern.fullmatch(redacted)
    assert fields, f"{redacted}\nwas\n{line}"
    for i, (ours, theirs) in enumerate(zip(fields.groups(), plain.groups(), strict=True)):
        if i in rewritten:
            assert _redacted_frame(ours) == _frame(theirs), f"{redacted}\nwas\n{line}"
        else:
            assert ours == theirs, f"{redacted}\nwas\n{line}"
    return fields.groups()


@LINE_SETTINGS
@given(
    request=_framed_token_addresses(TARGET),
    referer=_framed_token_addresses(HEADER),
    agent=st.text(HEADER + "Mozilla/5.0", max_size=12),
)
def test_access_lines_keep_their_fields(request, referer, agent):
    """Generated token addresses as the request target and the Referer of gunicorn's access
    line (its own format and quoting) and as runserver's request line, through the record
    factory and the filter: each redacted line parses strictly into the fields of the line
    unredacted, and carries no token."""
    (token, target), (other, address) = request, referer
    request_line = f"GET {target} HTTP/1.1"
    atoms = SafeAtoms(
        {
            "h": "203.0.113.9",
            "l": "-",
            "u": "-",
            "t": "[01/Dec/2026:10:00:00 +0000]",
            "r": request_line,
            "s": "302",
            "b": "0",
            "f": SITE + address,
            "a": agent,
        }
    )
    line = AccessLogFormat.default % atoms
    for redacted in _through_the_logging("gunicorn.access", AccessLogFormat.default, (atoms,)):
        fields = _same_fields(GUNICORN_LINE, line, redacted, rewritten={4, 7, 8})
        assert fields[4].startswith("GET /") and fields[4].endswith(" HTTP/1.1"), redacted
        assert fields[7].startswith(SITE + "/"), redacted
        assert not carries(redacted, token) and not carries(redacted, other), redacted
    if '"' not in target:  # runserver writes its request line unescaped
        args = (request_line, "302", "0")
        line = RUNSERVER_FORMAT % args
        for redacted in _through_the_logging("django.server", RUNSERVER_FORMAT, args):
            _same_fields(RUNSERVER_LINE, line, redacted, rewritten={0})
            assert not carries(redacted, token), redacted


# --- real requests, every log record ------------------------------------------------------


class _Everything(logging.Handler):
    """Keeps every record it sees, formatted as a log file would have it."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_record():
    """A handler on the root logger and on every logger that does not propagate, with every
    logger at DEBUG for the test: nothing any logger creates escapes it."""
    handler = _Everything()
    manager = logging.Logger.manager
    loggers = [logging.getLogger()] + [
        logger for logger in manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(handler)
    yield handler
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled
        logger.removeHandler(handler)


def _live_tokens() -> dict[str, str]:
    """A usable token for each known route (so the redirect path is taken too)."""
    user = factories.UserFactory(email="reader@example.org")
    subscriber = Subscriber.objects.create(
        email="reader@example.org", user=user, status=Subscriber.Status.PENDING, newsletter=True
    )
    mint = link_tokens.token_mint
    return {
        "newsletter:confirm": mint(
            purpose=EmailToken.Purpose.CONFIRM,
            subscriber=subscriber,
            lifetime=link_tokens.CONFIRM_LIFETIME,
        ),
        "accounts:sign-in": mint(
            purpose=EmailToken.Purpose.SIGN_IN, user=user, lifetime=link_tokens.SIGN_IN_LIFETIME
        ),
        "accounts:set-password": mint(
            purpose=EmailToken.Purpose.SET_PASSWORD,
            user=user,
            lifetime=link_tokens.SET_PASSWORD_LIFETIME,
        ),
        "newsletter:unsubscribe": link_tokens.unsubscribe_token(subscriber),
    }


def _assert_nowhere(tokens, handler: _Everything):
    assert handler.records, "nothing was logged: the capture does not work"
    for token in tokens:
        for line in handler.lines:
            assert token not in line, line
        for record in handler.records:
            assert token not in repr(record.args) and token not in str(record.msg)


@pytest.mark.django_db
def test_requests_to_every_token_route_log_no_token(every_log_record):
    live = _live_tokens()
    tokens = []
    for name, _ in TOKEN_ROUTES:
        for token in [live.get(name), *SAMPLE_TOKENS]:
            if token is None:
                continue
            tokens.append(token)
            for path in _paths(name, token):
                browser = Client()
                referer = {"HTTP_REFERER": f"https://www.lordspress.example{path}"}
                for response in (
                    browser.get(path, follow=True, **referer),
                    browser.head(path),
                    browser.post(path, **referer),
                ):
                    assert response.status_code < 500
                    for _, location_status in getattr(response, "redirect_chain", []):
                        assert location_status in {301, 302}
    assert any("Bad Request" in line for line in every_log_record.lines)  # django.request 4xx
    _assert_nowhere(tokens, every_log_record)


@pytest.mark.django_db
def test_a_link_leaves_its_token_in_the_session_and_the_address_without_it():
    live = _live_tokens()
    for name, token in live.items():
        browser = Client()
        response = browser.get(reverse(name, kwargs={"token": token}))
        assert response.status_code == 302, name
        assert token not in response["Location"] and response["Location"].endswith("/")
        assert response["Referrer-Policy"] == REFERRER_POLICY == "strict-origin"
        page = browser.get(response["Location"])
        assert page.status_code == 200, name
        assert token not in page.content.decode()
        assert page["Referrer-Policy"] == "strict-origin"
    unusable = Client().get(reverse("accounts:sign-in", kwargs={"token": "no-such-token"}))
    assert unusable.status_code == 400 and unusable["Referrer-Policy"] == "strict-origin"
    assert "sessionid" not in unusable.cookies  # a junk link opens no session


# --- the development server (``manage.py runserver``'s request handler) --------------------


class _DevServerThread(LiveServerThread):
    """Django's live server, with runserver's own (logging) request handler."""

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            WSGIRequestHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )


@pytest.fixture
def dev_server(transactional_db):
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = _DevServerThread("127.0.0.1", StaticFilesHandler, shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield thread.port
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


def _fetch(port: int, path: str, *, method: str = "GET", referer: str | None = None) -> int:
    """One plain HTTP request (redirects not followed); returns the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, headers={"Referer": referer} if referer else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_development_server_logs_request_lines_without_tokens(dev_server, every_log_record):
    tokens = []
    for name, _ in TOKEN_ROUTES:
        for token in SAMPLE_TOKENS:
            tokens.append(token)
            for path in _paths(name, token)[:3]:
                for method in ("GET", "POST"):
                    status = _fetch(dev_server, path, method=method)
                    assert status < 500
    server_lines = [line for line in every_log_record.lines if line.startswith("django.server")]
    assert any(f"{REDACTED}" in line for line in server_lines), server_lines[:3]
    _assert_nowhere(tokens, every_log_record)


# --- every spelling of a token address -----------------------------------------------------

PURPOSES = {name: view.one_time_link for name, view in TOKEN_ROUTES}
SESSION_COOKIE = "sessionid"


def _address_of(written: str) -> str:
    """The path a WSGI server hands Django (percent-escapes decoded once), as text."""
    return unquote(written.split("?", 1)[0], errors="replace")


def _address_of_leading_slashes_merged(written: str) -> str:
    """What runserver hands Django: Python's http.server merges leading slashes (CPython
    gh-87389, against open redirects), so ``//newsletter/…`` is ``/newsletter/…``."""
    return "/" + _address_of(written).lstrip("/")


def _took_the_link(answer) -> bool:
    """Whether a server's answer is a link's token moving to the session: the redirect to the
    token-free address, with the session cookie (a link that cannot be used opens none)."""
    return answer.status == 302 and f"{SESSION_COOKIE}=" in answer.header("Set-Cookie")


@pytest.mark.django_db
def test_the_router_takes_a_token_only_at_its_own_address_and_logs_none(every_log_record):
    """Through the test client, which (like the development server) gives Django no request
    line as written: a spelling reaches the view only when it decodes to the address itself.
    GET and HEAD put the token in the session, POST uses it (each request rolled back)."""
    live = _live_tokens()
    seen = {"taken": 0, "refused": 0}

    @SPELLING_SETTINGS
    @given(data=st.data())
    def check(data):
        name = data.draw(st.sampled_from(sorted(live)), label="route")
        token = live[name]
        address = reverse(name, kwargs={"token": token})
        written = data.draw(spellings(address), label="written")
        method = data.draw(st.sampled_from(["GET", "HEAD", "POST"]), label="method")
        path, _, query = written.partition("?")
        first = len(every_log_record.lines)
        browser = Client()
        with transaction.atomic():
            response = browser.generic(
                method,
                "/",
                PATH_INFO=unquote(path, encoding="latin-1"),  # WSGI: the bytes, as latin-1
                QUERY_STRING=query,
                HTTP_REFERER=f"https://www.lordspress.example{written}",
            )
            if method == "POST":  # the view used the token: its page, or where it leads
                taken = response.status_code in {200, 302, 303}
            else:
                taken = SESSION_KEY.format(purpose=PURPOSES[name]) in browser.session
            transaction.set_rollback(True)
        assert response.status_code < 500
        if taken:
            assert _address_of(written) == address, written
        seen["taken" if taken else "refused"] += 1
        for line in every_log_record.lines[first:]:
            assert not carries(line, token), line

    check()
    assert seen["taken"] and seen["refused"], seen


def test_the_development_server_takes_a_token_only_at_its_own_address_and_logs_none(
    dev_server, every_log_record
):
    """runserver's handler: its own request lines (``django.server``), as the client wrote
    them, hold no spelling of a live token."""
    live = _live_tokens()
    seen = {"taken": 0, "refused": 0}

    @SPELLING_SETTINGS
    @given(data=st.data())
    def check(data):
        name = data.draw(st.sampled_from(sorted(live)), label="route")
        address = reverse(name, kwargs={"token": live[name]})
        written = data.draw(spellings(address), label="written")
        method = data.draw(st.sampled_from(["GET", "HEAD"]), label="method")
        answer = raw_request(dev_server, method, written, {"Referer": written})
        assert answer.status < 500
        taken = _took_the_link(answer)
        if taken:
            assert _address_of_leading_slashes_merged(written) == address, written
        seen["taken" if taken else "refused"] += 1

    check()
    assert seen["taken"] and seen["refused"], seen
    server_lines = [line for line in every_log_record.lines if line.startswith("django.server")]
    assert any(REDACTED in line for line in server_lines), server_lines[:3]
    for token in live.values():
        for line in every_log_record.lines:
            assert not carries(line, token), line


# --- gunicorn, as deployed ----------------------------------------------------------------


@contextmanager
def _gunicorn(tmp_path: Path, database_url: str, **environment: str):
    """A real gunicorn serving the site (README, "Deploying"), its access log on and every
    log at DEBUG; yields its port and the paths of its access, error and console logs.

    The listening socket is made here and handed to gunicorn, so requests simply wait until
    it is ready; the logs are complete once the block ends (the server has stopped).
    """
    listener = socket.create_server(("127.0.0.1", 0))
    logs = {name: tmp_path / name for name in ("access", "error", "console")}
    env = {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp_path / "static"),
        "WEATHER_PROVIDER": "off",
        "LOG_LEVEL": "DEBUG",
        **environment,
    }
    out = logs["console"].open("w")  # a file, not a pipe nobody reads while it fills
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lordspress.wsgi",
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            "1",
            "--access-logfile",
            str(logs["access"]),
            "--error-logfile",
            str(logs["error"]),
            "--log-level",
            "debug",
        ],
        cwd=ROOT,
        env=env,
        pass_fds=[listener.fileno()],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        yield listener.getsockname()[1], logs
    finally:
        server.terminate()
        server.wait(timeout=60)
        listener.close()
        out.close()


def test_gunicorn_access_and_error_logs_carry_no_token(tmp_path):
    """Its database is empty, so the token pages fail with a 500: the worst case, since Django
    then logs the path with a traceback too."""
    tokens = []
    with _gunicorn(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}") as (port, logs):
        for name, _ in TOKEN_ROUTES:
            token = secrets.token_urlsafe(32)
            tokens.append(token)
            path = reverse(name, kwargs={"token": token})
            referer = f"https://www.lordspress.example{path}"
            for method in ("GET", "POST"):
                _fetch(port, path, method=method, referer=referer)
            _fetch(port, f"{path.rstrip('/')}?x=1", referer=referer)
    access_log = logs["access"].read_text()
    written = access_log + logs["error"].read_text() + logs["console"].read_text()
    assert access_log.count(REDACTED) >= 2 * 3 * len(TOKEN_ROUTES), access_log
    assert "Internal Server Error" in written  # Django's own error lines were captured too
    for token in tokens:
        assert token not in written


def _database_for_another_process(tmp_path: Path) -> str:
    """A DATABASE_URL with the test's committed rows: the test database itself (PostgreSQL),
    or a copy of it (SQLite, whose test database lives in this process's memory)."""
    connection = connections["default"]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "live.sqlite3")
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{tmp_path / 'live.sqlite3'}"
    db = connection.settings_dict
    return (
        f"postgres://{quote(db['USER'] or '', safe='')}:{quote(db['PASSWORD'] or '', safe='')}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
    )


def test_gunicorn_takes_a_token_only_as_the_site_writes_it_and_logs_none(
    transactional_db, tmp_path
):
    """gunicorn gives Django the request line as written (``RAW_URI``): a token address
    spelled any other way (``/newsletter/%63onfirm/…``, ``…/confirm%2F<token>/``) is a 404
    and the token stays out of the session; no spelling reaches its access or error log."""
    live = _live_tokens()
    seen = {"taken": 0, "refused": 0}
    database = _database_for_another_process(tmp_path)
    with _gunicorn(tmp_path, database, SECRET_KEY=django_settings.SECRET_KEY) as (port, logs):

        @SPELLING_SETTINGS
        @given(data=st.data())
        def check(data):
            name = data.draw(st.sampled_from(sorted(live)), label="route")
            address = reverse(name, kwargs={"token": live[name]})
            written = data.draw(spellings(address), label="written")
            method = data.draw(st.sampled_from(["GET", "HEAD"]), label="method")
            answer = raw_request(port, method, written, {"Referer": written})
            assert answer.status < 500, written
            taken = _took_the_link(answer)
            if taken:
                assert written.split("?", 1)[0] == address, written
            seen["taken" if taken else "refused"] += 1

        check()
        # The two spellings the tester used, with the token accepted before the fix.
        for name, token in live.items():
            address = reverse(name, kwargs={"token": token})
            route, _, _ = address.rstrip("/").rpartition("/")
            for written in (
                f"{route}%2F{token}/",
                f"{route[:-1]}%{ord(route[-1]):02X}/{token}/",
            ):
                answer = raw_request(port, "GET", written)
                assert answer.status == 404 and not _took_the_link(answer), written
    assert seen["taken"] and seen["refused"], seen
    access_log = logs["access"].read_text()
    assert access_log.count(REDACTED) >= seen["taken"], access_log[:2000]
    for line in access_log.splitlines():  # redacted, each still parses into its fields
        assert GUNICORN_LINE.fullmatch(line), line
    for log in logs.values():
        for line in log.read_text().splitlines():
            for token in live.values():
                assert not carries(line, token), line


# --- nginx, with the shipped configuration ------------------------------------------------

NGINX = os.environ.get("NGINX_BINARY") or shutil.which("nginx") or shutil.which("/usr/sbin/nginx")


def _nginx_site(tmp_path: Path, *, plain_port: int, site_port: int, upstream_port: int) -> str:
    """deploy/nginx.conf with local ports, paths and no TLS (the logs do not depend on it),
    and beside each redacted access log a "combined" one in ``raw/`` (what nginx would have
    written without the shipped format, for comparison).

    Every change is checked to have applied, so the file cannot drift away from the test."""
    text = NGINX_CONF.read_text()
    changes = [
        (r"listen 80;", f"listen 127.0.0.1:{plain_port};"),
        (r"listen \[::\]:80;", ""),
        (r"listen 443 ssl http2;[^\n]*", f"listen 127.0.0.1:{site_port};"),
        (r"listen \[::\]:443 ssl http2;", ""),
        (r"ssl_certificate(?:_key)? [^\n]*;", ""),
        (
            r"(access_log /var/log/nginx/lordspress\.access\.log lordspress_redacted;)",
            rf"\1 access_log {tmp_path}/raw/combined.log combined;",
        ),
        (r"/var/log/nginx/", f"{tmp_path}/logs/"),
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        (r"/srv/lordspress/var/media/", f"{tmp_path}/media/"),
        (r"/srv/lordspress/var/staticfiles/", f"{tmp_path}/static/"),
        (r"/var/cache/nginx/lordspress", f"{tmp_path}/cache"),
    ]
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text)
        assert count, f"deploy/nginx.conf no longer has {pattern!r}"
    return text


@contextmanager
def _nginx(tmp_path: Path):
    """The shipped configuration in a real nginx, its upstream down (every request is a 502:
    nginx writes the request line to its error log, the worst case for it); yields its two
    ports (``site``, ``plain``). The listening sockets are made here and handed to nginx (its
    own NGINX variable for inherited sockets), so requests wait until it is ready; the logs
    are complete once the block ends."""
    if not NGINX:
        if os.environ.get("CI"):  # .ci/run unpacks Debian's nginx; missing there is a fault
            pytest.fail("no nginx binary: .ci/run unpacks one (or set NGINX_BINARY)")
        pytest.skip("no nginx binary (set NGINX_BINARY=/path/to/nginx)")
    for folder in ("logs", "raw", "media", "temp", "static", "cache"):
        (tmp_path / folder).mkdir()
    plain, site = socket.create_server(("127.0.0.1", 0)), socket.create_server(("127.0.0.1", 0))
    down = socket.socket()  # bound, never listening: connections to it are refused
    down.bind(("127.0.0.1", 0))
    ports = {
        "plain_port": plain.getsockname()[1],
        "site_port": site.getsockname()[1],
        "upstream_port": down.getsockname()[1],
    }
    (tmp_path / "site.conf").write_text(_nginx_site(tmp_path, **ports))
    (tmp_path / "nginx.conf").write_text(
        # Workers as the user running the test (root in CI), which owns the temporary
        # folders: the page cache's files must be readable and writable by them.
        "daemon off;\nworker_processes 1;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/main.error.log;\n"
        "events { worker_connections 64; }\nhttp {\n"
        + "".join(
            f"  {kind}_temp_path {tmp_path}/temp/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {tmp_path}/site.conf;\n}}\n"
    )
    command = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    inherited = [plain.fileno(), site.fileno()]
    out = (tmp_path / "logs" / "console").open("w")
    server = subprocess.Popen(
        command,
        env={"PATH": "/usr/bin:/bin", "NGINX": "".join(f"{fd};" for fd in inherited)},
        pass_fds=inherited,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        yield {"site": ports["site_port"], "plain": ports["plain_port"]}
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(timeout=60)
        out.close()
        for sock in (plain, site, down):
            sock.close()


def test_nginx_logs_no_spelling_of_a_token(tmp_path):
    """Every spelling of a token address, to the shipped configuration in a real nginx: no log
    it writes carries the token."""
    tokens = [secrets.token_urlsafe(32) for _ in range(2)] + MINTED_TOKENS[-3:]
    statuses = []
    with _nginx(tmp_path) as ports:

        @SPELLING_SETTINGS
        @given(data=st.data())
        def check(data):
            name = data.draw(st.sampled_from([n for n, _ in TOKEN_ROUTES]), label="route")
            token = data.draw(st.sampled_from(tokens), label="token")
            written = data.draw(spellings(reverse(name, kwargs={"token": token})), label="written")
            port = data.draw(st.sampled_from(sorted(ports.values())))
            answer = raw_request(port, "GET", written, {"Referer": f"https://x.example{written}"})
            statuses.append(answer.status)

        check()
    assert 502 in statuses and 301 in statuses, statuses  # proxied (upstream down), redirected
    access_log = (tmp_path / "logs" / "lordspress.access.log").read_text()
    assert access_log.count(REDACTED) >= len(statuses) // 2, access_log[:2000]
    for log in (tmp_path / "logs").iterdir():
        for line in log.read_text().splitlines():
            for token in tokens:
                assert not carries(line, token), f"{log.name}: {line}"


# nginx's "combined" line, strictly: a quoted field holds no bare quote or backslash (nginx
# writes them, and bytes outside printable ASCII, as \xHH).
NGINX_QUOTED = r'"((?:[^"\\]|\\x[0-9A-F]{2})*)"'
NGINX_COMBINED = re.compile(
    rf"(\S+) - (\S+) \[([^\]]+)\] {NGINX_QUOTED} ([0-9]{{3}}) ([0-9]+) "
    rf"{NGINX_QUOTED} {NGINX_QUOTED}"
)
REQUEST, REFERER = 3, 6  # the fields a map rewrites (NGINX_COMBINED's groups, from 0)


def _nginx_unescape(value: str) -> str:
    return re.sub(r"\\x([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), value)


def test_nginx_lines_keep_their_fields(tmp_path):
    """Generated token addresses, framed by quotes, backslashes, spaces and brackets, as the
    request target and in the Referer, to a real nginx: each line of the redacted access log
    parses strictly, into the fields of the "combined" line nginx wrote for the same request
    (the same values but for the two rewritten ones, whose method, protocol and site are
    kept), and carries none of the tokens."""
    sent = []
    with _nginx(tmp_path) as ports:

        @LINE_SETTINGS
        @given(data=st.data())
        def check(data):
            token, target = data.draw(_framed_token_addresses(NGINX_TARGET), label="target")
            other, referer = data.draw(_framed_token_addresses(FRAMING), label="referer")
            agent = data.draw(st.text(FRAMING + "Mozilla/5.0", max_size=12), label="agent")
            port = data.draw(st.sampled_from(sorted(ports.values())), label="port")
            raw_request(port, "GET", target, {"Referer": SITE + referer, "User-Agent": agent})
            sent.append((token, other))

        check()
    redacted = (tmp_path / "logs" / "lordspress.access.log").read_text().splitlines()
    combined = (tmp_path / "raw" / "combined.log").read_text().splitlines()
    assert len(redacted) == len(combined) == len(sent) > 0
    for ours, theirs, tokens in zip(redacted, combined, sent, strict=True):
        plain = NGINX_COMBINED.fullmatch(theirs)
        assert plain, theirs  # the generated requests make well-formed lines
        fields = NGINX_COMBINED.fullmatch(ours)
        assert fields, f"{ours}\nwas\n{theirs}"
        kept = [i for i in range(len(plain.groups())) if i not in {REQUEST, REFERER}]
        assert [fields.groups()[i] for i in kept] == [plain.groups()[i] for i in kept], ours
        request = _nginx_unescape(fields.groups()[REQUEST])
        assert request.startswith("GET /") and request.endswith(" HTTP/1.1"), ours
        referer = _nginx_unescape(fields.groups()[REFERER])
        if plain.groups()[REFERER] == "-":  # a refused request line: nginx read no header
            assert referer == "-", ours
        else:
            assert referer.startswith(SITE + "/"), ours
        for token in tokens:
            assert not carries(_nginx_unescape(ours), token), ours
