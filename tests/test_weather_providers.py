"""The two weather providers against a real local HTTP server serving recorded responses."""

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from lordspress.weather.providers import (
    OpenMeteo,
    OpenWeatherMap,
    WeatherError,
    configured_location,
    configured_provider,
    ms_to_kmh,
    tenth,
)
from tests.fake_weather import recorded_json

OWM_KEY = "test-owm-key-0123456789abcdef"


def fetch(provider=None):
    provider = provider or configured_provider()
    return provider.fetch_current(location=configured_location())


def use_open_meteo(settings):
    settings.WEATHER_PROVIDER = "open-meteo"


# --- Success and units --------------------------------------------------------------------


def test_openweathermap_current_weather_in_the_journals_units(fake_provider):
    fake_provider.reply(file="openweathermap_current.json")

    observation = fetch()

    assert observation.condition == "broken clouds"
    assert observation.temperature_c == Decimal("12.2")  # 12.23 °C
    assert observation.humidity_percent == 79
    assert observation.wind_kmh == Decimal("18.5")  # 5.14 m/s
    assert observation.observed_at == datetime(2025, 11, 25, 14, 12, tzinfo=UTC)
    [request] = fake_provider.requests
    assert request["path"] == "/data/2.5/weather"
    assert request["query"] == {
        "lat": "51.5085",
        "lon": "-0.1257",
        "units": "metric",
        "lang": "en",
        "appid": OWM_KEY,
    }


def test_open_meteo_current_weather_with_the_wmo_code_in_words(settings, fake_provider):
    use_open_meteo(settings)
    fake_provider.reply(file="open_meteo_current.json")

    observation = fetch()

    assert isinstance(configured_provider(), OpenMeteo)
    assert observation.condition == "overcast"  # WMO code 3
    assert observation.temperature_c == Decimal("11.4")
    assert observation.humidity_percent == 82
    assert observation.wind_kmh == Decimal("14.8")  # asked for, and given, in km/h
    assert observation.observed_at == datetime(2025, 11, 25, 16, 15, tzinfo=UTC)
    [request] = fake_provider.requests
    assert request["path"] == "/v1/forecast"
    assert request["query"]["latitude"] == "51.5085"
    assert request["query"]["longitude"] == "-0.1257"
    assert request["query"]["wind_speed_unit"] == "kmh"
    assert set(request["query"]["current"].split(",")) == {
        "temperature_2m",
        "relative_humidity_2m",
        "wind_speed_10m",
        "weather_code",
    }
    assert "apikey" not in request["query"]  # the free API takes no key


def test_open_meteo_paid_api_sends_its_key(settings, fake_provider):
    use_open_meteo(settings)
    settings.OPEN_METEO_API_KEY = "paid-open-meteo-key"
    fake_provider.reply(file="open_meteo_current.json")
    fetch()
    assert fake_provider.requests[0]["query"]["apikey"] == "paid-open-meteo-key"


@pytest.mark.parametrize(
    ("metres_per_second", "kmh"),
    [(5.14, "18.5"), (4.12, "14.8"), (0, "0.0"), (0.62, "2.2"), (10, "36.0"), (32.7, "117.7")],
)
def test_wind_in_metres_per_second_is_printed_in_kilometres_per_hour(metres_per_second, kmh):
    assert ms_to_kmh(metres_per_second) == Decimal(kmh)


@pytest.mark.parametrize(
    ("value", "printed"), [(12.25, "12.3"), (-0.04, "0.0"), (-3.45, "-3.5"), (17.3, "17.3")]
)
def test_temperatures_round_half_up_to_one_decimal(value, printed):
    assert str(tenth(value)) == printed


def test_open_meteo_wind_given_in_metres_per_second_is_converted(settings, fake_provider):
    use_open_meteo(settings)
    data = recorded_json("open_meteo_current.json")
    data["current_units"]["wind_speed_10m"] = "m/s"
    data["current"]["wind_speed_10m"] = 5.14
    fake_provider.reply(data=data)
    assert fetch().wind_kmh == Decimal("18.5")


def test_open_meteo_iso_times_are_read_in_the_answers_zone():
    data = recorded_json("open_meteo_current.json")
    data["utc_offset_seconds"] = 3600  # BST
    data["current"]["time"] = "2026-07-01T10:45"
    observation = OpenMeteo(url="http://unused").parse(data)
    assert observation.observed_at == datetime(2026, 7, 1, 9, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "words"), [(0, "clear sky"), (61, "slight rain"), (95, "thunderstorm"), (42, "")]
)
def test_wmo_codes_become_words_and_unknown_codes_leave_the_condition_out(code, words):
    data = recorded_json("open_meteo_current.json")
    data["current"]["weather_code"] = code
    assert OpenMeteo(url="http://unused").parse(data).condition == words


# --- Failures -----------------------------------------------------------------------------


def test_a_500_is_retried_then_reported(fake_provider):
    fake_provider.always(status=500, body=b'{"message": "Internal error"}')

    with pytest.raises(WeatherError, match=rf"^{fake_provider.host} answered HTTP 500$"):
        fetch()

    assert len(fake_provider.requests) == 3  # the first try and two retries


def test_passing_5xx_errors_are_ridden_out(fake_provider):
    fake_provider.reply(503, body=b"{}").reply(502, body=b"{}")
    fake_provider.reply(file="openweathermap_current.json")

    assert fetch().condition == "broken clouds"
    assert len(fake_provider.requests) == 3


def test_a_429_waits_as_long_as_retry_after_asks(fake_provider):
    fake_provider.reply(429, body=b'{"cod": 429}', headers={"Retry-After": "1"})
    fake_provider.reply(file="openweathermap_current.json")

    started = time.monotonic()
    observation = fetch()
    elapsed = time.monotonic() - started

    assert observation.wind_kmh == Decimal("18.5")
    assert len(fake_provider.requests) == 2
    assert elapsed >= 0.9  # the backoff factor is 0 in tests: only Retry-After made it wait


