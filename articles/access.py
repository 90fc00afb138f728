"""Who may read what. Every output that shows article text goes through ``article_reading``
(the article page, the admin preview, and any email or feed that carries text), and every
listing that matches on text uses ``members_only_q`` so hidden text cannot be probed.

The rule: an article is for members when an editor says so; or, unless an editor made it
public, when it is a special report or a notice; or, unless it is "always free", once it is
older than ``ARCHIVE_FREE_DAYS``. A member is any signed-in, active account.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from lordspress import html_cut

MEMBERS_ONLY_KINDS = (Article.Kind.SPECIAL_REPORT, Article.Kind.NOTICE)
CUT_MARKER = "[members-only]"
TEASER_PARAGRAPHS = 2
# The marker as a reader would see it in the text, however it is written or formatted.
_MARKER = re.compile(re.escape(CUT_MARKER), re.IGNORECASE)


def _archive_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.ARCHIVE_FREE_DAYS)


def is_members_only(article: Article, *, now: datetime | None = None) -> bool:
    if article.access == Article.Access.MEMBERS:
        return True
    if article.always_free:
        return False
    if article.access == Article.Access.DEFAULT and article.kind in MEMBERS_ONLY_KINDS:
        return True
    return article.publish_at is not None and article.publish_at < _archive_cutoff(now)


def members_only_q(*, now: datetime | None = None) -> Q:
    """``is_members_only`` as a query filter (tests hold the two to the same answers)."""
    return Q(access=Article.Access.MEMBERS) | (
        Q(always_free=False)
        & (
            (Q(access=Article.Access.DEFAULT) & Q(kind__in=MEMBERS_ONLY_KINDS))
            | Q(publish_at__lt=_archive_cutoff(now))
        )
    )


def is_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class Reading:
    """What one visitor gets of one article."""

    body: str
    full: bool
    members_only: bool


def teaser_html(body: str) -> str:
    """What a visitor who is not a member reads of ``body`` (sanitised HTML): the text before
    the editor's first ``[members-only]`` marker, else the first ``TEASER_PARAGRAPHS``
    paragraphs (``<p>`` elements in reading order, at any depth; none, nothing).

    The cut is made in the tree, not the text (``lordspress.html_cut``): wherever it falls,
    inside a table cell, a list item, a quotation or a link, the elements open there are
    closed again, so the teaser is balanced HTML and cannot swallow the rest of the page; and
    nothing after the cut is kept, not even the rest of the element the marker stands in.
    """
    events = html_cut.parse(body)
    matches = html_cut.find_text(events, _MARKER)
    if matches:
        index, start, _ = matches[0][0]
        return html_cut.write(events, stop=index, offset=start)
    end = html_cut.end_of_nth(events, "p", TEASER_PARAGRAPHS)
    return "" if end is None else html_cut.write(events, stop=end)


def full_html(body: str) -> str:
    """``body`` as a member reads it: whole, without the editor's markers (and without the
    paragraph that held only a marker)."""
    events = html_cut.parse(body)
    pieces = [piece for match in html_cut.find_text(events, _MARKER) for piece in match]
    return html_cut.write(events, touched=html_cut.remove_text(events, pieces))


def article_reading(article: Article, user) -> Reading:
    members_only = is_members_only(article)
    if members_only and not is_member(user):
        return Reading(body=teaser_html(article.body), full=False, members_only=True)
    return Reading(body=full_html(article.body), full=True, members_only=members_only)
