"""Template helpers for consent."""

from django import template
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def consent_static(path: str) -> str:
    """The address of a gated script, or "" if the file is not among the static files (a
    missing file must never break every page)."""
    try:
        return static(path)
    except ValueError:
        return ""
