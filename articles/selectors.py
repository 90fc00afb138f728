"""Reads for the reader-facing pages, shaped to stay fast at any size of the journal.

Each read starts from ``Article.objects.published()`` (the one visibility rule, ``live_q``)
and, for search, the one members-only rule (``articles.access.members_only_q``); what is here
is only the shape of the query, measured at 100,000 articles on PostgreSQL
(``bench/at_size.py``):

- ``home_blocks``: the newest few articles of every section and of the special reports and
  notices, as one query made of one ``LIMIT`` per list (each served by its own index, none
  sorting the table), instead of numbering every article by a window function;
- ``archive_months`` / ``archive_years``: from the small ``ArchiveMonth`` table kept by the
  services, instead of grouping every article by month on each request;
- ``search``: the keys of the matching articles, ranked, from the newest
  ``SEARCH_CANDIDATES`` matches, found through the GIN indexes;
- ``articles_in_order``: the rows for a page of keys.

List pages number their pages with ``lordspress.core.pagination.LookaheadPaginator``, which
counts no further than it shows.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.access import members_only_q
from articles.models import ArchiveMonth, Article, Category

# Search ranks the newest this many matches (see ``search``).
SEARCH_CANDIDATES = 1_000


def listing() -> QuerySet:
    """Every public list: live articles, newest first, with what a card needs."""
    return Article.objects.published().for_listing()


@dataclass(frozen=True)
class HomeBlocks:
    sections: list[tuple[Category, list[Article]]]
    special_reports: list[Article]
    notices: list[Article]


def _union_of_keys(querysets: list[QuerySet]) -> RawSQL:
    """One subquery: the keys each (ordered, sliced) query set selects, put end to end.

    Django will not join sliced query sets with ``union()`` on SQLite, and PostgreSQL would
    otherwise read them as one query; compiled one by one and wrapped, each keeps its own
    ``ORDER BY … LIMIT`` and so its own index scan.
    """
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        # SQL that Django compiled, its values kept apart as parameters: nothing is quoted here.
        sql, part_params = queryset.values("pk").query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{number}")  # noqa: S608
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611


def home_blocks(*, per_section: int, special_reports: int, notices: int) -> HomeBlocks:
    """The home page's blocks: the newest ``per_section`` articles of each section (sections in
    their order; one without articles is left out), and the newest special reports and
    notices. Two queries, whatever the size of the journal."""
    sections = list(Category.objects.all())
    published = Article.objects.published()
    newest = ("-publish_at", "-pk")
    lists = [published.filter(category=section).order_by(*newest) for section in sections]
    lists = [queryset[:per_section] for queryset in lists]
    lists.append(
        published.filter(kind=Article.Kind.SPECIAL_REPORT).order_by(*newest)[:special_reports]
    )
    lists.append(published.filter(kind=Article.Kind.NOTICE).order_by(*newest)[:notices])
    # Newest first: each list's own articles come before any other of its section or kind
    # that another list brought in, so the first few of each are the right ones.
    found = listing().filter(pk__in=_union_of_keys(lists)).order_by(*newest)
    by_section = defaultdict(list)
    reports, notice_list = [], []
    for article in found:
        if len(by_section[article.category_id]) < per_section:
            by_section[article.category_id].append(article)
        if article.kind == Article.Kind.SPECIAL_REPORT and len(reports) < special_reports:
            reports.append(article)
        if article.kind == Article.Kind.NOTICE and len(notice_list) < notices:
            notice_list.append(article)
    return HomeBlocks(
        sections=[(s, by_section[s.pk]) for s in sections if by_section[s.pk]],
        special_reports=reports,
        notices=notice_list,
    )


# --- the archive ------------------------------------------------------------------------


def archive_months(*, now: datetime | None = None) -> list[date]:
    """The months (first days, oldest first) with at least one live article, from
    ``ArchiveMonth``: a month is listed once the first article published in it is due."""
    return list(
        ArchiveMonth.objects.filter(first_publish_at__lte=now or timezone.now())
        .order_by("month")
        .values_list("month", flat=True)
    )


def archive_years(*, months: list[date]) -> list[date]:
    """The years (1 January, oldest first) of ``months`` (from ``archive_months``)."""
    return sorted({date(month.year, 1, 1) for month in months})


# --- search -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchKeys:
    keys: list[int]  # best first
    capped: bool  # more matched than were ranked (the oldest were left out)


def search(*, query: str, member: bool) -> SearchKeys:
    """The keys of the articles matching ``query``, best first, in one query.

    A reader who is not a member matches (and ranks) members-only articles on what they may
    read of them, the headline and standfirst (``members_only_q``; on PostgreSQL the stored,
    GIN-indexed ``public_search_vector``); a member, on the whole text
    (``ArticleQuerySet.search``). Only the newest ``SEARCH_CANDIDATES`` matches are ranked:
    ranking reads every match's vector, which for a word in most of 100,000 articles takes
    seconds, for a reader who reads the first page. So the matches are taken newest first,
    as an index gives them (the GIN index for a rare word, the date index for a common one),
    each ranked as it is taken, and put in order of rank (then date, then key) here;
    ``capped`` says more matched.
    """
    hidden = None if member else members_only_q()
    rows = list(
        Article.objects.published()
        .search(query, hidden=hidden)
        .order_by("-publish_at", "-pk")
        .values_list("pk", "publish_at", "rank")[: SEARCH_CANDIDATES + 1]
    )
    capped = len(rows) > SEARCH_CANDIDATES
    rows = rows[:SEARCH_CANDIDATES]  # the extra row was fetched only to know there are more
    rows.sort(key=lambda row: (row[2], row[1], row[0]), reverse=True)
    return SearchKeys(keys=[pk for pk, _, _ in rows], capped=capped)


def articles_in_order(*, keys: list[int]) -> list[Article]:
    """The live articles with these keys, as cards need them, in the order of ``keys``."""
    found = {article.pk: article for article in listing().filter(pk__in=keys)} if keys else {}
    return [found[key] for key in keys if key in found]
