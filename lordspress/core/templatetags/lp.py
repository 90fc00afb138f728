"""Template helpers for the public site."""

import json
from urllib.parse import urlencode

from django import template
from django.core.paginator import Page
from django.utils.safestring import mark_safe

from lordspress.core.dates import machine_date as _machine_date
from lordspress.core.links import absolute_url
from lordspress.core.text import xml_text as _xml_text

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def ld_json(value) -> str:
    """Serialise for a ``<script type="application/ld+json">`` block, safe against ``</script>``."""
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_JSON_ESCAPES))


@register.filter
def xml_text(value) -> str:
    """Text for an XML template: without the characters XML 1.0 forbids (autoescaping then
    escapes the rest), so a row stored before the fields normalised cannot break the XML."""
    return _xml_text(str(value))


@register.filter
def machine_date(value) -> str:
    """A date or time in the one form machines are given (``lordspress.core.dates``), for
    ``<time datetime>``, meta tags and XML: ``2026-05-01T09:30:00+00:00``."""
    return _machine_date(value)


@register.filter
def absolute(path: str) -> str:
    """An absolute address on the canonical host (SITE_URL)."""
    return absolute_url(str(path)) if path else ""


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current address with ``page`` replaced, other query parameters kept."""
    query = context["request"].GET.copy()
    if int(number) == 1:
        query.pop("page", None)
    else:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else context["request"].path


@register.filter
def page_range(page: Page):
    """Page numbers to show around the current one, with None for gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's canonical address: SITE_URL, the path, and only meaningful parameters.

    A view may name it outright with ``canonical_path`` (an article's preview does). The
    page number is the one the paginator shows (``page_obj``), never the text of the query
    string: ``?page=02`` or ``?page=last`` name page 2 or the last page, and a page that is
    not paginated has no page number at all.
    """
    if context.get("canonical_path"):
        return absolute_url(context["canonical_path"])
    request = context.get("request")
    if request is None:
        return absolute_url("/")
    kept = {}
    if request.GET.get("q"):
        kept["q"] = request.GET["q"]
    page = context.get("page_obj")
    if page is not None and page.number != 1:
        kept["page"] = page.number
    query = ("?" + urlencode(kept)) if kept else ""
    return absolute_url(request.path + query)
