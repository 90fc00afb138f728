"""When the masthead's weather changes by itself, with no new reading: the stored reading falls
due for a refresh (the next page queues one), turns "as of" and, later, is hidden. Kept pages
are checked against the public version (``lordspress.core.cache``), which is made anew at the
earliest such moment."""

from datetime import datetime

from lordspress.core.cache import public_change_due
from lordspress.weather.models import WeatherReading
from lordspress.weather.providers import AS_OF_AFTER, HIDE_AFTER, configured_provider
from lordspress.weather.services import refresh_interval


@public_change_due
def weather_changes_due(now: datetime) -> datetime | None:
    if configured_provider() is None:
        return None
    fetched_at = (
        WeatherReading.objects.filter(pk=1, fetched_at__isnull=False)
        .values_list("fetched_at", flat=True)
        .first()
    )
    if fetched_at is None:
        return None
    moments = [fetched_at + refresh_interval(), fetched_at + AS_OF_AFTER, fetched_at + HIDE_AFTER]
    return min((moment for moment in moments if moment > now), default=None)
