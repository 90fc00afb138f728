from django.urls import path, register_converter

from articles import converters, feeds, views
from lordspress.cache import public_cache

register_converter(converters.FourDigitYear, "yyyy")
register_converter(converters.TwoDigit, "mm")
register_converter(converters.TwoDigit, "dd")

app_name = "articles"

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
    path("feed/", public_cache(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", public_cache(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("<slug:slug>/feed/", public_cache(feeds.SectionFeed()), name="section-feed"),
    path("<slug:slug>/feed/atom/", public_cache(feeds.SectionAtomFeed()), name="section-feed-atom"),
]
