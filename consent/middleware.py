"""The server's side of consent.

``ConsentMiddleware`` gives every request ``request.consent`` and enforces it on the response:

* a ``Set-Cookie`` for anything but a strictly necessary cookie is dropped unless the
  visitor's current choice allows that cookie's category (or service); a cookie missing from
  the published registry is always dropped, with a warning, because readers were never told
  about it;
* when the response records a new choice, every declared first-party cookie the choice does
  not allow is expired, in each path and domain variant it may have been set with;
* neither ever touches the cookies the site itself runs on (the session, the CSRF token, the
  consent cookie…, named from settings) nor, when expiring, a cookie declared strictly
  necessary, whatever an optional entry's pattern matches: one rule,
  ``PublishedRegistry.may_expire`` (``consent.cookie_names``), which consent.js follows too.

Deleting writes the cookie's name, and the registry's domain and path, into ``Set-Cookie``.
Only what RFC 6265 lets a server send is written (``lordspress.core.http``): a browser stores
names a server may not send (``_ga_(x)``, ``café``, a name with a space), which any sibling
subdomain can plant, and such a cookie is skipped here (it is logged at debug level, since
any visitor can cause it) and deleted by the page's script, which can (consent.js). A
registry entry whose stored domain or path is unusable keeps its usable variants and is
logged once.

``request.consent`` must not make a public page differ between readers (pages are cached by
CDNs). If a view reads it for a response marked public, the response is made to vary on the
Cookie header, which the shared-cache guard then turns into a private response.
"""

from __future__ import annotations

import ipaddress
import logging
from http.cookies import Morsel

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from consent.cookie_names import is_framework_cookie
from consent.registry import NECESSARY, PublishedRegistry, current_registry, report_once
from consent.state import ConsentState, consent_from_request
from lordspress.core.http import is_cookie_domain, is_cookie_name, is_cookie_path
from lordspress.core.numbers import is_ascii_number

logger = logging.getLogger(__name__)

# Attribute a view sets on its response when it records a new choice.
DECISION_ATTRIBUTE = "consent_decision"


def _is_deletion(morsel) -> bool:
    max_age = str(morsel["max-age"]).strip()
    if is_ascii_number(max_age.removeprefix("-")) and int(max_age) <= 0:
        return True
    return "1970" in str(morsel["expires"])


def _domain_variants(host: str, declared: str) -> list[str | None]:
    """Host-only, then the host and each parent domain down to two labels."""
    variants: list[str | None] = [None]
    host = host.split(":")[0].lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        is_ip = True
    except ValueError:
        is_ip = False
    if not is_ip and "." in host:
        labels = host.split(".")
        variants += [".".join(labels[i:]) for i in range(len(labels) - 1)]
    declared = declared.lstrip(".").lower()
    if declared and declared not in variants:
        variants.append(declared)
    return variants


def expire_cookie(response, *, name: str, path: str, domain: str | None) -> bool:
    """Add a Set-Cookie that deletes one variant. Several variants of one name need several
    headers, so each gets its own key in ``response.cookies`` (the header uses the name).

    Returns False, and writes nothing, when the name, path or domain is not what a server may
    send (RFC 6265 §4.1.1): Django writes ``Morsel.output()`` into the header as it is, so a
    line break there would be a header of its own. Also for a framework cookie (the session,
    the CSRF token, the consent cookie: ``consent.cookie_names``), whoever the caller: this
    deletes on consent grounds, which never reach those (callers ask
    ``PublishedRegistry.may_expire`` first; this is the last line).
    """
    if is_framework_cookie(name):
        return False
    if not (is_cookie_name(name) and is_cookie_path(path)):
        return False
    if domain and not is_cookie_domain(domain):
        return False
    morsel = Morsel()
    morsel.set(name, "", '""')
    response.cookies[f"{name};{domain or ''};{path}"] = morsel
    morsel["max-age"] = 0
    morsel["expires"] = "Thu, 01 Jan 1970 00:00:00 GMT"
    morsel["path"] = path
    if domain:
        morsel["domain"] = domain
    morsel["samesite"] = "Lax"
    if settings.SESSION_COOKIE_SECURE:
        morsel["secure"] = True
    return True


class ConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.consent = SimpleLazyObject(lambda: consent_from_request(request))
        response = self.get_response(request)
        self._keep_public_pages_uniform(request, response)
        decision = getattr(response, DECISION_ATTRIBUTE, None)
        if response.cookies or decision is not None:
            self._enforce(request, response, decision)
        return response

    @staticmethod
    def _keep_public_pages_uniform(request, response) -> None:
        consent = request.__dict__.get("consent")
        read_by_view = consent is not None and consent._wrapped is not empty
        if read_by_view and "public" in response.get("Cache-Control", ""):
            logger.warning(
                "%s read request.consent but was marked public; it now varies on Cookie.",
                request.path,
            )
            patch_vary_headers(response, ["Cookie"])

    def _enforce(self, request, response, decision: ConsentState | None) -> None:
        registry = current_registry()
        consent: ConsentState = decision or request.consent
        for key, morsel in list(response.cookies.items()):
            name = morsel.key
            if is_framework_cookie(name) or _is_deletion(morsel):
                continue
            entry = registry.entry_for_cookie(name)
            if entry is None:
                logger.warning(
                    "Dropped Set-Cookie %r on %s: it is not declared in the published cookie "
                    "registry.",
                    name,
                    request.path,
                )
                del response.cookies[key]
            elif entry.category != NECESSARY and not consent.allows(entry.category, entry.service):
                logger.info(
                    "Dropped Set-Cookie %r on %s: the visitor has not allowed %s.",
                    name,
                    request.path,
                    entry.service or entry.category,
                )
                del response.cookies[key]
        if decision is not None:
            self._expire_refused(request, response, decision, registry)

    @staticmethod
    def _expire_refused(
        request, response, decision: ConsentState, registry: PublishedRegistry
    ) -> None:
        host = request.get_host()
        for entry in registry.first_party_optional:
            if entry.kind != "cookie" or decision.allows(entry.category, entry.service):
                continue
            if entry.is_pattern:
                names = sorted(n for n in request.COOKIES if entry.matches(n))
            else:
                names = [entry.name] if entry.writable_name else []
            paths = sorted({"/", entry.writable_path})
            for name in names:
                if not registry.may_expire(name):
                    # A framework or strictly necessary cookie that an optional entry also
                    # matches: the registry's overlap is the editors' to fix (publishing
                    # refuses it now); the reader keeps their session, forms and choice.
                    report_once(
                        ("kept", entry.name, name),
                        "Cookie registry entry %r matches %r, which is never expired on "
                        "consent grounds; it was kept. Narrow the entry in the admin and "
                        "publish a new policy version.",
                        entry.name,
                        name,
                    )
                    continue
                if not is_cookie_name(name):
                    logger.debug(
                        "Cannot delete the cookie %r on %s: a server may not send that name "
                        "(the page's script deletes it).",
                        name,
                        request.path,
                    )
                    continue
                for domain in _domain_variants(host, entry.writable_domain):
                    for path in paths:
                        expire_cookie(response, name=name, path=path, domain=domain)


class GoogleTagCSPMiddleware:
    """When a Google tag is configured, let the policy admit Google's hosts. It only loads
    after consent (the page gates it); without a tag the policy stays as strict as before."""

    SOURCES = {
        "script-src": ["https://www.googletagmanager.com"],
        "connect-src": [
            "https://*.google-analytics.com",
            "https://*.analytics.google.com",
            "https://*.googletagmanager.com",
        ],
        "img-src": ["https://*.google-analytics.com", "https://*.googletagmanager.com"],
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        excluded = settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES", [])
        if response.get("Content-Type", "").startswith("text/html") and not any(
            request.path.startswith(prefix) for prefix in excluded
        ):
            # Pages without a policy (the admin) need no Google hosts, nor the lookup.
            from consent.google import google_tag

            if google_tag() is not None:
                update = dict(getattr(response, "_csp_update", None) or {})
                for directive, sources in self.SOURCES.items():
                    update[directive] = [*update.get(directive, []), *sources]
                response._csp_update = update
        return response
