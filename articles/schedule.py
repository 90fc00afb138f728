"""When the articles' public pages change by themselves, with nobody saving anything.

A scheduled article goes live at its ``publish_at`` (``live_q``); a free article passes into
the members' archive ``ARCHIVE_FREE_DAYS`` after it (``members_only_q``). Kept pages, ETags
and the cached frame are checked against the public version (``lordspress.core.cache``),
which is made anew at the earliest such moment: registered here, read when the version is
made, so every request in between costs nothing.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q

from articles.access import members_only_q
from articles.models import Article, live_q, scheduled_q
from lordspress.core.cache import public_change_due

# Just past the moment: ``members_only_q`` compares strictly (older than the cutoff).
_PAST = timedelta(seconds=1)


@public_change_due
def article_changes_due(now: datetime) -> datetime | None:
    """The next scheduled article to go live, or free article to become members-only."""
    found = Article.objects.aggregate(
        scheduled=Min("publish_at", filter=scheduled_q(now=now)),
        still_free=Min(
            "publish_at",
            filter=live_q(now=now) & ~members_only_q(now=now) & Q(always_free=False),
        ),
    )
    moments = []
    if found["scheduled"] is not None:
        moments.append(found["scheduled"])
    if found["still_free"] is not None:
        moments.append(found["still_free"] + timedelta(days=settings.ARCHIVE_FREE_DAYS) + _PAST)
    return min(moments, default=None)