def test_a_provider_that_keeps_rate_limiting_is_reported(settings, fake_provider):
    settings.WEATHER_RETRIES = 1
    fake_provider.always(status=429, body=b'{"cod": 429}', headers={"Retry-After": "0"})
    with pytest.raises(WeatherError, match="rate-limiting us"):
        fetch()
    assert len(fake_provider.requests) == 2


def test_a_provider_that_does_not_answer_times_out(settings, fake_provider):
    settings.WEATHER_READ_TIMEOUT = 0.2
    settings.WEATHER_RETRIES = 1
    fake_provider.always(hang=True)

    started = time.monotonic()
    with pytest.raises(WeatherError, match=r"did not answer within 0\.2 s"):
        fetch()

    assert time.monotonic() - started < 2
    assert len(fake_provider.requests) == 2  # a read timeout is retried once, then given up


def test_an_unreachable_provider_is_reported_as_a_connection_failure(settings):
    settings.WEATHER_PROVIDER = "open-meteo"  # the test settings point at a closed port
    with pytest.raises(WeatherError, match=r"^could not connect to 127\.0\.0\.1:9"):
        fetch()


def test_malformed_json_is_reported(fake_provider):
    fake_provider.reply(body=b'{"weather": [{"description": "broken clouds"}], "main": {')
    with pytest.raises(WeatherError, match="is not valid JSON"):
        fetch()


def test_an_html_error_page_with_status_200_is_reported_as_not_json(fake_provider):
    fake_provider.reply(body=b"<html><body>Service temporarily unavailable</body></html>")
    with pytest.raises(WeatherError, match="is not valid JSON"):
        fetch()


def _without(data, path):
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target.pop(int(last))
    else:
        del target[last]
    return data


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("main.temp", "the response has no main.temp"),
        ("main.humidity", "the response has no main.humidity"),
        ("wind", "the response has no wind.speed"),
        ("weather.0", "the response has no weather.0.description"),
        ("main", "the response has no main.temp"),
    ],
)
def test_openweathermap_answers_missing_fields_are_reported(fake_provider, path, message):
    fake_provider.reply(data=_without(recorded_json("openweathermap_current.json"), path))
    with pytest.raises(WeatherError, match=message):
        fetch()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("current", "the response has no current"),
        ("current.temperature_2m", "the response has no current.temperature_2m"),
        ("current.relative_humidity_2m", "the response has no current.relative_humidity_2m"),
        ("current.wind_speed_10m", "the response has no current.wind_speed_10m"),
        ("current.weather_code", "the response has no current.weather_code"),
    ],
)
def test_open_meteo_answers_missing_fields_are_reported(settings, fake_provider, path, message):
    use_open_meteo(settings)
    fake_provider.reply(data=_without(recorded_json("open_meteo_current.json"), path))
    with pytest.raises(WeatherError, match=message):
        fetch()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["main"].update(temp="warm"), "main.temp is not a number"),
        (lambda d: d["main"].update(humidity=140), r"main.humidity=140 is outside 0…100"),
        (lambda d: d["wind"].update(speed=-3), "wind.speed=-3 is outside"),
        (lambda d: d["main"].update(temp=True), "main.temp is not a number"),
        (lambda d: d["weather"][0].update(description=""), "description is empty"),
    ],
)
def test_implausible_values_are_refused(fake_provider, change, message):
    data = recorded_json("openweathermap_current.json")
    change(data)
    fake_provider.reply(data=data)
    with pytest.raises(WeatherError, match=message):
        fetch()


def test_a_refused_key_is_explained_without_repeating_the_key(fake_provider):
    fake_provider.reply(401, file="openweathermap_401.json")
    with pytest.raises(WeatherError) as error:
        fetch()
    assert "refused the request (HTTP 401); check the API key" in str(error.value)
    assert OWM_KEY not in str(error.value)
    assert len(fake_provider.requests) == 1  # a 401 is not retried


def test_open_meteo_explains_a_bad_request(settings, fake_provider):
    use_open_meteo(settings)
    fake_provider.reply(400, file="open_meteo_400.json")
    with pytest.raises(WeatherError, match="HTTP 400.*Latitude must be in range"):
        fetch()


def test_failure_messages_never_contain_the_api_key(settings, fake_provider):
    """requests puts the whole address (appid=…) in its own messages; ours never do."""
    settings.WEATHER_READ_TIMEOUT = 0.2
    settings.WEATHER_RETRIES = 0
    fake_provider.reply(hang=True).reply(500).reply(body=b"nonsense")
    messages = []
    for _ in range(3):
        with pytest.raises(WeatherError) as error:
            fetch()
        messages.append(str(error.value))
    settings.WEATHER_OPENWEATHERMAP_URL = "http://127.0.0.1:9/data/2.5/weather"
    with pytest.raises(WeatherError) as error:
        fetch()
    messages.append(str(error.value))
    assert all(OWM_KEY not in message and "\n" not in message for message in messages)


def test_the_provider_is_chosen_by_the_settings(settings):
    settings.OPENWEATHERMAP_API_KEY = OWM_KEY
    settings.WEATHER_PROVIDER = "openweathermap"
    assert isinstance(configured_provider(), OpenWeatherMap)
    assert OWM_KEY not in repr(configured_provider())
    settings.WEATHER_PROVIDER = "open-meteo"
    assert isinstance(configured_provider(), OpenMeteo)
    settings.WEATHER_PROVIDER = "off"
    assert configured_provider() is None
