"""RSS and Atom feeds, site-wide and per section. Items carry the standfirst, not the body.

Two rules hold for every feed:

* Every string a feed writes is XML 1.0 text: the generators drop the characters XML forbids
  (``lordspress.core.text.xml_text``), so a row stored before the fields normalised (or by raw
  SQL) cannot make Django's XML writer raise and the feed answer 500.
* Plain text is escaped where a reader takes HTML: the RSS ``<description>`` and the Atom
  ``<summary type="html">`` (RSS 2.0: "entity-encoded HTML is allowed"; RFC 4287 section
  3.1.1.2), and the RSS titles, which readers also render as HTML (Django's own default
  ``Feed.item_title`` escapes them for that reason, ticket #6533). Atom titles and subtitles
  are ``type="text"`` (RFC 4287 section 3.1.1.1), shown as written, so they stay unescaped.
  Only ``&``, ``<`` and ``>`` are escaped: this is element content, where quotes mean
  nothing, and readers that show an RSS title as text then show apostrophes as they are.
"""

import html

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles.models import Article, Category
from lordspress.core.links import absolute_url
from lordspress.core.text import xml_text

FEED_SIZE = 30


def _as_html(text: str) -> str:
    """Plain text as HTML element content (``&``, ``<`` and ``>`` escaped)."""
    return html.escape(text, quote=False)


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(part) for part in value)
    return value


class _XmlSafeFeedMixin:
    """A feed generator that drops XML-forbidden characters from everything it will write."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: _xml_safe(value) for key, value in self.items[-1].items()}


class SafeRssFeed(_XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0 whose text is always well-formed XML."""


class SafeAtomFeed(_XmlSafeFeedMixin, Atom1Feed):
    """Atom 1.0 whose text is always well-formed XML."""


class LatestArticlesFeed(Feed):
    feed_type = SafeRssFeed
    # Whether this format's titles are read as HTML (RSS) or as text (Atom).
    html_titles = True
    description = (
        "The latest from Lord’s Press, a London journal of record on European nobility, "
        "diplomacy, protocol and heraldry."
    )
    language = "en-gb"
    url_name = "articles:feed"

    def title(self, obj=None):
        title = settings.SITE_NAME if obj is None else f"{obj.name} — {settings.SITE_NAME}"
        return _as_html(title) if self.html_titles else title

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
        return _as_html(item.headline) if self.html_titles else item.headline

    def item_description(self, item):
        """The standfirst is plain text; both formats put the description in an HTML element."""
        return _as_html(item.standfirst)

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
    feed_type = SafeAtomFeed
    html_titles = False
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
