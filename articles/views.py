"""Reader-facing pages: home, sections, articles, bylines, archives and search.

Every page starts from ``Article.objects.published()`` (the reads that need care are in
``articles.selectors``) and reads the session or the user only when a session cookie came
with the request and the answer depends on it (a members-only article, a search), so each
page is identical for all anonymous readers and may be cached publicly; a member's full
article or search is sent ``private``.
"""

import unicodedata
from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import (
    ArchiveIndexView,
    DateDetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from articles import selectors
from articles.access import article_reading, is_member, is_members_only
from articles.models import Article, ArticleRedirect, Category
from articles.structured_data import article_json_ld, share_links
from authors.models import Author
from lordspress.core.cache import mark_private, public_cache
from lordspress.core.pagination import AsciiPageNumberMixin, LookaheadPaginator

PAGE_SIZE = 12
SECTION_BLOCK_SIZE = 3
NOTICES_SHOWN = 5
MAX_QUERY_LENGTH = 200


class PublishedMixin(AsciiPageNumberMixin):
    paginate_by = PAGE_SIZE
    paginator_class = LookaheadPaginator

    def get_queryset(self):
        return selectors.listing()


@method_decorator(public_cache, name="dispatch")
class HomeView(PublishedMixin, ListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            latest = list(context["object_list"])
            # The lead is the newest article marked as a lead among the latest, else the
            # newest: an old lead cannot linger at the top.
            context["lead"] = next((a for a in latest if a.is_lead), latest[0] if latest else None)
            blocks = selectors.home_blocks(
                per_section=SECTION_BLOCK_SIZE,
                special_reports=SECTION_BLOCK_SIZE,
                notices=NOTICES_SHOWN,
            )
            context["sections"] = blocks.sections
            context["special_reports"] = blocks.special_reports
            context["notices"] = blocks.notices
        return context


@method_decorator(public_cache, name="dispatch")
class CategoryView(PublishedMixin, ListView):
    """A section front, at ``/<slug>/`` (``section_view``, through ``lordspress.pages.slugs``)."""

    template_name = "articles/category.html"

    def get_queryset(self):
        self.category = self.kwargs.get("category") or get_object_or_404(
            Category, slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


def section_view(request, category: Category):
    """The section's answer at ``/<slug>/`` (its claim in the address space)."""
    return CategoryView.as_view()(request, slug=category.slug, category=category)


@method_decorator(public_cache, name="dispatch")
class BylineView(PublishedMixin, ListView):
    """A byline's page, at ``/authors/<slug>/``: its biography and its published articles.

    It lives here, with the articles it lists, so that bylines (``authors``) never need the
    articles app: articles point at bylines, not the other way round. The list of bylines,
    which shows no article, stays with ``authors``.
    """

    template_name = "articles/byline.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class DateRoutingMixin:
    date_field = "publish_at"
    year_format = "%Y"
    month_format = "%m"
    day_format = "%d"
    # published() already hides what is not due; the date views need not check again.
    allow_future = True


@method_decorator(public_cache, name="dispatch")
class ArticleDetailView(DateRoutingMixin, DateDetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("category", "author")

    def get(self, request, *args, **kwargs):
        """The article; else, at an address an article had (``ArticleRedirect``, kept by
        ``articles.services``), a 301 straight to where that article is now, if it is live.

        A live article at the address always wins over an old redirect (Wagtail's redirects
        also act only where nothing else answers).
        """
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                ArticleRedirect.objects.filter(old_path=request.path)
                .select_related("article")
                .first()
            )
            if moved is not None and moved.article.is_live:
                current = moved.article.get_absolute_url()
                if current != request.path:  # never a redirect to itself
                    return HttpResponsePermanentRedirect(current)
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_page_context(self.object, reader=self._reader()))
        return context

    def _reader(self):
        """The signed-in reader, looked up only when it matters. A free article, or a visitor
        without a session, never touches the session: that page is the same for everyone."""
        if not is_members_only(self.object):
            return None
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            return None
        return self.request.user

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["reading"].full and context["reading"].members_only:
            # A member's copy: never kept by a shared cache, nor by the browser for whoever
            # uses it next.
            mark_private(response, store=False)
        return response


def article_page_context(article: Article, *, reader) -> dict:
    """Everything the article template needs besides the article (shared with the preview)."""
    reading = article_reading(article, reader)
    return {
        "reading": reading,
        "canonical_path": article.get_absolute_url(),
        "corrections": list(article.corrections.all()),
        "related": list(
            Article.objects.published().for_listing().related_to(article)[: SECTION_BLOCK_SIZE + 1]
        ),
        "json_ld": article_json_ld(article, members_only=reading.members_only),
        "share_links": share_links(article),
    }


class ArchiveMixin(AsciiPageNumberMixin, DateRoutingMixin):
    """The archive's lists of months and years come from ``selectors.archive_months`` (one
    small query, whatever the size of the journal), never from grouping the articles; the
    same list answers Django's questions for the next and previous period and whether the
    period has articles at all."""

    paginate_by = PAGE_SIZE
    paginator_class = LookaheadPaginator

    def get_queryset(self):
        return selectors.listing()

    def _periods(self, kind: str) -> list[date]:
        if not hasattr(self, "_months"):
            self._months = selectors.archive_months()
        return self._months if kind == "month" else selectors.archive_years(months=self._months)

    def get_dated_queryset(self, **lookup):
        # Django would ask the database whether the period has articles; the month list
        # answers (``get_date_list``), so only the listing's own query remains.
        return self.get_queryset().filter(**lookup)

    def _months_within(self, since: date, until: date) -> list[date]:
        months = [month for month in self._periods("month") if since <= month < until]
        if not months:
            raise Http404("No articles were published then.")
        return months

    def get_next_year(self, date):
        return next((d for d in self._periods("year") if d.year > date.year), None)

    def get_previous_year(self, date):
        return next((d for d in reversed(self._periods("year")) if d.year < date.year), None)

    def get_next_month(self, date):
        key = (date.year, date.month)
        return next((d for d in self._periods("month") if (d.year, d.month) > key), None)

    def get_previous_month(self, date):
        key = (date.year, date.month)
        months = reversed(self._periods("month"))
        return next((d for d in months if (d.year, d.month) < key), None)


@method_decorator(public_cache, name="dispatch")
class ArchiveView(ArchiveMixin, ArchiveIndexView):
    """The list of months with articles, newest first."""

    template_name = "articles/archive_index.html"
    date_list_period = "month"
    paginate_by = None  # the page lists months, not articles

    def get_dated_items(self):
        months = self._months_within(date.min, date.max)
        return list(reversed(months)), Article.objects.none(), {}


@method_decorator(public_cache, name="dispatch")
class ArchiveYearView(ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    make_object_list = True

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        year = int(self.get_year())
        return self._months_within(date(year, 1, 1), date(year + 1, 1, 1))


@method_decorator(public_cache, name="dispatch")
class ArchiveMonthView(ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # Django lists the month's days, which no page shows; the month is enough to know
        # the page has articles.
        month = date(int(self.get_year()), int(self.get_month()), 1)
        return self._months_within(
            month, date(month.year + month.month // 12, month.month % 12 + 1, 1)
        )


def clean_search_query(raw: str) -> tuple[str, bool]:
    """Collapse whitespace, drop control characters and bound the length.

    Returns the query and whether it had to be shortened.
    """
    printable = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch in " \t")
    query = " ".join(printable.split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or query[:MAX_QUERY_LENGTH], True
    return query, False


@method_decorator(public_cache, name="dispatch")
class SearchView(PublishedMixin, ListView):
    """Search: the keys of the matches, ranked (``selectors.search``), paged, and the page's
    articles fetched by key. A member's search reaches members-only text, so it is theirs
    alone (``private``); everyone else gets the one anonymous page."""

    template_name = "articles/search.html"
    paginator_class = Paginator  # over a list of at most SEARCH_CANDIDATES keys

    def get_queryset(self):
        self.query, self.shortened = clean_search_query(self.request.GET.get("q", ""))
        self.member = self._member()
        if not self.query:
            self.capped = False
            return []
        found = selectors.search(query=self.query, member=self.member)
        self.capped = found.capped
        return found.keys

    def _member(self) -> bool:
        """Whether the reader is a member; a visitor without a session is not asked, so the
        anonymous page never touches the session."""
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            return False
        return is_member(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query, shortened=self.shortened, capped=self.capped, **kwargs
        )
        page = context["page_obj"]
        page.object_list = context["object_list"] = selectors.articles_in_order(
            keys=list(page.object_list)
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.member:
            # Ranked on members' text: for this reader only (lordspress.core.cache).
            mark_private(response, store=False)
        return response
