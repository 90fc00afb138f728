"""London weather in the masthead: stored, refreshed in the background, never in a request."""

import io
import logging
import re
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lordspress.weather.models import WeatherReading
from lordspress.weather.services import (
    WEATHER_CACHE_KEY,
    WEATHER_QUEUED_KEY,
    weather_refresh,
    weather_refresh_enqueue,
)
from lordspress.weather.tasks import refresh_weather
from tests import factories
from tests.test_configuration import _manage

OWM_KEY = "test-owm-key-0123456789abcdef"


def masthead(client, url="/") -> str:
    html = client.get(url).content.decode()
    return html.split('<header class="masthead">', 1)[1].split("</header>", 1)[0]


def text(html: str) -> str:
    """What a reader sees: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def run_queued_tasks() -> int:
    """Run the queued refresh tasks as the worker would."""
    ran = 0
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.delete()
        ran += 1
    return ran


# --- Rendering ----------------------------------------------------------------------------


def test_a_fresh_reading_is_shown_in_the_reference_style_with_its_attribution(client, db):
    factories.WeatherReadingFactory()

    html = masthead(client)

    assert "broken clouds 12.2°C · Humidity 79% · Wind 18.5 km/h" in text(html)
    assert "as of" not in html
    assert '<a class="weather__credit" href="https://openweathermap.org/">' in html
    assert "Weather data provided by OpenWeather" in html
    assert "Weather in London, UK:" in text(html)  # for screen readers


@pytest.mark.parametrize(
    ("condition", "temperature"), [("broken clouds", "12.2"), ("", "-3.5"), ("mist", "0.0")]
)
def test_the_masthead_admin_and_log_put_a_reading_into_the_same_words(
    client, admin_client, db, condition, temperature
):
    """One formatting of a reading (``Reading``): what the masthead shows is what the admin
    and the row's own text say."""
    row = factories.WeatherReadingFactory(condition=condition, temperature_c=Decimal(temperature))
    said = row.summary()
    assert said and said in text(masthead(client))
    assert str(row) == said
    listed = admin_client.get("/admin/weather/weatherreading/1/change/").content.decode()
    assert said in listed


def test_an_open_meteo_reading_credits_open_meteo_next_to_it(client, db):
    factories.WeatherReadingFactory(
        provider=WeatherReading.Provider.OPEN_METEO, condition="overcast", wind_kmh=Decimal("14.8")
    )
    html = masthead(client)
    assert "overcast 12.2°C · Humidity 79% · Wind 14.8 km/h" in text(html)
    assert '<a class="weather__credit" href="https://open-meteo.com/">' in html
    assert "Weather data by Open-Meteo.com" in html


def test_frost_is_printed_with_a_true_minus_sign(client, db):
    factories.WeatherReadingFactory(condition="clear sky", temperature_c=Decimal("-3.5"))
    assert "clear sky −3.5°C" in text(masthead(client))


def test_a_45_minute_old_reading_says_as_of_its_london_time(client, db):
    # 11:15 UTC in July is 12:15 in London (BST).
    factories.WeatherReadingFactory(fetched_at=datetime(2026, 7, 1, 11, 15, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), tick=False):
        html = masthead(client)
    assert "Wind 18.5 km/h (as of 12:15)" in text(html)
    # The machine-readable form is UTC (lordspress.core.dates.machine_date); the text, London.
    assert '<time datetime="2026-07-01T11:15:00+00:00">12:15</time>' in html


def test_a_29_minute_old_reading_is_still_current(client, db):
    factories.WeatherReadingFactory(fetched_at=datetime(2026, 7, 1, 11, 31, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), tick=False):
        html = masthead(client)
    assert "broken clouds 12.2°C" in html
    assert "as of" not in html


@pytest.mark.parametrize("age", [timedelta(hours=7), timedelta(hours=6, minutes=1)])
def test_a_reading_older_than_six_hours_is_hidden_and_the_masthead_still_reads_well(
    client, db, age
):
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    factories.WeatherReadingFactory(fetched_at=now - age)
    with time_machine.travel(now, tick=False):
        html = masthead(client)
    assert "weather" not in html.lower()
    assert "Wednesday, 1 July, 2026" in html
    assert "London, UK" in html
    assert "1:00 PM" in html


def test_before_the_first_reading_the_widget_is_absent(client, db):
    html = masthead(client)
    assert "weather" not in html.lower()
    assert "°C" not in html
    assert "London, UK" in html


