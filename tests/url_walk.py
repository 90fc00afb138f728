"""Every URL pattern in the URLconf, as a route with slots, for tests that walk them all.

``routes()`` descends into every ``include()`` (the admin too), so a new URL is covered by
the walking tests without a new test. ``Route.url()`` fills the slots: with the valid value
``valid_value()`` finds in a seeded site (``Site``), or with the hostile text a test chose.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<regex>(?:[^()\\]|\\.)*)\)")


@dataclass(frozen=True)
class Slot:
    """A variable part of an address: a route parameter or a regex group."""

    name: str  # the keyword, or "1", "2"… for an unnamed group
    converter: str  # slug, str, path, int, yyyy, mm, dd… or "regex"


@dataclass(frozen=True)
class Route:
    pieces: tuple  # literal text and Slots, in order
    name: str  # "namespace:name", or the route text when unnamed
    callback: object = field(compare=False)

    @property
    def slots(self) -> list[Slot]:
        return [piece for piece in self.pieces if isinstance(piece, Slot)]

    @property
    def template(self) -> str:
        return "/" + "".join(
            f"<{p.converter}:{p.name}>" if isinstance(p, Slot) else p for p in self.pieces
        )

    def url(self, values: dict[Slot, str]) -> str:
        """The address with each slot's text (already percent-encoded where it must be)."""
        return "/" + "".join(values[p] if isinstance(p, Slot) else p for p in self.pieces)


def routes() -> list[Route]:
    """Every pattern of the root URLconf, includes expanded, in URLconf order."""
    found = []

    def walk(resolver, pieces, namespace):
        for entry in resolver.url_patterns:
            entry_pieces = pieces + _pattern_pieces(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}{entry.namespace}:"
                walk(entry, entry_pieces, inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else str(entry.pattern)
                found.append(Route(tuple(entry_pieces), name, entry.callback))

    walk(get_resolver(), (), "")
    return found


def _pattern_pieces(pattern) -> tuple:
    if isinstance(pattern, RoutePattern):
        text, pieces, position = str(pattern), [], 0
        for match in _ROUTE_PARAMETER.finditer(text):
            pieces.append(text[position : match.start()])
            pieces.append(Slot(match["name"], match["converter"] or "str"))
            position = match.end()
        pieces.append(text[position:])
        return tuple(p for p in pieces if p != "")
    if isinstance(pattern, RegexPattern):
        text = pattern._regex.removeprefix("^").removesuffix("$")
        pieces, position, unnamed = [], 0, 0
        for match in _REGEX_GROUP.finditer(text):
            pieces.append(_unescape(text[position : match.start()]))
            if match["name"]:
                pieces.append(Slot(match["name"], "regex"))
            else:
                unnamed += 1
                pieces.append(Slot(str(unnamed), "regex"))
            position = match.end()
        pieces.append(_unescape(text[position:]))
        return tuple(p for p in pieces if p != "")
    raise AssertionError(f"unknown pattern type {type(pattern).__name__}")


def _unescape(regex_text: str) -> str:
    return re.sub(r"\\(.)", r"\1", regex_text)


@dataclass
class Site:
    """What the valid values come from: one of each thing a route can name."""

    article: object
    author: object
    category: object
    page: object
    staff: object


def valid_value(route: Route, slot: Slot, site: Site) -> str:
    """A value the route accepts and that names something that exists, where one can.

    Known routes get real objects (an admin change page gets the pk of a row of its model);
    anything else gets a plain value of the converter's shape, so a new route is still
    reachable.
    """
    article = site.article
    when = timezone.localtime(article.publish_at)
    name = route.name
    if name.startswith("admin:"):
        return _admin_value(route, slot, site)
    by_slot = {
        "year": f"{when:%Y}",
        "month": f"{when:%m}",
        "day": f"{when:%d}",
        "path": "uploads/nothing-here.jpg",
        "token": "not-a-token-at-all",
    }
    if slot.name == "slug":
        if name.startswith("authors:") or name == "articles:byline":
            return site.author.slug
        if name == "articles:detail":
            return article.slug
        return site.category.slug
    if slot.name in by_slot:
        return by_slot[slot.name]
    return {"int": "1", "slug": "x", "yyyy": "2024", "mm": "01", "dd": "01"}.get(
        slot.converter, "x"
    )


def _admin_value(route: Route, slot: Slot, site: Site) -> str:
    if slot.name == "app_label":
        return "articles"
    if slot.name == "url":
        return "no-such-admin-page/"
    if route.name == "admin:view_on_site":
        if slot.name == "content_type_id":
            return str(ContentType.objects.get_for_model(site.article).pk)
        return str(site.article.pk)
    if slot.name == "id":  # the user password form
        return str(site.staff.pk)
    model = _admin_model(route)
    row = model._default_manager.order_by("pk").first() if model else None
    if slot.name in {"object_id", "1"}:
        return quote(str(row.pk), safe="") if row else "1"
    if slot.name == "2" and row is not None:  # a history record of that row
        history = getattr(row, "history", None)
        record = history.order_by("history_id").first() if history is not None else None
        return str(record.history_id) if record else "1"
    return "1"


def _admin_model(route: Route):
    """The model of an admin route named ``admin:<app>_<model>_<view>``, if any."""
    for model in apps.get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(prefix):
            return model
    return None
