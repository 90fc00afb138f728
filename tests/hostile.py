"""Hostile input for the tests that walk every URL: visitors, bodies, values (hypothesis).

A ``Visitor`` sends raw requests the way a browser would be made to: CSRF checks enforced
(with a valid token, so a request reaches the view unless its body is what stops it), this
site's Origin, and its own cookies reset before every request. Each request runs in a
savepoint that is rolled back, so one request (a delete, a sign-out, a failed sign-in
recorded by django-axes) never changes what the next one meets.
"""

import html
import logging
import re
import sys
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from hypothesis import strategies as st

CSRF_TOKEN = "HostileInputTestsCsrfSecret12345"  # 32 letters and digits: a valid secret
ROLES = ("anonymous", "superuser", "editor")
ONE_MEGABYTE = 1024 * 1024

# Values a person (or a script) could put in any field or parameter. NUL is left to the
# request guard's own cases (it answers 400 before any view runs).
NAMED_VALUES = [
    "abc",  # first: hypothesis's simplest example puts it in every field (a key, a number…)
    "",
    " ",
    "-1",
    "0",
    "1.5",
    "99999999999999999999",
    "-99999999999999999999",
    "1e400",
    "NaN",
    "9999-12-31",
    "0000-00-00",
    "2024-13-45",
    "31/12/9999 23:59",
    "..",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202egnp.exe",
    "\ufeff\u200b",
    "\U0001d518\U0001f600",
    "a" * 300,
    "true",
    "null",
    "[]",
    '{"a": 1}',
    "javascript:alert(1)",
    "https://evil.example/",
    "//evil.example/",
    "line\r\nSet-Cookie: injected=1",
]

_no_nul_or_surrogate = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
hostile_text = st.one_of(
    st.sampled_from(NAMED_VALUES),
    st.text(alphabet=_no_nul_or_surrogate, max_size=12),
    st.integers().map(str),
)

# Text put into a path slot (percent-encoded as a client would send it), or raw escapes.
NAMED_PATH_VALUES = [
    "9999",
    "a" * 2000,
    "%C3%A9%E2%82%AC%F0%9D%94%98",  # é€𝔘
    "%00",
    "abc%00def",
    "%C0%80",  # an overlong NUL
    "%FF%FE",  # not UTF-8
    "%ED%A0%80",  # a surrogate
    "..",
    "%2e%2e",
    "..%2f..%2fsettings.py",
    "-1",
    "99999999999999999999",
    "0000",
    "0",
    "1.5",
    "%20",
    "%0A",
    "%22%3E%3Cscript%3E",
    "%E2%80%AE",
]
hostile_path_value = st.one_of(
    st.sampled_from(NAMED_PATH_VALUES),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).map(
        lambda text: quote(text, safe="")
    ),
    st.integers().map(str),
)


@dataclass
class Failure:
    method: str
    url: str
    detail: str
    body: bytes = b""
    content_type: str = ""

    def __post_init__(self):
        if len(self.body) > 200:  # a 1 MB body is kept as its start and its length
            self.body = self.body[:200] + f"... ({len(self.body)} bytes)".encode()

    def __str__(self):
        return f"{self.method} {self.url[:300]} [{self.content_type}] {self.body!r}: {self.detail}"


@dataclass
class Visitor:
    role: str
    client: Client
    cookies: SimpleCookie
    failures: list = field(default_factory=list)

    @classmethod
    def signed_in_as(cls, role: str, user=None) -> "Visitor":
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        client.cookies["csrftoken"] = CSRF_TOKEN
        cookies = SimpleCookie()
        cookies.load(client.cookies.output(header="", sep=";"))
        return cls(role, client, cookies)

    def send(self, method: str, url: str, body: bytes = b"", content_type: str = ""):
        """The response, or None when the request raised out of Django (a bare 500 from a
        real server). Any 5xx or escape is recorded in ``failures``."""
        self.client.cookies = SimpleCookie()
        self.client.cookies.load(self.cookies.output(header="", sep=";"))
        headers = {
            "X-CSRFToken": CSRF_TOKEN,
            "Origin": "http://testserver",
            "Sec-Fetch-Site": "same-origin",
        }
        raised = []

        def note(sender, request, **kwargs):
            raised.append(repr(sys.exc_info()[1]))

        got_request_exception.connect(note)
        try:
            with transaction.atomic(), warnings.catch_warnings():
                # The test settings make a naive datetime reaching a model field an error;
                # in production it is a logged warning, and a date typed into the admin's
                # query string (?publish_at__gte=2024-01-01) is one. Judge as production.
                warnings.filterwarnings("default", category=RuntimeWarning)
                response = self.client.generic(
                    method, url, data=body, content_type=content_type, headers=headers
                )
                transaction.set_rollback(True)
        except Exception as error:  # what escapes Django is the finding: a bare 500
            self.failures.append(Failure(method, url, f"raised {error!r}", body, content_type))
            return None
        finally:
            got_request_exception.disconnect(note)
        if response.status_code >= 500:
            detail = f"answered {response.status_code} {' '.join(raised)}"
            self.failures.append(Failure(method, url, detail, body, content_type))
        return response


@contextmanager
def quiet_logs():
    """No log records while thousands of hostile requests run: each 4xx record holds its
    request (bodies of megabytes), and pytest keeps every record until the test ends.
    Failures are collected from status codes and ``got_request_exception`` instead."""
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


_FIELD = re.compile(r"<(?:input|select|textarea|button)\b[^>]*?\bname=\"([^\"]+)\"", re.I)
_LINK_QUERY = re.compile(r"href=\"[^\"#?]*\?([^\"#]+)\"", re.I)
GENERIC_QUERY_KEYS = ["q", "page", "o", "e", "p", "all", "next", "saved", "term", "format"]


