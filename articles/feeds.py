"""RSS and Atom feeds, site-wide and per section. Items carry the standfirst, not the body."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles.models import Article, Category
from articles.structured_data import absolute_url

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    description = (
        "The latest from Lord’s Press, a London journal of record on European nobility, "
        "diplomacy, protocol and heraldry."
    )
    language = "en-gb"
    url_name = "articles:feed"

    def title(self, obj=None):
        return settings.SITE_NAME if obj is None else f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url() if obj else "/")

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, kwargs={"slug": obj.slug} if obj else None))

    def items(self, obj=None):
        articles = Article.objects.published().for_listing()
        if obj is not None:
            articles = articles.filter(category=obj)
        return articles[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified_for_readers

    def item_author_name(self, item):
        return item.author.name

    def item_author_link(self, item):
        return absolute_url(item.author.get_absolute_url())

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:feed-atom"

    def subtitle(self, obj=None):
        return self.description


class SectionFeed(LatestArticlesFeed):
    url_name = "articles:section-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)


class SectionAtomFeed(LatestArticlesAtomFeed):
    url_name = "articles:section-feed-atom"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)
