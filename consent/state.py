"""The visitor's choice, as carried by the consent cookie, and ``request.consent``.

The cookie is written only by the server (the choice endpoint) and read by both the server
and the page's JavaScript, so it is not HttpOnly. Its value is plain and signed:

    1.<consent id>.<policy version>.<unix time of the choice>.<categories>.<services>:<signature>

categories and services are ``+``-separated keys. The signature (Django's signing key) keeps
a consent id from being pinned to records by anyone but the server that issued it; the page's
script ignores it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from consent.registry import NECESSARY, OPTIONAL_KEYS, current_registry, lifetime_days

FORMAT = "1"
_SALT = "consent.cookie"
# A clock a little ahead of ours is tolerated; a choice dated further ahead is forged.
_FUTURE_SKEW = timedelta(minutes=5)


class Status:
    NONE = "none"  # no (readable) choice
    VALID = "valid"
    EXPIRED = "expired"  # older than the lifetime
    OUTDATED = "outdated"  # made under an earlier policy version


@dataclass(frozen=True)
class ConsentState:
    """What the visitor allowed. Only a valid choice allows anything beyond the necessary."""

    status: str = Status.NONE
    consent_id: uuid.UUID | None = None
    version: int = 0
    decided_at: datetime | None = None
    categories: frozenset[str] = field(default_factory=frozenset)
    services: frozenset[str] = field(default_factory=frozenset)
    gpc: bool = False

    @property
    def is_valid(self) -> bool:
        return self.status == Status.VALID

    @property
    def needs_choice(self) -> bool:
        """The banner should be shown (a GPC signal counts as a refusal, so it does not)."""
        return not self.is_valid and not self.gpc

    @property
    def refused_by_gpc(self) -> bool:
        return self.gpc and not self.is_valid

    @property
    def expires_at(self) -> datetime | None:
        if self.decided_at is None:
            return None
        return self.decided_at + timedelta(days=lifetime_days())

    def allows(self, category: str, service: str = "") -> bool:
        """May something of this category (and, if named, this service) run or be stored?"""
        if category == NECESSARY:
            return True
        if not self.is_valid:
            return False
        if service:
            return service in self.services
        return category in self.categories

    @property
    def allowed(self) -> dict[str, bool]:
        """For templates: ``request.consent.allowed.analytics``."""
        return {key: self.allows(key) for key in OPTIONAL_KEYS}


def encode(state: ConsentState) -> str:
    payload = ".".join(
        [
            FORMAT,
            state.consent_id.hex,
            str(state.version),
            str(int(state.decided_at.timestamp())),
            "+".join(sorted(state.categories)),
            "+".join(sorted(state.services)),
        ]
    )
    return signing.Signer(salt=_SALT).sign(payload)


def decode(value: str | None) -> ConsentState | None:
    """The choice in a cookie value, or None when it is missing, malformed or not ours."""
    if not value or len(value) > 2000:
        return None
    try:
        payload = signing.Signer(salt=_SALT).unsign(value)
    except signing.BadSignature:
        return None
    parts = payload.split(".")
    if len(parts) != 6 or parts[0] != FORMAT:
        return None
    _, hex_id, version, stamp, categories, services = parts
    try:
        consent_id = uuid.UUID(hex=hex_id)
        number = int(version)
        decided_at = datetime.fromtimestamp(int(stamp), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return ConsentState(
        status=Status.VALID,
        consent_id=consent_id,
        version=number,
        decided_at=decided_at,
        categories=frozenset(k for k in categories.split("+") if k in OPTIONAL_KEYS),
        services=frozenset(k for k in services.split("+") if k),
    )


def evaluate(decoded: ConsentState | None, *, gpc: bool = False, now=None) -> ConsentState:
    """Judge a decoded choice against the current policy version and the lifetime."""
    if decoded is None:
        return ConsentState(gpc=gpc)
    now = now or timezone.now()
    if decoded.version != current_registry().version:
        status = Status.OUTDATED
    elif decoded.decided_at + timedelta(days=lifetime_days()) <= now:
        status = Status.EXPIRED
    elif decoded.decided_at > now + _FUTURE_SKEW:
        return ConsentState(gpc=gpc)
    else:
        status = Status.VALID
    return ConsentState(
        status=status,
        consent_id=decoded.consent_id,
        version=decoded.version,
        decided_at=decoded.decided_at,
        categories=decoded.categories,
        services=decoded.services,
        gpc=gpc,
    )


def sends_gpc(request) -> bool:
    """Global Privacy Control: ``Sec-GPC: 1``."""
    return request.headers.get("Sec-GPC", "").strip() == "1"


def consent_from_request(request) -> ConsentState:
    raw = request.COOKIES.get(settings.CONSENT_COOKIE_NAME)
    return evaluate(decode(raw), gpc=sends_gpc(request))


def set_consent_cookie(response, state: ConsentState) -> None:
    response.set_cookie(
        settings.CONSENT_COOKIE_NAME,
        encode(state),
        max_age=lifetime_days() * 24 * 3600,
        path="/",
        domain=settings.CONSENT_COOKIE_DOMAIN,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,  # the page's script reads it to hide the banner and enable scripts
        samesite="Lax",
    )
