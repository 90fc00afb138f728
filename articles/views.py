"""Reader-facing pages: home, sections, articles, bylines, archives and search.

Every page starts from ``Article.objects.published()`` and never reads the session or the
user, so each is identical for all anonymous readers and may be cached publicly.
"""

import unicodedata
from collections import OrderedDict

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
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

from articles.access import article_reading, is_members_only, members_only_q
from articles.models import Article, ArticleRedirect, Category
from articles.structured_data import article_json_ld, share_links
from authors.models import Author
from lordspress.core.cache import mark_private, public_cache
from lordspress.core.pagination import AsciiPageNumberMixin

PAGE_SIZE = 12
SECTION_BLOCK_SIZE = 3
NOTICES_SHOWN = 5
MAX_QUERY_LENGTH = 200


class PublishedMixin(AsciiPageNumberMixin):
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()


@method_decorator(public_cache, name="dispatch")
class HomeView(PublishedMixin, ListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            published = Article.objects.published().for_listing()
            latest = list(context["object_list"])
            # The lead is the newest article marked as a lead among the latest, else the
            # newest: an old lead cannot linger at the top.
            context["lead"] = next((a for a in latest if a.is_lead), latest[0] if latest else None)
            context["sections"] = self._latest_per_section(published)
            context["special_reports"], context["notices"] = self._reports_and_notices(published)
        return context

    @staticmethod
    def _reports_and_notices(published):
        """The newest special reports and notices, in one query."""
        ranked = (
            published.filter(kind__in=[Article.Kind.SPECIAL_REPORT, Article.Kind.NOTICE])
            .annotate(
                kind_rank=Window(
                    RowNumber(), partition_by=F("kind"), order_by=F("publish_at").desc()
                )
            )
            .filter(kind_rank__lte=NOTICES_SHOWN)
        )
        newest_first = sorted(ranked, key=lambda a: a.publish_at, reverse=True)
        reports = [a for a in newest_first if a.kind == Article.Kind.SPECIAL_REPORT]
        notices = [a for a in newest_first if a.kind == Article.Kind.NOTICE]
        return reports[:SECTION_BLOCK_SIZE], notices

    @staticmethod
    def _latest_per_section(published):
        """The newest few articles of every section, in one query."""
        ranked = published.annotate(
            section_rank=Window(
                RowNumber(), partition_by=F("category_id"), order_by=F("publish_at").desc()
            )
        ).filter(section_rank__lte=SECTION_BLOCK_SIZE)
        sections: OrderedDict = OrderedDict()
        for article in sorted(ranked, key=lambda a: (a.category.order, a.category.name)):
            sections.setdefault(article.category, []).append(article)
        return list(sections.items())


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
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing()

    # Django asks the database once for the next and once for the previous period; one list
    # of the periods that have articles answers both.
    def _periods(self, kind: str) -> list:
        if not hasattr(self, "_period_lists"):
            self._period_lists = {}
        if kind not in self._period_lists:
            self._period_lists[kind] = list(self.get_queryset().dates(self.date_field, kind))
        return self._period_lists[kind]

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


@method_decorator(public_cache, name="dispatch")
class ArchiveYearView(ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    make_object_list = True


@method_decorator(public_cache, name="dispatch")
class ArchiveMonthView(ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"


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
    template_name = "articles/search.html"

    def get_queryset(self):
        self.query, self.shortened = clean_search_query(self.request.GET.get("q", ""))
        if not self.query:
            return Article.objects.none()
        return super().get_queryset().search(self.query, hidden=members_only_q())

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, shortened=self.shortened, **kwargs)
