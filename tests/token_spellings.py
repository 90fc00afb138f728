"""Every way a client could write a token address, and a raw HTTP client to send them.

``spellings(address)`` is a hypothesis strategy: ``/newsletter/confirm/<token>/`` written
otherwise, in the ways a router, a proxy or a log rule may read differently from the text:
percent-escapes of any subset of the characters (the token's too; upper- or lower-case hex;
escaped twice), ``%2F`` and doubled slashes between segments, dot segments (``/./``,
``/x/../``), the route in upper or mixed case (or the whole address), a suffix on the token
(spaces, ``%20``, ``;params``), no trailing slash, a query string. Its simplest example is the
address itself, so a shrunk failure shows the one change that matters.

``raw_request`` sends the request line exactly as written (``http.client`` refuses spaces
and would not send what an attacker sends).
"""

import socket
from dataclasses import dataclass
from urllib.parse import unquote

from hypothesis import strategies as st

ESCAPES = ("escape", "escape in lower case", "escape twice")
# Each kind of change, and its ways; an example makes a few kinds of change (often none).
CHANGES = {
    "case": ("route in upper case", "route in title case", "all in upper case"),
    "suffix": ("%20", " ", "  ", ";x=1", ";", "%3B", "%0A", "."),
    "dots": ("./", "x/../", ".%2E/", "%2e/"),
    "joins": ("//", "%2F", "%2f", "///"),
    "leading": ("//", "/./"),
    "trailing": ("", "//", "%2F", "/.", "/.."),
    "query": ("?utm_source=newsletter", "?next=%2Fnewsletter%2Fconfirm%2F"),
}


def _escape(char: str, how: str) -> str:
    if how == "keep":
        return char
    escaped = "".join(f"%{byte:02X}" for byte in char.encode())
    if how == "escape in lower case":
        return escaped.lower()
    if how == "escape twice":
        return escaped.replace("%", "%25")
    return escaped


@st.composite
def spellings(draw, address: str) -> str:
    """``address`` (``/<route>/<token>/``) as a client could write it (see the module)."""
    kinds = draw(st.sets(st.sampled_from(["escapes", *CHANGES]), max_size=3), label="changes")

    def way(kind: str, default: str) -> str:
        return draw(st.sampled_from(CHANGES[kind])) if kind in kinds else default

    *route, token = address.strip("/").split("/")
    case = way("case", "as written")
    if case == "route in upper case":
        route = [part.upper() for part in route]
    elif case == "route in title case":
        route = [part.title() for part in route]
    parts = [*route, token]
    if "escapes" in kinds:  # any subset of the characters, the token's too
        count = len("".join(parts))
        hows = draw(
            st.lists(st.sampled_from(["keep", *ESCAPES]), min_size=count, max_size=count).filter(
                lambda hows: set(hows) != {"keep"}
            )
        )
        choices = iter(hows)
        parts = ["".join(_escape(char, next(choices)) for char in part) for part in parts]
    parts[-1] += way("suffix", "")
    if "dots" in kinds:
        where = draw(st.integers(min_value=0, max_value=len(parts) - 1))
        parts[where] = way("dots", "") + parts[where]
    written = way("leading", "/") + parts[0]
    for part in parts[1:]:
        written += way("joins", "/") + part
    written += way("trailing", "/") + way("query", "")
    if case == "all in upper case":
        written = written.upper()
    return written


def carries(text: str, token: str) -> bool:
    """Whether ``text`` holds ``token``, or half of it, in any letter case, as written or
    percent-decoded (up to three times: an escape of an escape is still the token)."""
    forms = [text]
    for _ in range(3):
        forms.append(unquote(forms[-1]))
    half = len(token) // 2
    pieces = {token[i : i + half].lower() for i in range(len(token) - half + 1)}
    return any(piece in form.lower() for form in forms for piece in pieces)


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]

    def header(self, name: str) -> str:
        return "\n".join(value for key, value in self.headers if key == name.lower())


def raw_request(port: int, method: str, target: str, headers: dict | None = None) -> Answer:
    """Send ``METHOD target HTTP/1.1`` byte for byte; the status and headers of the answer
    (0 when the server closes without one)."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        while chunk := connection.recv(65536):
            received += chunk
    head = received.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    if not head.startswith("HTTP/"):
        return Answer(0, [])
    status_line, *header_lines = head.split("\r\n")
    return Answer(
        int(status_line.split()[1]),
        [
            (name.strip().lower(), value.strip())
            for name, value in (line.split(":", 1) for line in header_lines if ":" in line)
        ],
    )
