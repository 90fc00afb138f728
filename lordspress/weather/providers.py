"""Weather providers for the masthead: one small interface, two services.

Only the background refresh (``lordspress.weather.services.weather_refresh``) calls these;
a reader's page reads the stored reading and never waits on a provider. Each provider turns its own
JSON into an :class:`Observation` in the journal's units (°C, %, km/h), and every failure
(network, HTTP status, malformed or incomplete JSON) becomes a :class:`WeatherError` whose
message is one line fit for a log and the admin, and never contains an API key.
"""

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from lordspress.core.links import absolute_url

# A reading older than this is shown "as of HH:MM"; older than HIDE_AFTER it is not shown.
AS_OF_AFTER = timedelta(minutes=30)
HIDE_AFTER = timedelta(hours=6)

# The answer is a few hundred bytes; anything far larger is not a weather report.
MAX_RESPONSE_BYTES = 256 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)

# WMO weather interpretation codes, as Open-Meteo documents them; lower case, as the masthead
# prints OpenWeather's descriptions ("broken clouds 12.2°C").
WMO_CONDITIONS = {
    0: "clear sky",
    1: "mainly clear",
    2: "partly cloudy",
    3: "overcast",
    45: "fog",
    48: "depositing rime fog",
    51: "light drizzle",
    53: "moderate drizzle",
    55: "dense drizzle",
    56: "light freezing drizzle",
    57: "dense freezing drizzle",
    61: "slight rain",
    63: "moderate rain",
    65: "heavy rain",
    66: "light freezing rain",
    67: "heavy freezing rain",
    71: "slight snow fall",
    73: "moderate snow fall",
    75: "heavy snow fall",
    77: "snow grains",
    80: "slight rain showers",
    81: "moderate rain showers",
    82: "violent rain showers",
    85: "slight snow showers",
    86: "heavy snow showers",
    95: "thunderstorm",
    96: "thunderstorm with slight hail",
    99: "thunderstorm with heavy hail",
}

_TENTH = Decimal("0.1")


class WeatherError(Exception):
    """A refresh failed; ``str()`` is one line naming the cause, safe to log and show staff."""


@dataclass(frozen=True)
class Location:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Observation:
    """Current weather in the journal's units, rounded as printed (one decimal)."""

    condition: str
    temperature_c: Decimal
    humidity_percent: int
    wind_kmh: Decimal
    observed_at: datetime


def tenth(value: float) -> Decimal:
    """Round half up to one decimal, as printed: 12.25 → 12.3, −0.04 → 0.0."""
    rounded = Decimal(repr(float(value))).quantize(_TENTH, rounding=ROUND_HALF_UP)
    return rounded + Decimal("0.0")  # normalises −0.0 to 0.0


def ms_to_kmh(speed: float) -> Decimal:
    """Metres per second to kilometres per hour, one decimal: 5.14 m/s is 18.5 km/h."""
    return tenth(float(speed) * 3.6)


def freshness(fetched_at: datetime | None, now: datetime) -> str:
    """``"fresh"``, ``"dated"`` (show "as of"), ``"expired"`` (hide) or ``"missing"``."""
    if fetched_at is None:
        return "missing"
    age = now - fetched_at
    if age > HIDE_AFTER:
        return "expired"
    if age > AS_OF_AFTER:
        return "dated"
    return "fresh"


def format_temperature(value: Decimal) -> str:
    """One decimal with a true minus sign: "12.2", "−3.5", "0.0"."""
    return f"{value:.1f}".replace("-", "\u2212")