def form_fields(response) -> list[str]:
    """The names of the form fields on a page (empty for anything but HTML)."""
    if response is None or "html" not in response.get("Content-Type", ""):
        return []
    text = response.content.decode("utf-8", "replace")
    names = {html.unescape(name) for name in _FIELD.findall(text)}
    names.discard("csrfmiddlewaretoken")
    return sorted(names)


def query_keys(response) -> list[str]:
    """The parameter names the page's own links use (the admin's filters, dates, ordering)."""
    keys = set(GENERIC_QUERY_KEYS)
    if response is not None and "html" in response.get("Content-Type", ""):
        text = response.content.decode("utf-8", "replace")
        for query in _LINK_QUERY.findall(text):
            keys.update(key for key, _ in parse_qsl(html.unescape(query)))
    return sorted(keys)


@st.composite
def hostile_query(draw, keys: list[str]) -> str:
    chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4, unique=True))
    return urlencode([(key, draw(hostile_text)) for key in chosen])


# An inline formset's counts. Not huge: Django builds (and the admin re-renders, with
# errors) up to 2,000 forms for any larger TOTAL_FORMS, which takes half a minute; that cap
# is Django's (formsets' absolute_max), and is noted in the report rather than fuzzed.
_MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
_management_value = st.sampled_from(["", "abc", "-1", "0", "1", "3", "1.5", "NaN", "\u0661"])


@st.composite
def hostile_form(draw, names: list[str]) -> list[tuple[str, str]]:
    """Hostile values for a form's own fields (and a stray one); one value is 1 MB of text.

    The 1 MB is ASCII so that, url-encoded, it stays under Django's 2.5 MB body limit and
    really reaches the view (larger bodies are refused whole, tested with the guard)."""
    names = names or ["name"]
    pairs = [
        (name, draw(_management_value if name.endswith(_MANAGEMENT) else hostile_text))
        for name in names
    ]
    pairs.append((draw(st.sampled_from(["", "x", "\u00e9", "a[]", "a" * 200])), "stray"))
    big = draw(st.integers(min_value=0, max_value=len(pairs) - 1))
    pairs[big] = (pairs[big][0], draw(st.sampled_from("x7 ")) * ONE_MEGABYTE)
    return pairs


def encode_form(pairs, how: str) -> tuple[bytes, str]:
    """The form as a body of type ``how``: urlencoded, multipart or json."""
    if how == "urlencoded":
        return urlencode(pairs).encode(), "application/x-www-form-urlencoded"
    if how == "json":
        import json

        return json.dumps(dict(pairs)).encode(), "application/json"
    boundary = "HostileBoundary7d3f"
    parts = [
        (f'--{boundary}\r\nContent-Disposition: form-data; name="{quote(name)}"\r\n\r\n').encode()
        + value.encode()
        + b"\r\n"
        for name, value in pairs
    ]
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


# Bodies the request guard must answer (400) before any view or the CSRF check reads them.
# Each is (body, content type); they do not depend on the address.
GUARDED_BODIES = [
    (b"username=a&password=b", "application/x-www-form-urlencoded; charset=bogus"),
    (b"username=a&password=b", "application/x-www-form-urlencoded; charset=x-unknown-9"),
    (
        "username=\u00e9&password=\u20ac".encode("utf-16"),
        "application/x-www-form-urlencoded; charset=utf-16",
    ),
    (
        b"username=\xff\xfe\xc0\x80&password=\xed\xa0\x80",
        "application/x-www-form-urlencoded; charset=utf-16",
    ),
    (b"username=\xe9t\xe9&password=x", "application/x-www-form-urlencoded; charset=latin-1"),
    (b"username=\xff\xfe\xc0\x80&password=\xed\xa0\x80", "application/x-www-form-urlencoded"),
    (b"username=%FF%FE&password=%C0%80", "application/x-www-form-urlencoded"),
    (b"username=a%00b&password=x", "application/x-www-form-urlencoded"),
    (b"a%00=1", "application/x-www-form-urlencoded"),
    ("&".join(f"f{i}=1" for i in range(1200)).encode(), "application/x-www-form-urlencoded"),
    (
        b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\x00y\r\n--b--\r\n',
        "multipart/form-data; boundary=b",
    ),
    (
        b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--\r\n',
        "multipart/form-data; boundary=b; charset=utf-16",
    ),
    (b"anything", "multipart/form-data"),  # no boundary
]

# Broken multipart bodies Django's parser reads as far as it can: the view gets what it
# got (often nothing) and must answer like any incomplete form.
BROKEN_MULTIPART = [
    (b"anything", "multipart/form-data; boundary=" + "b" * 80),  # boundary too long
    (
        b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nunfinished',
        "multipart/form-data; boundary=b",
    ),
    (
        b"--b\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--b--\r\n",
        "multipart/form-data; boundary=b",
    ),
    (b"--b\r\nX: " + b"h" * 9000 + b"\r\n\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b"),
    (
        b'--b\r\nContent-Disposition: form-data; name="f"; filename="../../x.php"\r\nContent-Type: image/png\r\n\r\n<?php ?>\r\n--b--\r\n',
        "multipart/form-data; boundary=b",
    ),
    (b"\r\n--b--", "multipart/form-data; boundary=b"),
]
lenient_body = st.one_of(
    st.sampled_from(BROKEN_MULTIPART),
    st.sampled_from(
        [
            (b"", "application/x-www-form-urlencoded"),
            (b"<xml>not a form</xml>", "application/xml"),
            (b"just text", "text/plain; charset=utf-8"),
            (b'{"json": ["where", "a", "form", "is", "expected"]}', "application/json"),
        ]
    ),
)
