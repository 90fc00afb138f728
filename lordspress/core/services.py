"""The core's writes: old addresses kept when a section, page or byline changes slug."""

from typing import Any, Protocol

from lordspress.core.models import OldAddress


class HasAddresses(Protocol):
    """A saved model with public addresses: a section, a static page, a byline."""

    pk: Any

    def addresses(self) -> dict[str, str]: ...


def keep_old_addresses(*, previous: HasAddresses | None, obj: HasAddresses) -> None:
    """Every public address ``previous`` (the stored row before this save, ``None`` for a new
    object) had that ``obj`` no longer has keeps leading to ``obj``: the one rule for sections,
    static pages and bylines, called by their save services after the save.

    ``addresses()`` gives each object's addresses by kind (``{"section": "/heraldry/",
    "feed": "/heraldry/feed/", …}``); each one that changed is recorded as an ``OldAddress``
    of that kind, taken from any object that had it before (the address leads to the one
    last at it). The object's own addresses are its now: no old address is kept at them, so
    a section or page taking a slug another one gave up is served, never redirected.
    """
    from django.contrib.contenttypes.models import ContentType

    current = obj.addresses()
    if previous is not None:
        content_type = ContentType.objects.get_for_model(obj)
        for kind, old_path in previous.addresses().items():
            if old_path != current.get(kind):
                OldAddress.objects.update_or_create(
                    old_path=old_path,
                    defaults={"content_type": content_type, "object_id": obj.pk, "kind": kind},
                )
    OldAddress.objects.filter(old_path__in=current.values()).delete()


# --- Weather ------------------------------------------------------------------------------
# A reader's page only ever reads the stored reading (through the cache) and, when it is
# older than WEATHER_REFRESH_SECONDS, queues one refresh task: a database write, never a
# call to the provider. The worker (or cron) runs ``weather_refresh``.
