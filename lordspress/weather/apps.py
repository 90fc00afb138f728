from django.apps import AppConfig


class WeatherConfig(AppConfig):
    """The masthead's London weather: fetched by the worker, read from one row by pages."""

    name = "lordspress.weather"
    verbose_name = "Weather"

    def ready(self) -> None:
        from lordspress.weather import (
            checks,  # noqa: F401  (registers the deploy check)
            services,  # noqa: F401  (when the masthead changes)
        )