@dataclass(frozen=True)
class Reading:
    """A stored reading as the masthead needs it (kept in the cache, so plain values only).

    The one place a reading is put into words: the masthead's template prints its parts
    (``now``, ``humidity``, ``wind``), and the admin, the refresh log and the row's ``__str__``
    print ``summary``, the same parts joined with " · ".
    """

    provider: str
    location: str
    condition: str
    temperature_c: Decimal
    humidity_percent: int
    wind_kmh: Decimal
    observed_at: datetime
    fetched_at: datetime

    @classmethod
    def from_row(cls, row) -> "Reading":
        """From a stored ``WeatherReading`` that has a reading (``fetched_at`` set)."""
        return cls(
            provider=row.provider,
            location=row.location,
            condition=row.condition,
            temperature_c=row.temperature_c,
            humidity_percent=row.humidity_percent,
            wind_kmh=row.wind_kmh,
            observed_at=row.observed_at,
            fetched_at=row.fetched_at,
        )

    @property
    def now(self) -> str:
        """ "broken clouds 12.2°C" (the temperature alone when there is no condition)."""
        return f"{self.condition} {format_temperature(self.temperature_c)}°C".strip()

    @property
    def humidity(self) -> str:
        return f"Humidity {self.humidity_percent}%"

    @property
    def wind(self) -> str:
        return f"Wind {self.wind_kmh:.1f} km/h"

    @property
    def summary(self) -> str:
        """Plain text: "broken clouds 12.2°C · Humidity 79% · Wind 18.5 km/h"."""
        return " · ".join((self.now, self.humidity, self.wind))

    @property
    def attribution_text(self) -> str:
        provider = provider_class(self.provider)
        return provider.attribution_text if provider else ""

    @property
    def attribution_url(self) -> str:
        provider = provider_class(self.provider)
        return provider.attribution_url if provider else ""


@dataclass(frozen=True)
class MastheadWeather:
    """What the masthead shows now: the reading, and its time when it is no longer fresh."""

    reading: Reading
    as_of: datetime | None = None

    @classmethod
    def at(cls, reading: "Reading | None", now: datetime) -> "MastheadWeather | None":
        """None (hide the widget) before the first reading or once it is too old."""
        state = freshness(reading.fetched_at if reading else None, now)
        if reading is None or state in {"missing", "expired"}:
            return None
        return cls(reading=reading, as_of=reading.fetched_at if state == "dated" else None)


def configured_location() -> Location:
    return Location(
        name=settings.WEATHER_LOCATION,
        latitude=settings.WEATHER_LATITUDE,
        longitude=settings.WEATHER_LONGITUDE,
    )


def make_session() -> requests.Session:
    """A session that retries connection failures, timeouts, 429 and 5xx with backoff.

    ``Retry-After`` is honoured (capped by WEATHER_RETRY_AFTER_MAX); only GET is retried.
    The connect and read timeouts are given with each request.
    """
    retries = settings.WEATHER_RETRIES
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        redirect=0,
        backoff_factor=settings.WEATHER_RETRY_BACKOFF,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        retry_after_max=settings.WEATHER_RETRY_AFTER_MAX,
        raise_on_status=False,  # the last response comes back and is reported by status
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers.update(
        {
            "Accept": "application/json",
            "User-Agent": f"LordsPress-weather/1.0 (+{absolute_url('/')})",
        }
    )
    return session


# --- Validation helpers -------------------------------------------------------------------


def _field(data, path: str):
    """``data["main"]["temp"]`` for ``"main.temp"``; ``weather.0.description`` indexes lists."""
    value = data
    for part in path.split("."):
        try:
            value = value[int(part)] if isinstance(value, list) else value[part]
        except (KeyError, IndexError, TypeError, ValueError):
            raise WeatherError(f"the response has no {path}") from None
    return value


def _number(data, path: str, *, low: float, high: float) -> float:
    value = _field(data, path)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise WeatherError(f"{path} is not a number ({value!r:.40})")
    if not low <= value <= high:
        raise WeatherError(f"{path}={value} is outside {low:g}…{high:g}")
    return float(value)


