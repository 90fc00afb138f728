"""Malformed requests get a clear 400 from one guard (lordspress/middleware.py), never a 500.

Form bodies that are not UTF-8 (named in issue 8: a non-UTF-8 charset with a CSRF cookie
ended in the server's bare 500) and NUL anywhere PostgreSQL would meet it. The walking tests
over every route are in test_hostile_requests.py.
"""

import http.client
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests import factories

CSRF_TOKEN = "HostileInputTestsCsrfSecret12345"  # 32 letters and digits: a valid secret

# --- A form body in another character set, with a CSRF cookie ---------------------------


def _multipart(name: bytes, value: bytes) -> bytes:
    """A multipart body (boundary ``b``) with the field ``name`` and a password."""
    disposition = b'form-data; name="' + name + b'"'
    return (
        b"--b\r\nContent-Disposition: " + disposition + b"\r\n\r\n" + value + b"\r\n"
        b'--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nx\r\n--b--\r\n'
    )


# Django refuses a url-encoded body declared in anything but UTF-8, but does not remember
# that it did: its CSRF check, then its 400 page and its 500 page (both read the CSRF
# token) met the same error again, and the server answered a bare 500.
BAD_CHARSETS = [
    ("application/x-www-form-urlencoded; charset=utf-16", b"username=\xff\xfe\xc0&password=x"),
    ("application/x-www-form-urlencoded; charset=latin-1", b"username=\xe9t\xe9&password=x"),
    ("application/x-www-form-urlencoded; charset=bogus", b"username=a&password=x"),
    ("multipart/form-data; boundary=b; charset=utf-16", b"--b--\r\n"),
    ("application/x-www-form-urlencoded", b"username=\xff\xfe&password=%C0%80"),
    # A multipart field Django decoded with errors="replace": stored as U+FFFD, unnoticed.
    # (A part whose headers are not UTF-8, its name or file name, Django leaves out.)
    ("multipart/form-data; boundary=b", _multipart(b"username", b"\xe9t\xe9")),
    ("multipart/form-data; boundary=b", _multipart(b"username", b"ok\xc0\x80")),
]


@pytest.mark.parametrize(("content_type", "body"), BAD_CHARSETS)
def test_a_form_that_is_not_utf8_gets_400_with_a_reason(db, content_type, body):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_TOKEN
    for path in ["/accounts/login/", "/admin/login/", "/newsletter/subscribe/", "/search/"]:
        response = client.generic("POST", path, body, content_type=content_type)
        assert response.status_code == 400, path
        assert b"Request not understood" in response.content
        assert b"UTF-8" in response.content or b"character set" in response.content


def test_a_multipart_form_in_utf8_is_read_as_sent(db, on_commit):
    """The strict reading changes nothing for a form a browser sends: text in any script
    arrives as it was (uploads: tests/test_uploads.py, tests/test_stored_files.py)."""
    from newsletter.models import Subscriber
    from tests.members import signup_data

    data = signup_data("leonie@example.org", name="Léonie Ænæs ✠ Ῥόδος")
    response = on_commit(Client().post, "/newsletter/subscribe/", data)  # multipart
    assert response.status_code == 303
    assert Subscriber.objects.get().name == "Léonie Ænæs ✠ Ῥόδος"


@pytest.mark.parametrize(
    "body",
    [
        b"username=" + b"x" * (3 * 1024 * 1024),  # beyond DATA_UPLOAD_MAX_MEMORY_SIZE
        "&".join(f"f{i}=1" for i in range(1200)).encode(),  # beyond ..._MAX_NUMBER_FIELDS
    ],
    ids=["too-large", "too-many-fields"],
)
def test_a_form_django_refuses_to_read_gets_400_not_a_server_error(db, body):
    """The same chain as above: Django refuses these bodies each time they are read."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_TOKEN
    response = client.generic(
        "POST", "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert b"The form could not be read." in response.content


def test_a_form_that_is_not_utf8_gets_400_from_a_real_server(live_server, transactional_db):
    """Through a real HTTP server (the bug escaped Django, so the server wrote its own
    bare 500)."""
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request(
            "POST",
            "/accounts/login/",
            body=b"username=\xff\xfe\xc0&password=x",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-16",
                "Cookie": f"csrftoken={CSRF_TOKEN}",
            },
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 400
    assert b"Forms must be sent in UTF-8." in body


# --- NUL: PostgreSQL refuses it in text ---------------------------------------------------

NUL_REQUESTS = [
    (
        "GET",
        "/admin/autocomplete/?term=%00&app_label=articles&model_name=article&field_name=category",
    ),
    (
        "GET",
        "/admin/autocomplete/?term=a%00&app_label=articles&model_name=article&field_name=author",
    ),
    ("GET", "/admin/articles/article/?q=%00"),
    ("GET", "/admin/newsletter/subscriber/?q=reader%00"),
    ("GET", "/admin/articles/article/?status__exact=%00"),
    ("GET", "/admin/articles/article/?%00=1"),
    ("GET", "/search/?q=%00"),
    ("GET", "/newsletter/confirm/abc%00def/"),
    ("GET", "/admin/articles/article/1%00/change/"),
    ("POST", "/accounts/login/"),
    ("POST", "/admin/login/"),
    ("POST", "/cookies/consent/"),
]


@pytest.mark.parametrize(("method", "url"), NUL_REQUESTS)
def test_a_null_character_is_refused_before_it_reaches_a_query(db, method, url):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    client.cookies["csrftoken"] = CSRF_TOKEN
    body = b"username=a%00b&password=x&action=custom&surface=dialog&category=analytics%00"
    response = client.generic(
        method,
        url,
        body if method == "POST" else b"",
        content_type="application/x-www-form-urlencoded",
        headers={"X-CSRFToken": CSRF_TOKEN, "Origin": "http://testserver"},
    )
    assert response.status_code == 400
    assert b"null character" in response.content


def test_a_cookie_with_a_null_character_counts_as_absent(client, db):
    """A session cookie holding NUL reached the session lookup (a 500 on PostgreSQL)."""
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get("/").status_code == 200


# --- An upload path the file system cannot look up ----------------------------------------


def test_an_upload_address_too_long_for_the_file_system_is_not_found(client, db, settings):
    """Django's static ``serve`` let the OSError (name too long) through: a 500."""
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    assert client.get("/media/" + "a" * 3000).status_code == 404
    assert client.get("/media/uploads/" + "b" * 300 + ".jpg").status_code == 404


@pytest.mark.parametrize("body_read_first", [False, True])
def test_the_strict_multipart_reading_works_whether_or_not_the_body_was_read(body_read_first):
    """Django parses a body already read from memory; so does the strict reading."""
    from django.test import RequestFactory

    from lordspress.core.middleware import malformed_input

    for value, problem in [(b"ok", None), (b"\xe9t\xe9", "The form was not valid UTF-8.")]:
        request = RequestFactory().generic(
            "POST",
            "/accounts/login/",
            _multipart(b"username", value),
            content_type="multipart/form-data; boundary=b",
        )
        if body_read_first:
            request.body  # noqa: B018
        assert malformed_input(request) == problem
        if problem is None:
            assert request.POST["username"] == "ok"
