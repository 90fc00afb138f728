"""Template helpers for consent."""

from django import template
from django.templatetags.static import static

from consent.registry import current_registry
from lordspress.core.sanitize import WEB_SCHEMES, link_url

register = template.Library()


@register.simple_tag
def consent_static(path: str) -> str:
    """The address of a gated script, or "" if the file is not among the static files (a
    missing file must never break every page)."""
    try:
        return static(path)
    except ValueError:
        return ""


@register.inclusion_tag("consent/embed.html")
def consent_embed(*, src: str, title: str, category: str, service: str = "", link: str = ""):
    """A click-to-load embed: ``{% consent_embed src=… title=… category="marketing"
    service="video-host" link=… %}``. It loads once the reader allows the service (or the
    category, when no service is named), from the placeholder or the cookie settings."""
    registry = current_registry()
    declared = registry.service(service) if service else None
    named = registry.category(category)
    return {
        # The sanitiser's rule for addresses: http(s) as a browser reads them, else nothing
        # (the placeholder stays, without a frame to load).
        "src": link_url(src, schemes=WEB_SCHEMES) or "",
        "title": title,
        "category": category,
        "service": service,
        "link": link_url(link, schemes=WEB_SCHEMES) or "",
        "provider": declared.provider if declared else "another site",
        "category_name": named.name if named else category,
    }
