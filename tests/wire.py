"""Response headers as they go on the wire, and what makes a header line one we did not mean.

Django's test client hands back the response object, whose ``Set-Cookie`` headers are only
``Morsel`` objects: it never writes them out, so a line break in a cookie's domain goes
unnoticed there. ``wire_headers`` writes them exactly as Django's ``WSGIHandler`` does;
``raw_exchange`` talks to a real server (the live server, runserver's WSGI server) over a
socket and returns the bytes it sent. ``header_problems`` judges either.
"""

import re
import socket

# RFC 9110 §5.6.2 token, then a value of visible ASCII, space and tab only. Stricter than
# RFC 9110 (which tolerates obs-text): nothing the site means to send needs more, and a
# server or proxy may refuse or re-split anything else.
_LINE = re.compile(r"([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\x20-\x7e\t]*)")
_COOKIE_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_COOKIE_ATTRIBUTES = {"expires", "max-age", "path", "domain", "secure", "httponly", "samesite"}
_DOMAIN = re.compile(r"\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
_PATH = re.compile(r"/[\x20-\x3a\x3c-\x7e]*")


def wire_headers(response) -> list[str]:
    """The header lines Django's WSGIHandler would hand the server for this response."""
    lines = [f"{name}: {value}" for name, value in response.items()]
    lines += [
        f"Set-Cookie: {morsel.output(header='').strip()}" for morsel in response.cookies.values()
    ]
    return lines


def header_problems(lines: list[str], *, marker: str = "poison") -> list[str]:
    """What is wrong with these header lines: a line that is not ``Name: value`` in visible
    ASCII (a raw line break splits a value into a line of its own), a header whose name
    carries ``marker`` (text a test planted, now a header of its own), and a ``Set-Cookie``
    that is not name=value with known attributes and a well-formed Path and Domain."""
    problems = []
    for line in lines:
        match = _LINE.fullmatch(line)
        if match is None:
            problems.append(f"not a well-formed header line: {line!r}")
            continue
        name, value = match.groups()
        if marker in name.lower():
            problems.append(f"an injected header: {line!r}")
        if name.lower() == "set-cookie":
            problems += _set_cookie_problems(value, marker)
    return problems


def _set_cookie_problems(value: str, marker: str) -> list[str]:
    problems = []
    first, *attributes = value.split(";")
    cookie_name = first.split("=", 1)[0].strip()
    if "=" not in first or not _COOKIE_NAME.fullmatch(cookie_name):
        problems.append(f"Set-Cookie without a valid name: {value!r}")
    if marker in cookie_name.lower():
        problems.append(f"an injected cookie: {value!r}")
    for attribute in attributes:
        key, _, attribute_value = attribute.strip().partition("=")
        key = key.lower()
        if key not in _COOKIE_ATTRIBUTES:
            problems.append(f"Set-Cookie with an unknown attribute {key!r}: {value!r}")
        elif key == "domain" and not _DOMAIN.fullmatch(attribute_value):
            problems.append(f"Set-Cookie with a malformed Domain: {value!r}")
        elif key == "path" and not _PATH.fullmatch(attribute_value):
            problems.append(f"Set-Cookie with a malformed Path: {value!r}")
    return problems


def raw_exchange(port: int, request: bytes, *, timeout: float = 60) -> tuple[int, list[str]]:
    """Send one raw HTTP/1.1 request (it should say ``Connection: close``) and return the
    status and the header lines exactly as the server sent them, decoded as Latin-1 so that
    every byte survives. A status of 0 means the server sent no status line (it failed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    head = received.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status_line, *lines = head.split("\r\n")
    match = re.match(r"HTTP/1\.[01] (\d{3})", status_line)
    return (int(match[1]) if match else 0), lines


def http_request(
    method: str, path: str, *, headers: dict[str, bytes | str] | None = None, body: bytes = b""
) -> bytes:
    """The bytes of a request to 127.0.0.1, with ``Connection: close``. Header values may be
    bytes, to send what a browser would (a cookie name in UTF-8)."""
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", b"Connection: close"]
    for name, value in (headers or {}).items():
        lines.append(
            name.encode() + b": " + (value if isinstance(value, bytes) else value.encode())
        )
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