def _timestamp(value, *, offset_seconds: float = 0) -> datetime | None:
    """Unix seconds, or an ISO time in the response's zone (``utc_offset_seconds``)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = (parsed - timedelta(seconds=offset_seconds)).replace(tzinfo=UTC)
        return parsed
    return None


# --- Providers ----------------------------------------------------------------------------


class Provider:
    """Fetches the current weather for a location. Subclasses build the request and parse."""

    key: str
    name: str
    attribution_text: str
    attribution_url: str

    def __init__(self, *, url: str, api_key: str = "") -> None:
        self.url = url
        self.api_key = api_key

    def __repr__(self) -> str:  # never the key
        return f"<{type(self).__name__} {self.url}>"

    def params(self, location: Location) -> dict:
        raise NotImplementedError

    def parse(self, data) -> Observation:
        """Turn the provider's JSON into an Observation, or raise WeatherError."""
        raise NotImplementedError

    def fetch_current(
        self, *, location: Location, session: requests.Session | None = None
    ) -> Observation:
        own_session = session is None
        session = session or make_session()
        try:
            return self.parse(self._get_json(session, self.params(location)))
        finally:
            if own_session:
                session.close()

    def _get_json(self, session: requests.Session, params: dict):
        host = urlsplit(self.url).netloc
        timeout = (settings.WEATHER_CONNECT_TIMEOUT, settings.WEATHER_READ_TIMEOUT)
        # requests' messages include the full address, key and all, so every failure is
        # reworded here from its type.
        try:
            with session.get(
                self.url, params=params, timeout=timeout, stream=True, allow_redirects=False
            ) as response:
                if response.status_code != 200:
                    detail = response.raw.read(4096, decode_content=True) or b""
                    raise WeatherError(self._status_message(response.status_code, host, detail))
                body = bytearray()
                for chunk in response.iter_content(chunk_size=16 * 1024):
                    body += chunk
                    if len(body) > MAX_RESPONSE_BYTES:
                        raise WeatherError(f"the answer from {host} is implausibly large")
        except requests.exceptions.ConnectTimeout:
            raise WeatherError(
                f"could not connect to {host} within {timeout[0]:g} s (network down?)"
            ) from None
        except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError) as exc:
            if _is_read_timeout(exc):
                raise WeatherError(f"{host} did not answer within {timeout[1]:g} s") from None
            raise WeatherError(f"could not connect to {host} (network down?)") from None
        except requests.exceptions.RetryError:
            raise WeatherError(f"{host} kept failing; gave up after retries") from None
        except requests.RequestException as exc:
            raise WeatherError(f"request to {host} failed ({type(exc).__name__})") from None
        try:
            return json.loads(bytes(body))
        except ValueError:
            raise WeatherError(f"the answer from {host} is not valid JSON") from None

    def _status_message(self, status: int, host: str, body: bytes) -> str:
        if status in {401, 403}:
            return f"{host} refused the request (HTTP {status}); check the API key"
        if status == 429:
            return f"{host} is rate-limiting us (HTTP 429) even after waiting"
        return f"{host} answered HTTP {status}"


