"""System checks for deployment choices a test cannot see."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def open_meteo_free_tier(app_configs, **kwargs):
    """Open-Meteo's free API is for non-commercial use; a sponsored journal needs a licence."""
    if settings.WEATHER_PROVIDER == "open-meteo" and not settings.OPEN_METEO_API_KEY:
        return [
            checks.Warning(
                "The masthead weather uses Open-Meteo's free API, which is for non-commercial "
                "use only (a site with sponsors or subscriptions is commercial).",
                hint="Set OPENWEATHERMAP_API_KEY, or OPEN_METEO_API_KEY for Open-Meteo's paid "
                "API, or WEATHER_PROVIDER=off.",
                id="lordspress.W001",
            )
        ]
    return []