def test_a_failed_first_refresh_leaves_no_trace_on_the_page(client, db, settings):
    settings.WEATHER_PROVIDER = "open-meteo"  # the test settings point at a closed port
    assert not weather_refresh(log=False).ok
    assert WeatherReading.objects.get().last_error  # recorded for the admin
    html = client.get("/").content.decode()
    assert "weather" not in masthead(client).lower()
    assert "error" not in html.lower() and "could not connect" not in html


def test_switching_the_weather_off_hides_even_a_fresh_reading(client, db, settings):
    factories.WeatherReadingFactory()
    settings.WEATHER_PROVIDER = "off"
    assert "°C" not in masthead(client)


def test_a_reading_for_another_place_is_not_shown(client, db, settings):
    factories.WeatherReadingFactory(location="Paris, France")
    assert "°C" not in masthead(client)


def test_pages_with_the_weather_stay_cookie_free_and_publicly_cacheable(client, db):
    factories.WeatherReadingFactory()
    for url in ["/", "/search/", "/no-such-page/"]:
        response = client.get(url)
        assert "18.5 km/h" in response.content.decode()
        assert not response.cookies
        if response.status_code == 200:
            assert "public" in response["Cache-Control"]


def test_the_reading_costs_one_query_cold_and_none_once_cached(client, db):
    factories.WeatherReadingFactory()
    client.get("/")  # everything else warm, too
    cache.delete(WEATHER_CACHE_KEY)

    def weather_queries():
        with CaptureQueriesContext(connection) as queries:
            assert "18.5 km/h" in client.get("/").content.decode()
        return [q["sql"] for q in queries if "lordspress_weatherreading" in q["sql"]]

    assert len(weather_queries()) == 1
    assert weather_queries() == []


def test_a_new_reading_replaces_the_cached_one_at_once(client, db, fake_provider):
    factories.WeatherReadingFactory(condition="light rain")
    assert "light rain" in masthead(client)
    fake_provider.reply(file="openweathermap_current.json")
    assert weather_refresh().status == "stored"
    assert "broken clouds 12.2°C" in masthead(client)


# --- Never in a reader's request ----------------------------------------------------------


def test_a_page_with_a_hanging_provider_asks_it_nothing_and_is_not_slowed(
    client, db, settings, fake_provider, task_queue
):
    """The worst case: the reading is due a refresh and the provider never answers."""
    fake_provider.always(hang=True)
    settings.WEATHER_CONNECT_TIMEOUT = 5
    settings.WEATHER_READ_TIMEOUT = 5
    factories.WeatherReadingFactory(fetched_at=timezone.now() - timedelta(minutes=20))
    client.get("/search/")  # warm up everything but the front page

    started = time.monotonic()
    response = client.get("/")
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert "broken clouds 12.2°C" in response.content.decode()  # the last good reading
    assert elapsed < 1.5, elapsed  # far below the provider's 5 s timeout
    assert fake_provider.requests == []  # nothing was asked of the provider
    assert DBTaskResult.objects.count() == 1  # a refresh was queued for the worker instead

    # The worker then meets the hanging provider; readers keep the last good reading.
    settings.WEATHER_READ_TIMEOUT = 0.2
    settings.WEATHER_RETRIES = 0
    assert run_queued_tasks() == 1
    assert len(fake_provider.requests) == 1
    reading = WeatherReading.objects.get()
    assert "did not answer within 0.2 s" in reading.last_error
    assert reading.condition == "broken clouds"
    assert "broken clouds 12.2°C" in client.get("/").content.decode()


def test_tasks_that_would_run_inside_the_request_are_not_queued_from_a_page(
    client, db, fake_provider
):
    """With the ImmediateBackend (the test default) a queued task would run in the request."""
    factories.WeatherReadingFactory(fetched_at=timezone.now() - timedelta(hours=1))
    fake_provider.always(hang=True)
    client.get("/")
    assert fake_provider.requests == []


def test_a_due_reading_queues_one_refresh_however_many_pages_are_read(
    client, db, fake_provider, task_queue
):
    factories.WeatherReadingFactory(fetched_at=timezone.now() - timedelta(minutes=11))
    for number in range(30):
        if number % 3 == 0:
            cache.delete(WEATHER_QUEUED_KEY)  # as if another web process served the page
        client.get("/")
    assert DBTaskResult.objects.count() == 1
    assert fake_provider.requests == []

    # The worker refreshes; fresh readings queue nothing more.
    fake_provider.reply(file="openweathermap_current.json")
    assert run_queued_tasks() == 1
    for _ in range(10):
        client.get("/")
    assert DBTaskResult.objects.count() == 0

    # Ten minutes on, the reading is due again: one more task.
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        for _ in range(10):
            cache.delete(WEATHER_QUEUED_KEY)
            client.get("/")
    assert DBTaskResult.objects.count() == 1


