"""Weather settings come from the environment; a bad value is one clear line at start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lordspress.core.env import env_float
from tests.test_configuration import _manage

PRINT_PROVIDER = "from django.conf import settings; print(settings.WEATHER_PROVIDER)"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WEATHER_PROVIDER": "bbc"}, "WEATHER_PROVIDER='bbc' must be one of openweathermap"),
        ({"WEATHER_PROVIDER": "openweathermap"}, "needs OPENWEATHERMAP_API_KEY"),
        ({"WEATHER_LATITUDE": "fifty-one"}, "WEATHER_LATITUDE='fifty-one' is not a number"),
        ({"WEATHER_LATITUDE": "91"}, "WEATHER_LATITUDE=91 must be at least -90 and at most 90"),
        ({"WEATHER_LONGITUDE": "nan"}, "WEATHER_LONGITUDE='nan' is not a number"),
        ({"WEATHER_REFRESH_SECONDS": "10"}, "WEATHER_REFRESH_SECONDS=10 must be at least 60"),
        ({"WEATHER_READ_TIMEOUT": "0"}, "WEATHER_READ_TIMEOUT=0 must be at least 0.1"),
        ({"WEATHER_OPEN_METEO_URL": "api.open-meteo.com"}, "must be an absolute http(s)"),
    ],
)
def test_bad_weather_settings_give_one_clear_line_not_a_traceback(env, message):
    result = _manage("check", DEBUG="1", OPENWEATHERMAP_API_KEY="", **env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "provider"),
    [
        ({"OPENWEATHERMAP_API_KEY": ""}, "open-meteo"),
        ({"OPENWEATHERMAP_API_KEY": "a-key"}, "openweathermap"),
        ({"OPENWEATHERMAP_API_KEY": "a-key", "WEATHER_PROVIDER": "Open-Meteo"}, "open-meteo"),
        ({"WEATHER_PROVIDER": "off", "OPENWEATHERMAP_API_KEY": ""}, "off"),
    ],
)
def test_open_meteo_is_the_default_only_without_an_openweathermap_key(env, provider):
    result = _manage("shell", "-v", "0", "-c", PRINT_PROVIDER, DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == provider


def test_env_float(monkeypatch):
    monkeypatch.setenv("LATITUDE", " 51.5085 ")
    assert env_float("LATITUDE", 0.0) == 51.5085
    monkeypatch.setenv("LATITUDE", "")
    assert env_float("LATITUDE", 1.5) == 1.5
    for bad in ("inf", "1,5", "north"):
        monkeypatch.setenv("LATITUDE", bad)
        with pytest.raises(ImproperlyConfigured, match="LATITUDE=.* is not a number"):
            env_float("LATITUDE", 0.0)
    monkeypatch.setenv("LATITUDE", "-91")
    with pytest.raises(ImproperlyConfigured, match="must be at least -90"):
        env_float("LATITUDE", 0.0, minimum=-90, maximum=90)


def test_deploy_check_warns_about_open_meteos_free_non_commercial_tier(settings):
    from lordspress.weather.checks import open_meteo_free_tier

    settings.WEATHER_PROVIDER = "open-meteo"
    settings.OPEN_METEO_API_KEY = ""
    [warning] = open_meteo_free_tier(None)
    assert warning.id == "lordspress.W001"
    assert "non-commercial" in warning.msg
    settings.OPEN_METEO_API_KEY = "paid"
    assert open_meteo_free_tier(None) == []
    settings.WEATHER_PROVIDER = "openweathermap"
    assert open_meteo_free_tier(None) == []