def _is_read_timeout(exc: Exception) -> bool:
    """requests reports a read timeout retried to exhaustion as a ConnectionError."""
    from urllib3.exceptions import ReadTimeoutError

    if isinstance(exc, requests.exceptions.ReadTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    return isinstance(cause, ReadTimeoutError) or isinstance(
        getattr(cause, "reason", None), ReadTimeoutError
    )


class OpenWeatherMap(Provider):
    """OpenWeather "current weather" (API 2.5) in metric units; wind arrives in m/s."""

    key = "openweathermap"
    name = "OpenWeather"
    # Free-plan data is CC BY-SA 4.0 (database ODbL): credit OpenWeather with a link.
    attribution_text = "Weather data provided by OpenWeather"
    attribution_url = "https://openweathermap.org/"

    def params(self, location: Location) -> dict:
        return {
            "lat": f"{location.latitude:.4f}",
            "lon": f"{location.longitude:.4f}",
            "units": "metric",
            "lang": "en",
            "appid": self.api_key,
        }

    def parse(self, data) -> Observation:
        description = _field(data, "weather.0.description")
        if not isinstance(description, str) or not description.strip():
            raise WeatherError("weather.0.description is empty")
        observed = _timestamp(data.get("dt")) if isinstance(data, dict) else None
        return Observation(
            condition=description.strip()[:100],
            temperature_c=tenth(_number(data, "main.temp", low=-100, high=70)),
            humidity_percent=round(_number(data, "main.humidity", low=0, high=100)),
            wind_kmh=ms_to_kmh(_number(data, "wind.speed", low=0, high=150)),
            observed_at=observed or datetime.now(UTC),
        )


class OpenMeteo(Provider):
    """Open-Meteo forecast API, ``current`` block; asks for km/h and reads the WMO code.

    The free API (no key) is for non-commercial use only; with OPEN_METEO_API_KEY the
    commercial host is used with the same request.
    """

    key = "open-meteo"
    name = "Open-Meteo"
    # CC BY 4.0: "You must include a link next to any location Open-Meteo data are displayed".
    attribution_text = "Weather data by Open-Meteo.com"
    attribution_url = "https://open-meteo.com/"

    def params(self, location: Location) -> dict:
        params = {
            "latitude": f"{location.latitude:.4f}",
            "longitude": f"{location.longitude:.4f}",
            "current": "temperature_2m,relative_humidity_2m,wind_speed_10m,weather_code",
            "wind_speed_unit": "kmh",
            "temperature_unit": "celsius",
            "timeformat": "unixtime",
        }
        if self.api_key:
            params["apikey"] = self.api_key
        return params

    def _status_message(self, status: int, host: str, body: bytes) -> str:
        """Open-Meteo explains a 400 (a bad coordinate, say) in ``{"reason": …}``."""
        try:
            reason = json.loads(body).get("reason")
        except (ValueError, AttributeError):
            reason = None
        if status == 400 and isinstance(reason, str):
            return f"{host} refused the request (HTTP 400): {reason[:120]}"
        return super()._status_message(status, host, body)

    def parse(self, data) -> Observation:
        _field(data, "current")
        wind = _number(data, "current.wind_speed_10m", low=0, high=600)
        units = data.get("current_units") if isinstance(data.get("current_units"), dict) else {}
        wind_unit = units.get("wind_speed_10m", "km/h")
        if wind_unit == "m/s":
            wind_kmh = ms_to_kmh(wind)
        elif wind_unit == "km/h":
            wind_kmh = tenth(wind)
        else:
            raise WeatherError(f"wind speed came in {wind_unit!r}, not km/h")
        if units.get("temperature_2m", "°C") != "°C":
            raise WeatherError(f"temperature came in {units['temperature_2m']!r}, not °C")
        code = _number(data, "current.weather_code", low=0, high=99)
        offset = data.get("utc_offset_seconds", 0)
        offset = offset if isinstance(offset, int) and not isinstance(offset, bool) else 0
        return Observation(
            condition=WMO_CONDITIONS.get(int(code), ""),
            temperature_c=tenth(_number(data, "current.temperature_2m", low=-100, high=70)),
            humidity_percent=round(_number(data, "current.relative_humidity_2m", low=0, high=100)),
            wind_kmh=wind_kmh,
            observed_at=_timestamp(data["current"].get("time"), offset_seconds=offset)
            or datetime.now(UTC),
        )


PROVIDERS: dict[str, type[Provider]] = {
    OpenWeatherMap.key: OpenWeatherMap,
    OpenMeteo.key: OpenMeteo,
}


def provider_class(key: str) -> type[Provider] | None:
    """The provider behind a stored reading (for its name and attribution)."""
    return PROVIDERS.get(key)


def configured_provider() -> Provider | None:
    """The provider chosen in the settings, or None when WEATHER_PROVIDER is "off"."""
    if settings.WEATHER_PROVIDER == OpenWeatherMap.key:
        return OpenWeatherMap(
            url=settings.WEATHER_OPENWEATHERMAP_URL, api_key=settings.OPENWEATHERMAP_API_KEY
        )
    if settings.WEATHER_PROVIDER == OpenMeteo.key:
        return OpenMeteo(url=settings.WEATHER_OPEN_METEO_URL, api_key=settings.OPEN_METEO_API_KEY)
    return None