def test_while_a_provider_is_down_a_refresh_is_queued_once_per_interval(
    client, db, fake_provider, task_queue
):
    factories.WeatherReadingFactory(fetched_at=timezone.now() - timedelta(hours=2))
    fake_provider.always(status=503, body=b"{}")
    client.get("/")
    assert run_queued_tasks() == 1
    cache.delete(WEATHER_QUEUED_KEY)
    client.get("/")
    assert DBTaskResult.objects.count() == 0  # the failed attempt is not retried per page
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        client.get("/")
    assert DBTaskResult.objects.count() == 1


def test_before_the_first_reading_a_page_queues_the_first_refresh(client, db, task_queue):
    client.get("/")
    assert DBTaskResult.objects.count() == 1
    assert WeatherReading.objects.get().refresh_queued_at is not None


# --- The refresh service and task ---------------------------------------------------------


def test_a_refresh_stores_the_reading(db, fake_provider):
    fake_provider.reply(file="openweathermap_current.json")

    outcome = refresh_weather.call()

    assert outcome == {
        "status": "stored",
        "message": "Weather for London, UK from OpenWeather: "
        "broken clouds 12.2°C · Humidity 79% · Wind 18.5 km/h.",
    }
    reading = WeatherReading.objects.get()
    assert reading.provider == "openweathermap"
    assert reading.temperature_c == Decimal("12.2")
    assert reading.wind_kmh == Decimal("18.5")
    assert reading.humidity_percent == 79
    assert reading.observed_at == datetime(2025, 11, 25, 14, 12, tzinfo=UTC)
    assert reading.fetched_at is not None and reading.last_error == ""


def test_a_failed_refresh_keeps_the_last_good_reading_and_logs_one_line(
    db, settings, caplog, fake_provider
):
    settings.WEATHER_RETRIES = 3  # urllib3 would log each retry, address and key included
    factories.WeatherReadingFactory(fetched_at=timezone.now() - timedelta(minutes=15))
    fake_provider.always(status=500, body=b"{}")

    with caplog.at_level(logging.DEBUG):
        outcome = refresh_weather.call()

    assert outcome["status"] == "failed"
    reading = WeatherReading.objects.get()
    assert reading.condition == "broken clouds"  # kept
    assert reading.last_error == f"{fake_provider.host} answered HTTP 500"
    assert reading.is_failing
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1
    [line] = problems
    assert line.name == "lordspress.weather"
    assert line.exc_info is None  # no traceback
    assert line.getMessage().startswith(
        f"Weather refresh from OpenWeather failed: {fake_provider.host} answered HTTP 500; "
        "the masthead keeps the reading of "
    )
    assert all(OWM_KEY not in r.getMessage() for r in caplog.records)


def test_without_a_network_a_refresh_is_one_clear_log_line(db, settings, caplog):
    settings.WEATHER_PROVIDER = "open-meteo"  # the test settings point at a closed port
    settings.WEATHER_RETRIES = 2
    settings.WEATHER_RETRY_BACKOFF = 0
    with caplog.at_level(logging.INFO):
        refresh_weather.call()
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert lines == [
        "Weather refresh from Open-Meteo failed: could not connect to 127.0.0.1:9 "
        "(network down?); no reading is shown yet."
    ]


def test_queued_refreshes_that_a_later_refresh_overtook_are_skipped(db, fake_provider, task_queue):
    weather_refresh_enqueue(force=True)
    weather_refresh_enqueue(force=True)  # an impatient click
    fake_provider.reply(file="openweathermap_current.json")  # then 404s
    results = [
        result.task.call(**result.args_kwargs["kwargs"])
        for result in DBTaskResult.objects.order_by("enqueued_at")
    ]
    assert [r["status"] for r in results] == ["stored", "skipped"]
    assert len(fake_provider.requests) == 1


def test_a_refresh_with_the_weather_off_does_nothing(db, settings):
    settings.WEATHER_PROVIDER = "off"
    assert weather_refresh().status == "off"
    assert not WeatherReading.objects.exists()


# --- manage.py refresh_weather ------------------------------------------------------------


def test_refresh_weather_command_stores_and_prints_the_reading(db, fake_provider):
    fake_provider.reply(file="openweathermap_current.json")
    out = io.StringIO()

    call_command("refresh_weather", stdout=out)

    assert out.getvalue() == (
        "Weather for London, UK from OpenWeather: "
        "broken clouds 12.2°C · Humidity 79% · Wind 18.5 km/h.\n"
    )
    assert WeatherReading.objects.get().fetched_at is not None


