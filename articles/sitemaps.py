"""Sitemaps (sitemaps.org) with canonical addresses from SITE_URL, and a Google News sitemap.

``/sitemap.xml`` is a sitemap index (robots.txt names it): it lists one file for the front
page and the sections, one for the bylines, one for the static pages, and one per month of
the archive (``/sitemap-articles-2026-05.xml``), each with its ``lastmod``, the newest
``lastmod`` of its addresses. A month never holds more than ``URLS_PER_FILE`` addresses in one
file: a month with more goes on at ``?p=2`` and so on, each page listed in the index. So every
file keeps within the protocol's limits (50,000 addresses and 50 MB uncompressed; an entry
is well under 1 KB) however large the archive grows, a month's file changes only when an
article of that month does, and crawlers fetch only the files whose ``lastmod`` moved. The
index can list 50,000 files: over four thousand years of months.

Articles are read as rows (``values_list`` with ``iterator``), never as model objects, and
the index is one grouped query: at 100,000 articles neither loads the archive into memory.

An address's ``lastmod`` is the last time readers were told of a change
(``Article.modified_for_readers``: the marked update, else publication); a section's or a
byline's page changes when its newest article does; a static page has its own time. Dates are
``lordspress.core.dates.machine_date``'s.

``/sitemap-news.xml`` is Google News's: the articles of the last two days, at most 1,000,
newest first.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.xmlutils import SimplerXMLGenerator

from articles.models import (
    Article,
    Category,
    article_path,
    article_paths,
    modified_for_readers,
)
from authors.models import Author
from lordspress.core.cache import public_cache
from lordspress.core.dates import machine_date
from lordspress.core.links import absolute_url
from lordspress.core.middleware import allow_methods
from lordspress.core.pagination import ascii_page_number
from lordspress.pages.models import Page

# sitemaps.org: "no more than 50,000 URLs and must be no larger than 50MB (52,428,800 bytes)".
URLS_PER_FILE = 50_000
MAX_FILE_BYTES = 52_428_800
# Google News: "only include URLs for articles that were created in the last two days"; "up
# to 1,000 news:news tags".
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
CONTENT_TYPE = "application/xml; charset=utf-8"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Entry:
    """One address in a sitemap (or one sitemap in the index)."""

    location: str
    lastmod: datetime | None = None
    # Google News only.
    title: str = ""
    published: datetime | None = None


def _newest(values: Iterable[datetime | None]) -> datetime | None:
    return max((value for value in values if value is not None), default=None)


# --- the small files: fronts, bylines, static pages --------------------------------------------


def _newest_by(field: str) -> dict[int, datetime]:
    """The newest ``lastmod`` of the live articles of each section or byline, in one query."""
    rows = (
        Article.objects.published()
        .order_by()
        .values_list(field)
        .annotate(newest=Max(modified_for_readers()))
    )
    return dict(rows)


def front_entries() -> list[Entry]:
    """The front page, then each section front."""
    newest = _newest_by("category")
    entries = [Entry(absolute_url("/"), _newest(newest.values()))]
    for category in Category.objects.only("slug"):
        entries.append(Entry(absolute_url(category.get_absolute_url()), newest.get(category.pk)))
    return entries


def byline_entries() -> list[Entry]:
    """The page of every byline with a live article."""
    newest = _newest_by("author")
    return [
        Entry(absolute_url(author.get_absolute_url()), newest[author.pk])
        for author in Author.objects.filter(pk__in=newest).only("slug").order_by("slug")
    ]


def page_entries() -> list[Entry]:
    return [
        Entry(absolute_url(page.get_absolute_url()), page.updated_at)
        for page in Page.objects.only("slug", "updated_at").order_by("slug")
    ]


PARTS = {"sections": front_entries, "authors": byline_entries, "pages": page_entries}


# --- the archive, a file per month -------------------------------------------------------------


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first instant of the month in London, and of the next."""
    start = timezone.make_aware(datetime(year, month, 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    return start, timezone.make_aware(datetime(following.year, following.month, 1))


def _month_articles(year: int, month: int):
    start, end = _month_bounds(year, month)
    return (
        Article.objects.published()
        .filter(publish_at__gte=start, publish_at__lt=end)
        .order_by("publish_at", "pk")
    )


@dataclass(frozen=True)
class MonthFile:
    month: date
    page: int
    lastmod: datetime | None

    @property
    def location(self) -> str:
        path = reverse(
            "articles:sitemap-month",
            kwargs={"year": f"{self.month:%Y}", "month": f"{self.month:%m}"},
        )
        return absolute_url(path + (f"?p={self.page}" if self.page > 1 else ""))


def archive_files() -> list[MonthFile]:
    """Every file of the archive, oldest month first: one grouped query, and one more for
    each month that needs more than one file (its pages' own ``lastmod``)."""
    months = (
        Article.objects.published()
        .annotate(month=TruncMonth("publish_at"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"), newest=Max(modified_for_readers()))
        .order_by("month")
    )
    files = []
    for row in months:
        month = timezone.localtime(row["month"]).date() if row["month"] else None
        if month is None:
            continue
        if row["count"] <= URLS_PER_FILE:
            files.append(MonthFile(month, 1, row["newest"]))
            continue
        articles = _month_articles(month.year, month.month)
        for page in range(1, -(-row["count"] // URLS_PER_FILE) + 1):
            offset = (page - 1) * URLS_PER_FILE
            newest = articles[offset : offset + URLS_PER_FILE].aggregate(
                newest=Max(modified_for_readers())
            )["newest"]
            files.append(MonthFile(month, page, newest))
    return files


def month_entries(year: int, month: int, page: int | str) -> Iterator[Entry]:
    """The addresses of one file of a month's articles, read as rows. Raises ``Http404`` for
    a page the month does not have."""
    articles = _month_articles(year, month)
    paginator = Paginator(articles.values_list("pk"), URLS_PER_FILE, allow_empty_first_page=False)
    try:
        number = paginator.validate_number(page)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of this month's sitemap.") from None
    offset = (number - 1) * URLS_PER_FILE
    rows = articles.annotate(lastmod=modified_for_readers()).values_list(
        "slug", "publish_at", "lastmod"
    )[offset : offset + URLS_PER_FILE]
    path = article_paths()
    for slug, published, lastmod in rows.iterator(chunk_size=2000):
        yield Entry(absolute_url(path(slug=slug, publish_at=published)), lastmod)


def index_entries() -> list[Entry]:
    entries = []
    for name, part in PARTS.items():
        listed = part()
        if listed:  # a sitemap must hold at least one address
            entries.append(
                Entry(absolute_url(reverse(f"sitemap-{name}")), _newest(e.lastmod for e in listed))
            )
    entries += [Entry(file.location, file.lastmod) for file in archive_files()]
    return entries


def news_entries() -> list[Entry]:
    rows = (
        Article.objects.published()
        .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
        .order_by("-publish_at", "-pk")
        .annotate(lastmod=modified_for_readers())
        .values_list("slug", "headline", "publish_at", "lastmod")[:NEWS_LIMIT]
    )
    return [
        Entry(
            absolute_url(article_path(slug=slug, publish_at=published)),
            lastmod,
            title=headline,
            published=published,
        )
        for slug, headline, published, lastmod in rows
    ]


# --- the views ---------------------------------------------------------------------------------


def _answer(entries: Iterable[Entry], *, index: bool = False) -> HttpResponse:
    """A ``<urlset>`` (or ``<sitemapindex>``), written by Django's XML writer (the feeds'):
    at 50,000 entries a third of the time a template takes."""
    response = HttpResponse(content_type=CONTENT_TYPE)
    xml = SimplerXMLGenerator(response, "UTF-8")
    xml.startDocument()
    xml.startElement("sitemapindex" if index else "urlset", {"xmlns": SITEMAP_NS})
    child = "sitemap" if index else "url"
    for entry in entries:
        xml.startElement(child, {})
        xml.addQuickElement("loc", entry.location)
        if entry.lastmod:
            xml.addQuickElement("lastmod", machine_date(entry.lastmod))
        xml.endElement(child)
    xml.endElement("sitemapindex" if index else "urlset")
    xml.endDocument()
    return response


def _only_page_one(request) -> None:
    if request.GET.get("p", "1") != "1":
        raise Http404("This sitemap has one page.")


@allow_methods("GET")
@public_cache
@ascii_page_number("p")
def sitemap_index(request):
    _only_page_one(request)
    return _answer(index_entries(), index=True)


@allow_methods("GET")
@public_cache
@ascii_page_number("p")
def sitemap_part(request, part: str):
    _only_page_one(request)
    entries = PARTS[part]()
    if not entries:
        raise Http404("Nothing to list.")
    return _answer(entries)


@allow_methods("GET")
@public_cache
@ascii_page_number("p")
def sitemap_month(request, year: str, month: str):
    entries = month_entries(int(year), int(month), request.GET.get("p", "1"))
    return _answer(entries)


@allow_methods("GET")
@public_cache
@ascii_page_number("p")
def sitemap_news(request):
    _only_page_one(request)
    return render(
        request, "sitemaps/news.xml", {"entries": news_entries()}, content_type=CONTENT_TYPE
    )
