"""Sitemaps with canonical addresses from SITE_URL, and a Google News sitemap."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from articles.models import Article, Category

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class CanonicalSitemap(Sitemap):
    """Addresses built from SITE_URL, whatever host the request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(CanonicalSitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "publish_at", "updated_at")

    def lastmod(self, item):
        return item.modified_for_readers


class SectionSitemap(CanonicalSitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()


class AuthorSitemap(CanonicalSitemap):
    def items(self):
        from authors.models import Author

        return Author.objects.filter(articles__in=Article.objects.published()).distinct()


class PageSitemap(CanonicalSitemap):
    def items(self):
        from lordspress.pages.models import Page

        return Page.objects.all()

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(CanonicalSitemap):
    """Articles of the last two days, with the <news:news> block Google News reads."""

    limit = NEWS_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
            .only("slug", "headline", "publish_at")[:NEWS_LIMIT]
        )


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "pages": PageSitemap,
}
