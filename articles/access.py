"""Who may read what. Every output that shows article text goes through ``article_reading``
(the article page, the admin preview) or, for an excerpt in a listing (the newsletter
email), ``teaser_html``, the one rule for what a non-member reads of a members-only body;
every listing that matches on text uses ``members_only_q`` so hidden text cannot be probed.
Feeds, sitemaps and structured data carry no body text at all (headline and standfirst).

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
from lordspress.core import html_cut

MEMBERS_ONLY_KINDS = (Article.Kind.SPECIAL_REPORT, Article.Kind.NOTICE)
CUT_MARKER = "[members-only]"
# The bounds of a teaser (see ``teaser_html``): top-level blocks, characters of text (white
# space not counted; about two short paragraphs) and share of the body's text.
TEASER_BLOCKS = 2
TEASER_MAX_CHARS = 600
TEASER_MAX_SHARE = 0.5
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
    """What a visitor who is not a member reads of a members-only ``body`` (sanitised HTML),
    besides the headline and standfirst: a short opening that always leaves most of the
    article back, or nothing. The one rule for every output that carries a teaser (the
    article page through ``article_reading``, the newsletter email).

    The teaser is the body up to the earliest of:

    1. the editor's first ``[members-only]`` marker;
    2. the end of the ``TEASER_BLOCKS``-th top-level block (a paragraph, a heading, a list, a
       table, a quotation, a figure: a 40-item list is one block, and is not let through
       whole because it is not a ``<p>``);
    3. the start of the last top-level block, so something whole is always held back;
    4. ``TEASER_MAX_CHARS`` characters of text (white space not counted), cut at the end of
       the last paragraph, list item or cell that fits, else at the end of a word;
    5. ``TEASER_MAX_SHARE`` of the body's text, cut at the end of the last paragraph, list
       item or cell that fits (never inside one: half a short article's only long
       paragraph is not a teaser but most of the article). Text readers get from
       attributes (alt text, titles) counts in 4 and 5, and the share holds for the prose
       alone too: a long alt text held back does not let the rest of the prose out;

    and it does not end on a heading (the section it opens is hidden). It is empty, so the
    reader gets the standfirst only, when nothing fits those bounds, or when there is no
    marker and the body has no more than ``TEASER_BLOCKS`` top-level blocks: a body too
    short to give a taste of without giving it away.

    Ghost's judgement is the model: content before the editor's divider is public, and with
    no divider nothing is (``post-gating.js`` empties ``html``). Here an unmarked body still
    gets a short opening, and the marker may shorten the teaser but never lengthen it past
    these bounds: a marker placed late (or at the very end) does not give the article away.

    The cut is made in the tree, not the text (``lordspress.core.html_cut``): wherever it falls,
    inside a table cell, a list item, a quotation or a link, the elements open there are
    closed again, so the teaser is balanced HTML and cannot swallow the rest of the page; and
    nothing after the cut is kept, not even the rest of the element the marker stands in.
    """
    events = html_cut.parse(body)
    markers = html_cut.find_text(events, _MARKER)
    html_cut.remove_text(events, [piece for match in markers for piece in match])
    layout = html_cut.Layout(events)
    blocks = layout.blocks
    if not blocks or not layout.text_length:
        return ""
    if markers:
        index, start, _ = markers[0][0]
        cut = html_cut.Position(index, start)
    elif len(blocks) <= TEASER_BLOCKS:
        return ""
    else:
        cut = html_cut.Position(len(events))
    cut = min(
        cut,
        html_cut.Position(blocks[min(TEASER_BLOCKS, len(blocks)) - 1].end),
        html_cut.Position(blocks[-1].start),
    )
    cut = layout.within_length(cut, TEASER_MAX_CHARS, words=True)
    cut = layout.within_length(cut, TEASER_MAX_SHARE * layout.text_length, words=False)
    prose = html_cut.Layout(events, attributes=False)
    cut = prose.within_length(cut, TEASER_MAX_SHARE * prose.text_length, words=False)
    cut = layout.not_ending_in(cut, html_cut.HEADINGS)
    if not layout.length_before(cut):
        return ""
    return html_cut.write(events, stop=cut.index, offset=cut.offset)


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
