"""Small request helpers shared by the apps, and the rules for text that goes into a header.

Text reaches a response header only through these rules: a cookie's name, domain and path
are written into ``Set-Cookie`` only when they are what RFC 6265 lets a server send, because
neither Python's ``http.cookies`` (which raises ``CookieError`` on an unusual name) nor
Django's ``WSGIHandler`` (which writes ``Morsel.output()`` as it is, line breaks and all)
checks them for us. Everything else the site puts in a header is a constant, a number, a
date, or a URL that Django percent-encodes (``HttpResponseRedirect`` uses ``iri_to_uri``).
"""

import ipaddress
import re
from http.cookies import CookieError, Morsel
from urllib.parse import urlsplit

from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR, or the proxy's X-Forwarded-For when trusted."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def truncate_ip(address: str) -> str:
    """Keep only the network: /24 for IPv4, /48 for IPv6 (enough to spot abuse, not a person)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def same_origin(request, *, missing_ok: bool) -> bool:
    """The browser's Sec-Fetch-Site, Origin (or, failing that, Referer) say this site.

    ``missing_ok``: whether a request with neither header passes. Browsers send Origin on
    cross-site POSTs, so a missing header means a script or an old client.
    """
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return False
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin:
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        if not referer.netloc:
            return missing_ok
        origin = f"{referer.scheme}://{referer.netloc}"
    return origin in {
        f"{request.scheme}://{request.get_host()}",
        settings.SITE_ORIGIN,
        *settings.CSRF_TRUSTED_ORIGINS,
    }


def login_name(request, credentials: dict | None) -> str:
    """The address tried at sign-in, normalised, so "A@x.org" and "a@x.org " count as one.

    Cut to what django-axes can store (255 characters): no account's address is that long,
    so a longer name still counts as one name, and recording its failure cannot fail.
    """
    from axes.models import AccessAttempt

    from lordspress.models import normalise_email

    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(value)[: AccessAttempt._meta.get_field("username").max_length]


# --- Cookies (RFC 6265 §4.1.1, what a server may send) -------------------------------------

# cookie-name = token (RFC 2616 §2.2): visible US-ASCII but the separators ()<>@,;:\"/[]?={}.
# Stricter than http.cookies, which also takes ":" (a separator).
COOKIE_NAME_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# domain-value = subdomain (RFC 1034 §3.5, letters and digits as RFC 1123 §2.1 allows); a
# leading dot is ignored by browsers (RFC 6265 §5.2.3), so it is allowed.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
COOKIE_DOMAIN_RE = re.compile(rf"\.?(?:{_LABEL}\.)*{_LABEL}")
# path-value = any CHAR (US-ASCII) except CTLs or ";". Ours always start with "/" (§5.1.4).
COOKIE_PATH_RE = re.compile(r"/[\x20-\x3a\x3c-\x7e]*")


def is_cookie_name(value: str) -> bool:
    """May this server send this as a cookie's name? (``_ga_(x)`` and ``café`` may not,
    though a browser stores them: such a cookie can be deleted only by the page's script.)

    Also refused: names ``http.cookies`` keeps for attributes (``expires``, ``Path``,
    ``version``…), which RFC 6265 allows but Python, and so Django, cannot write.
    """
    if not isinstance(value, str) or COOKIE_NAME_RE.fullmatch(value) is None:
        return False
    try:
        Morsel().set(value, "", "")
    except CookieError:
        return False
    return True


def is_cookie_domain(value: str) -> bool:
    """A ``Domain`` attribute value: an ASCII host name (an IDN in its xn-- form), at most
    253 characters, optionally with a leading dot."""
    return (
        isinstance(value, str)
        and len(value.lstrip(".")) <= 253
        and COOKIE_DOMAIN_RE.fullmatch(value) is not None
    )


def is_cookie_path(value: str) -> bool:
    """A ``Path`` attribute value: "/" then printable ASCII other than ";"."""
    return isinstance(value, str) and COOKIE_PATH_RE.fullmatch(value) is not None
