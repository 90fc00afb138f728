"""The masthead's weather: ``{% masthead_weather as weather %}`` in includes/weather.html."""

from django import template

from lordspress.weather.services import weather_masthead

register = template.Library()


@register.simple_tag
def masthead_weather():
    """The stored reading to show now, or None; never contacts a weather provider."""
    return weather_masthead()
