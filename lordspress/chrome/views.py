"""Site-wide files that belong to no one section: robots.txt and security.txt."""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lordspress.core.cache import public_cache
from lordspress.core.dates import machine_date
from lordspress.core.links import absolute_url
from lordspress.core.middleware import allow_methods


@allow_methods("GET")
@public_cache
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def security_txt_expires(*, today: date | None = None) -> datetime:
    """When security.txt stops being valid: ``SECURITY_TXT_EXPIRES`` (a date means its
    midnight in UTC), else ``SECURITY_TXT_DEFAULT_DAYS`` after today, at midnight UTC (the same
    all day, so the answer caches)."""
    if settings.SECURITY_TXT_EXPIRES:
        value = datetime.fromisoformat(settings.SECURITY_TXT_EXPIRES)  # checked in settings
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    day = (today or timezone.now().astimezone(UTC).date()) + timedelta(
        days=settings.SECURITY_TXT_DEFAULT_DAYS
    )
    return datetime.combine(day, time(), tzinfo=UTC)


def security_txt_fields() -> list[tuple[str, str]]:
    """The fields of security.txt (RFC 9116), in order."""
    fields = [("Contact", contact) for contact in settings.SECURITY_CONTACTS]
    fields += [
        ("Expires", machine_date(security_txt_expires())),
        ("Preferred-Languages", "en"),
        ("Canonical", absolute_url(reverse("security-txt"))),
    ]
    return fields


@allow_methods("GET")
@public_cache
def security_txt(request):
    """``/.well-known/security.txt``: how to report a vulnerability (RFC 9116)."""
    text = "".join(f"{name}: {value}\n" for name, value in security_txt_fields())
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
