"""Small request helpers shared by the apps, and the rules for text that goes into a header.

The client's address is read here and nowhere else: ``rate_limit_key`` is what every
per-client limit counts (ours and django-axes'), ``truncate_ip`` what a kept record says.

Text reaches a response header only through these rules: a cookie's name, domain and path
are written into ``Set-Cookie`` only when they are what RFC 6265 lets a server send, because
neither Python's ``http.cookies`` (which raises ``CookieError`` on an unusual name) nor
Django's ``WSGIHandler`` (which writes ``Morsel.output()`` as it is, line breaks and all)
checks them for us. Everything else the site puts in a header is a constant, a number, a
date, or a URL that Django percent-encodes (``HttpResponseRedirect`` uses ``iri_to_uri``).
"""

import ipaddress
import logging
import re
from http.cookies import CookieError, Morsel
from urllib.parse import urlsplit

from django.conf import settings

# --- The client's address: one key for rate limits, one network for records ---------------
#
# Two rules, for two purposes, never to be swapped:
# * ``rate_limit_key``: whom a limit counts. One subscriber line is one key: an IPv4 address,
#   or the /64 an IPv6 address belongs to (RFC 6177 and every ISP's practice give each home
#   line at least a /64, whose 2^64 addresses its owner picks freely; keyed on the whole
#   address, each would be a fresh bucket and every limit void).
# * ``truncate_ip``: what a record we keep says about where a request came from, coarse on
#   purpose (a /24 or a /48: the area of a network, not a person), for privacy.

# The key of every request whose address cannot be read (no address, or a proxy that sends
# something else): they all share one bucket, so a limit still holds, and it is a valid IP
# address, so django-axes can store it. No client has this address (RFC 1122 §3.2.1.3).
UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104 (a key, never bound to)

_IPV6_NETWORK_BITS = 64

logger = logging.getLogger(__name__)


def _client_address(request) -> str:
    """The visitor's address as the request gives it: REMOTE_ADDR, or the last address of
    X-Forwarded-For when ``TRUST_X_FORWARDED_FOR`` says one proxy in front sets it (the
    last is the one that proxy added; earlier ones are whatever the client sent). Text,
    not checked: read only by ``rate_limit_key``, never used as a key itself."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_key(request) -> str:
    """Whom a per-client limit counts this request against: the one key for every limit.

    Shape: an IP address as text. IPv4 → the address (``"192.0.2.7"``); IPv6 → the address
    of its /64 network (``"2001:db8:1:2::"`` for ``2001:db8:1:2:a:b:c:d``); an IPv4-mapped
    IPv6 address (``::ffff:192.0.2.7``, what a dual-stack socket reports for an IPv4
    client) → the IPv4 address, so one client has one key whichever way it arrives.
    Anything unreadable (empty, a port or zone the proxy added, a NUL, 300 characters) →
    ``UNKNOWN_CLIENT``, logged, never an error. The key is a valid address, so it is also
    what django-axes stores and counts (``AXES_CLIENT_IP_CALLABLE`` names this function).
    """
    address = _client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        logger.warning(
            "Client address %r is not an IP address; counted as %s", address[:64], UNKNOWN_CLIENT
        )
        return UNKNOWN_CLIENT
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/{_IPV6_NETWORK_BITS}", strict=False).network_address)


def truncate_ip(address: str) -> str:
    """The network a kept record names, for privacy: /24 for IPv4, /48 for IPv6 (enough to
    spot abuse, not a person); "" for no address (unreadable, or ``UNKNOWN_CLIENT``).

    Not a rate-limit key (``rate_limit_key`` is): a /24 holds 256 subscribers' lines. Takes
    an address or a rate-limit key alike: a /64 key truncates to the same /48 as any of its
    addresses, an IPv4-mapped address's key to its IPv4 /24.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.is_unspecified:
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

    from lordspress.core.models import normalise_email

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