def test_refresh_weather_command_is_silent_for_cron_with_verbosity_zero(db, fake_provider):
    fake_provider.reply(file="openweathermap_current.json")
    out = io.StringIO()
    call_command("refresh_weather", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_refresh_weather_command_failure_is_a_command_error_with_status_one(
    db, caplog, fake_provider
):
    factories.WeatherReadingFactory(fetched_at=timezone.now() - timedelta(minutes=50))
    fake_provider.reply(401, file="openweathermap_401.json")

    with pytest.raises(CommandError) as error:
        call_command("refresh_weather")

    assert error.value.returncode == 1
    assert str(error.value).startswith(
        f"Weather refresh from OpenWeather failed: {fake_provider.host} refused the request "
        "(HTTP 401); check the API key; the masthead keeps the reading of "
    )
    assert WeatherReading.objects.get().condition == "broken clouds"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # said once, above


def test_refresh_weather_from_the_shell_exit_status_and_one_line(tmp_path, fake_provider):
    """As cron runs it: its own process and database, a real exit status."""
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cron.sqlite3'}",
        "OPENWEATHERMAP_API_KEY": OWM_KEY,
        "WEATHER_PROVIDER": "openweathermap",
        "WEATHER_OPENWEATHERMAP_URL": f"{fake_provider.url}/data/2.5/weather",
    }
    assert _manage("migrate", "-v", "0", **env).returncode == 0

    fake_provider.reply(file="openweathermap_current.json")
    success = _manage("refresh_weather", **env)
    assert success.returncode == 0, success.stderr
    assert success.stdout == (
        "Weather for London, UK from OpenWeather: "
        "broken clouds 12.2°C · Humidity 79% · Wind 18.5 km/h.\n"
    )
    assert success.stderr == ""

    fake_provider.reply(401, file="openweathermap_401.json")
    failure = _manage("refresh_weather", **env)
    assert failure.returncode == 1
    assert failure.stdout == ""
    [line] = failure.stderr.splitlines()
    assert line.startswith("CommandError: Weather refresh from OpenWeather failed: ")
    assert "HTTP 401" in line and "the masthead keeps the reading of" in line
    assert OWM_KEY not in failure.stderr


# --- Admin --------------------------------------------------------------------------------


def test_admin_shows_the_reading_its_age_the_provider_and_the_last_error(admin_client, db):
    factories.WeatherReadingFactory(
        fetched_at=timezone.now() - timedelta(minutes=42),
        last_error="api.openweathermap.org answered HTTP 503",
        last_error_at=timezone.now() - timedelta(minutes=2),
    )
    html = admin_client.get(reverse("admin:weather_weatherreading_changelist")).content.decode()
    assert "broken clouds 12.2°C · Humidity 79% · Wind 18.5 km/h" in html
    assert "42\xa0minutes ago" in html
    assert "OpenWeather" in html
    assert "api.openweathermap.org answered HTTP 503" in html
    assert "Queue a refresh now" in html

    change = admin_client.get(
        reverse("admin:weather_weatherreading_change", args=[1])
    ).content.decode()
    assert "Shown “as of” its time" in change
    assert "Queue a refresh now" in change
    assert "Save" not in change  # read-only: only the refresh service writes it


def test_admin_before_the_first_reading(admin_client, db):
    html = admin_client.get(reverse("admin:weather_weatherreading_changelist")).content.decode()
    assert "Queue a refresh now" in html
    assert "Open-Meteo for London, UK" in html or "OpenWeather for London, UK" in html


def test_admin_button_queues_a_refresh_for_the_worker(admin_client, db, task_queue):
    factories.WeatherReadingFactory()  # fresh: a reader's page would not ask for one
    url = reverse("admin:weather_weatherreading_refresh")

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    assert "A weather refresh is queued" in response.content.decode()
    assert DBTaskResult.objects.count() == 1
    assert admin_client.get(url).status_code == 405


def test_only_staff_allowed_to_refresh_may_queue_one(client, writer, editor, task_queue):
    client.force_login(writer)
    response = client.post(reverse("admin:weather_weatherreading_refresh"))
    assert response.status_code == 403
    assert DBTaskResult.objects.count() == 0
    client.force_login(editor)  # Editors may
    client.post(reverse("admin:weather_weatherreading_refresh"))
    assert DBTaskResult.objects.count() == 1
