"""The masthead weather: refreshing the stored reading (worker only) and reading it (pages).

A reader's page only ever reads the stored reading (through the cache) and, when it is
older than WEATHER_REFRESH_SECONDS, queues one refresh task: a database write, never a
call to the provider. The worker (or cron) runs ``weather_refresh``.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from lordspress.core.cache import (
    frame_key,
    shared_delete,
    shared_get,
    site_content_changed,
    versioned_get,
    versioned_set,
)
from lordspress.weather.models import WeatherReading
from lordspress.weather.providers import (
    MastheadWeather,
    Reading,
    WeatherError,
    configured_location,
    configured_provider,
)

weather_logger = logging.getLogger("lordspress.weather")

# Both read with the rest of every page's frame, in one cache read (lordspress.core.cache).
WEATHER_CACHE_KEY = frame_key("weather:reading:v2")
WEATHER_QUEUED_KEY = frame_key("weather:refresh-queued")


# How long a process keeps the stored reading before reading the row again. A refresh makes a
# new public version, which every process shares (lordspress.core.cache): each then reads the
# new reading on its next page.
WEATHER_CACHE_SECONDS = 60


WEATHER_CACHE_SECONDS_WAITING = 10  # while the stored reading is missing or due a refresh


@dataclass(frozen=True)
class WeatherRefreshOutcome:
    status: str  # "stored", "failed", "skipped" (another refresh came first) or "off"
    message: str

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def refresh_interval() -> timedelta:
    return timedelta(seconds=settings.WEATHER_REFRESH_SECONDS)


def weather_reading() -> Reading | None:
    """The stored reading for the configured location, read through the cache."""
    cached = versioned_get(WEATHER_CACHE_KEY)
    if cached is not None:
        return cached[0]
    row = WeatherReading.objects.filter(pk=1, fetched_at__isnull=False).first()
    reading = None
    if row is not None and row.location == settings.WEATHER_LOCATION:
        reading = Reading.from_row(row)
    due = reading is None or timezone.now() - reading.fetched_at >= refresh_interval()
    timeout = WEATHER_CACHE_SECONDS_WAITING if due else WEATHER_CACHE_SECONDS
    versioned_set(WEATHER_CACHE_KEY, (reading,), timeout)
    return reading


def weather_masthead(*, now: datetime | None = None) -> MastheadWeather | None:
    """What the masthead shows, or None to leave the weather out.

    Never waits on a provider: when the reading is due a refresh, one task is queued.
    """
    if configured_provider() is None:
        return None
    now = now or timezone.now()
    reading = weather_reading()
    if reading is None or now - reading.fetched_at >= refresh_interval():
        _weather_queue_for_reader()
    return MastheadWeather.at(reading, now)


def _tasks_run_inline() -> bool:
    """True with django-tasks' ImmediateBackend, which would run the fetch in this request."""
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    from lordspress.weather.tasks import refresh_weather

    return isinstance(task_backends[refresh_weather.backend], ImmediateBackend)


def _weather_queue_for_reader() -> None:
    # The cache spares the database a write on every page of a busy process; the database
    # claim in weather_refresh_enqueue makes it one task per interval across all processes.
    if _tasks_run_inline() or shared_get(WEATHER_QUEUED_KEY):
        return
    if not cache.add(WEATHER_QUEUED_KEY, True, timeout=settings.WEATHER_REFRESH_SECONDS):
        return
    try:
        weather_refresh_enqueue()
    except DatabaseError as exc:
        weather_logger.warning("Could not queue a weather refresh: %s", exc)


def weather_refresh_enqueue(*, force: bool = False, now: datetime | None = None) -> bool:
    """Queue one refresh task unless one was queued within the refresh interval.

    ``force`` (the admin's button) queues regardless. Returns whether a task was queued.
    """
    from lordspress.weather.tasks import refresh_weather

    now = now or timezone.now()
    rows = WeatherReading.objects.filter(pk=1)
    with transaction.atomic():
        if not force:
            rows = rows.filter(
                Q(refresh_queued_at__isnull=True)
                | Q(refresh_queued_at__lte=now - refresh_interval())
            )
        claimed = rows.update(refresh_queued_at=now) == 1
        if not claimed:
            _, claimed = WeatherReading.objects.get_or_create(
                pk=1, defaults={"refresh_queued_at": now}
            )
        if claimed:
            refresh_weather.enqueue(requested_at=now.isoformat())
    return claimed


def weather_refresh(
    *, requested_at: datetime | None = None, log: bool = True
) -> WeatherRefreshOutcome:
    """Fetch the current weather and store it; on failure keep the last good reading.

    A task queued at ``requested_at`` is skipped when a refresh was attempted since. Never
    raises for a provider failure: the error is stored for the admin and logged as one line
    (``log=False`` leaves the reporting to the caller, such as the cron command).
    """
    provider = configured_provider()
    if provider is None:
        return WeatherRefreshOutcome("off", "Weather is switched off (WEATHER_PROVIDER=off).")
    stored = WeatherReading.objects.filter(pk=1).first()
    if (
        requested_at is not None
        and stored is not None
        and stored.last_attempt_at is not None
        and stored.last_attempt_at >= requested_at
    ):
        return WeatherRefreshOutcome("skipped", "A refresh has run since this one was queued.")
    location = configured_location()
    started = timezone.now()
    try:
        observation = provider.fetch_current(location=location)
    except WeatherError as exc:
        with transaction.atomic():
            WeatherReading.objects.update_or_create(
                pk=1,
                defaults={
                    "last_attempt_at": started,
                    "last_error": str(exc)[:300],
                    "last_error_at": timezone.now(),
                },
            )
        if stored is not None and stored.fetched_at is not None:
            kept = timezone.localtime(stored.fetched_at).strftime("%d %b %H:%M")
            kept = f"the masthead keeps the reading of {kept}"
        else:
            kept = "no reading is shown yet"
        message = f"Weather refresh from {provider.name} failed: {exc}; {kept}."
        if log:
            weather_logger.warning(message)
        return WeatherRefreshOutcome("failed", message)
    with transaction.atomic():
        row, _ = WeatherReading.objects.update_or_create(
            pk=1,
            defaults={
                "provider": provider.key,
                "location": location.name,
                "condition": observation.condition,
                "temperature_c": observation.temperature_c,
                "humidity_percent": observation.humidity_percent,
                "wind_kmh": observation.wind_kmh,
                "observed_at": observation.observed_at,
                "fetched_at": timezone.now(),
                "last_attempt_at": started,
            },
        )
    shared_delete(WEATHER_CACHE_KEY)  # this process reads the new row at once
    transaction.on_commit(site_content_changed)  # and every masthead shows it
    message = f"Weather for {location.name} from {provider.name}: {row.summary()}."
    if log:
        weather_logger.info(message)
    return WeatherRefreshOutcome("stored", message)
