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

MEMBERS_ONLY_KINDS = (Article.Kind.SPECIAL_REPORT, Article.Kind.NOTICE)
CUT_MARKER = "[members-only]"
TEASER_PARAGRAPHS = 2
_CUT = re.compile(r"<p[^>]*>\s*(?:&nbsp;|\s)*\[members-only\](?:&nbsp;|\s)*</p>", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p>", re.IGNORECASE)


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
    """The text before the editor's cut, else the first two paragraphs."""
    cut = _CUT.search(body)
    if cut:
        return body[: cut.start()].strip()
    end = 0
    for _ in range(TEASER_PARAGRAPHS):
        match = _PARAGRAPH_END.search(body, end)
        if match is None:
            break
        end = match.end()
    return body[:end].strip()


def article_reading(article: Article, user) -> Reading:
    members_only = is_members_only(article)
    if members_only and not is_member(user):
        return Reading(body=teaser_html(article.body), full=False, members_only=True)
    return Reading(body=_CUT.sub("", article.body).strip(), full=True, members_only=members_only)
