"""The site's one-segment addresses, ``/<slug>/``: one space with one owner, this module.

Sections (the articles app) and static pages both live at ``/<slug>/``. The rules of that
space are written here once: which first segments the site keeps for itself
(``RESERVED_SLUGS``), that a slug belongs to one thing only (``check_slug_free``, called by
each model's ``clean``), and which thing answers a request (``slug_view``, the one view at
``/<slug>/``).

Each kind of thing takes part by *claiming* the space for a model (``claim``): sections
from ``articles/apps.py``, pages from this app's own ``apps.py``. So this app never
imports articles, and articles imports only this module of it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from lordspress.core.middleware import allow_methods

# First path segments the site uses itself; a section or page may not take them.
RESERVED_SLUGS = (
    "accounts",
    "admin",
    "api",
    "archive",
    "authors",
    "ckeditor",
    "cookies",
    "feed",
    "media",
    "newsletter",
    "preview",
    "robots",
    "search",
    "sitemap",
    "static",
)


@dataclass(frozen=True)
class Claim:
    """A model whose rows live at ``/<slug>/`` (by their ``slug`` field).

    ``noun`` names one row in a sentence ("A section"); ``view(request, row)`` answers the
    row's address. A request asks the claims by ``order``, lowest first: sections (0) before
    pages (1), as they are most of the traffic at these addresses.
    """

    model: type[models.Model]
    noun: str
    view: Callable[[HttpRequest, models.Model], HttpResponse]
    order: int


_claims: list[Claim] = []


def claim(model: type[models.Model], *, noun: str, view, order: int) -> None:
    """Let ``model``'s rows answer ``/<slug>/``; called once per model from an ``AppConfig``.

    Claiming a model again replaces its claim (``ready()`` may run twice in tests).
    """
    others = [c for c in _claims if c.model is not model]
    _claims[:] = sorted(
        [*others, Claim(model=model, noun=noun, view=view, order=order)], key=lambda c: c.order
    )


def claims() -> tuple[Claim, ...]:
    """The claims made, in the order requests ask them (tests walk them)."""
    return tuple(_claims)


def check_slug_free(instance: models.Model) -> None:
    """Raise ``ValidationError`` on ``slug`` when another claimed row, of any kind, has it.

    Called by each claiming model's ``clean``; the database also refuses two rows of one
    model with one slug (their unique constraints).
    """
    slug = getattr(instance, "slug", "")
    if not slug:
        return
    for c in _claims:
        rows = c.model._default_manager.filter(slug=slug)
        if isinstance(instance, c.model):
            continue  # its own model's uniqueness is the model's own constraint
        if rows.exists():
            raise ValidationError({"slug": f"{c.noun} already uses this address."})


@allow_methods("GET")
def slug_view(request: HttpRequest, slug: str) -> HttpResponse:
    """``/<slug>/``: the claimed row with this slug answers, in claim order; else 404."""
    for c in _claims:
        row = c.model._default_manager.filter(slug=slug).first()
        if row is not None:
            return c.view(request, row)
    raise Http404("No section or page here.")
