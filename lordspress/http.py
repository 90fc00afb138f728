"""Small request helpers shared by the apps."""

import ipaddress
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
