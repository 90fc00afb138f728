"""The masthead's weather reading, one row, written only by the refresh service."""

from django.db import models

from lordspress.core.fields import SingleLineField
from lordspress.weather.providers import Reading


class WeatherReading(models.Model):
    """The masthead's weather: exactly one row (pk=1), written only by the refresh service.

    It keeps the last good reading when a refresh fails (``last_error`` says why), and
    ``refresh_queued_at`` lets any number of web processes agree that one refresh is queued.
    """

    class Provider(models.TextChoices):
        OPENWEATHERMAP = "openweathermap", "OpenWeather"
        OPEN_METEO = "open-meteo", "Open-Meteo"

    provider = models.CharField(max_length=20, choices=Provider.choices, blank=True)
    location = SingleLineField(max_length=80, blank=True)
    condition = SingleLineField(max_length=100, blank=True)
    temperature_c = models.DecimalField(
        "temperature (°C)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    humidity_percent = models.PositiveSmallIntegerField("humidity (%)", null=True, blank=True)
    wind_kmh = models.DecimalField(
        "wind (km/h)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    observed_at = models.DateTimeField(
        null=True, blank=True, help_text="The provider's observation time."
    )
    fetched_at = models.DateTimeField(
        null=True, blank=True, help_text="When this reading was fetched and stored."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = SingleLineField(max_length=300, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    refresh_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = (
            "lordspress_weatherreading"  # its table from before the app had a label of its own
        )
        verbose_name = "weather reading"
        ordering = ["pk"]
        permissions = [("refresh_weatherreading", "Can queue a weather refresh")]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="weather_reading_single_row"),
            models.CheckConstraint(
                condition=models.Q(fetched_at__isnull=True)
                | (
                    ~models.Q(provider="")
                    & models.Q(temperature_c__isnull=False)
                    & models.Q(humidity_percent__isnull=False)
                    & models.Q(wind_kmh__isnull=False)
                    & models.Q(observed_at__isnull=False)
                ),
                name="weather_reading_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(humidity_percent__isnull=True)
                | models.Q(humidity_percent__lte=100),
                name="weather_reading_humidity_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(wind_kmh__isnull=True) | models.Q(wind_kmh__gte=0),
                name="weather_reading_wind_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.summary() or "No reading yet"

    def summary(self) -> str:
        """The reading as the masthead prints it, or "" before the first one."""
        if self.fetched_at is None:
            return ""

        return Reading.from_row(self).summary

    @property
    def is_failing(self) -> bool:
        """The most recent attempt failed (the stored reading, if any, is older)."""
        return self.last_error_at is not None and (
            self.fetched_at is None or self.last_error_at > self.fetched_at
        )
