"""Helpers for the consent tests: making choices as a browser would, and reading cookies."""

import uuid
from datetime import datetime

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from consent.models import PolicyVersion
from consent.registry import current_registry, registry_invalidate
from consent.services import registry_snapshot, snapshot_digest
from consent.state import ConsentState, Status, encode

ORIGIN = "http://testserver"
CHOICE_URL = "/cookies/consent/"


def choose(client, action: str, *, categories=(), services=(), surface="banner", **extra):
    """Post a choice from a page of the site, as the banner, dialog or settings form does."""
    data = {"action": action, "surface": surface, "version": current_registry().version}
    data["category"] = list(categories)
    data["service"] = list(services)
    data.update(extra.pop("data", {}))
    extra.setdefault("HTTP_ORIGIN", ORIGIN)
    return client.post(CHOICE_URL, data, **extra)


def set_cookie_names(response) -> list[str]:
    """Names in the response's Set-Cookie headers that set a value (not deletions)."""
    names = []
    for morsel in response.cookies.values():
        if str(morsel["max-age"]) == "0":
            continue
        names.append(morsel.key)
    return names


def expired_variants(response) -> set[tuple[str, str, str]]:
    """(name, domain, path) of every Set-Cookie that deletes a cookie."""
    return {
        (m.key, m["domain"], m["path"])
        for m in response.cookies.values()
        if str(m["max-age"]) == "0"
    }


def consent_cookie(
    *,
    categories=(),
    services=(),
    version: int | None = None,
    decided_at: datetime | None = None,
    consent_id: uuid.UUID | None = None,
) -> str:
    return encode(
        ConsentState(
            status=Status.VALID,
            consent_id=consent_id or uuid.uuid4(),
            version=current_registry().version if version is None else version,
            decided_at=(decided_at or timezone.now()).replace(microsecond=0),
            categories=frozenset(categories),
            services=frozenset(services),
        )
    )


OPTIONAL = ["preferences", "analytics", "marketing"]


def _entry(name: str, category: str, **fields) -> dict:
    return {
        "name": name,
        "kind": "cookie",
        "category": category,
        "service": "",
        "provider": "Hostile",
        "party": "first",
        "purpose": "Stored around the admin.",
        "duration": "1 day",
        "justification": "",
        "domain": "",
        "path": "/",
        **fields,
    }


def publish_around_the_checks(names: list[str]) -> PolicyVersion:
    """A version whose registry holds ``names`` in the optional purposes, as a version
    published before the rules (or written around them) holds them."""
    registry = registry_snapshot()
    registry["cookies"] += [
        _entry(name, OPTIONAL[i % len(OPTIONAL)]) for i, name in enumerate(names)
    ]
    latest = PolicyVersion.objects.order_by("-number").first()
    version = PolicyVersion.objects.create(
        number=(latest.number if latest else 0) + 1,
        banner_text="Hostile.",
        registry=registry,
        digest=snapshot_digest(banner_text="Hostile.", registry=registry),
    )
    registry_invalidate()
    return version


def necessary_names() -> set[str]:
    return {c.name for c in current_registry().cookies if c.category == "necessary"}


# --- A URLconf with views that try to set cookies ---------------------------------------------


def sets_cookies(request):
    response = HttpResponse("cookies")
    response.set_cookie("sessionid", "necessary")
    response.set_cookie("lp_demo_stats", "0123456789abcdef")  # analytics, declared
    response.set_cookie("tracker_undeclared", "x")
    return response


def reads_consent_publicly(request):
    from lordspress.core.cache import public_cache

    @public_cache
    def view(request):
        return HttpResponse("yes" if request.consent.allows("analytics") else "no")

    return view(request)


def deletes_a_cookie(request):
    response = HttpResponse("bye")
    response.delete_cookie("tracker_undeclared")
    return response


def _urlpatterns():
    from lordspress.urls import urlpatterns

    return [
        path("test-only/sets-cookies/", sets_cookies),
        path("test-only/reads-consent/", reads_consent_publicly),
        path("test-only/deletes-a-cookie/", deletes_a_cookie),
        *urlpatterns,
    ]


urlpatterns = _urlpatterns()
