from django.urls import path, register_converter

from articles import converters, feeds, sitemaps, views
from lordspress.core.cache import public_cache
from lordspress.core.middleware import allow_methods

register_converter(converters.FourDigitYear, "yyyy")
register_converter(converters.TwoDigitMonth, "mm")
register_converter(converters.TwoDigitDay, "dd")

app_name = "articles"


def feed(instance):
    """A syndication Feed is a callable, not a View: it would answer any method."""
    return allow_methods("GET")(public_cache(instance))


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "<yyyy:year>/<mm:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("archive/<yyyy:year>/", views.ArchiveYearView.as_view(), name="archive-year"),
    path("archive/<yyyy:year>/<mm:month>/", views.ArchiveMonthView.as_view(), name="archive-month"),
    path("search/", views.SearchView.as_view(), name="search"),
    # A byline's page: under /authors/, beside the list of bylines (``authors.urls``), but
    # here, with the articles it lists (authors never import articles).
    path("authors/<slug:slug>/", views.BylineView.as_view(), name="byline"),
    # A month of the archive in the sitemap (its index is /sitemap.xml, lordspress/urls.py).
    path(
        "sitemap-articles-<yyyy:year>-<mm:month>.xml",
        sitemaps.sitemap_month,
        name="sitemap-month",
    ),
    path("feed/", feed(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", feed(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("<slug:slug>/feed/", feed(feeds.SectionFeed()), name="section-feed"),
    path("<slug:slug>/feed/atom/", feed(feeds.SectionAtomFeed()), name="section-feed-atom"),
]
