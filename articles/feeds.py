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

And each feed is valid by its own specification (tests/test_validators.py reads every one):

* Ids are stable: an item's RSS ``guid`` (``isPermaLink="false"``) and Atom ``id`` is a tag
  URI (RFC 4151) of the article's primary key, ``tag:www.lordspress.example,2025:article/42``,
  so it survives a new slug or publication date (the address changes; the article does not),
  and a feed's Atom ``id`` names its section the same way. Readers use it to tell items seen
  from new ones.
* Dates are ``lordspress.core.dates.for_machines`` times (UTC, whole seconds): Atom writes
  them as RFC 3339, RSS as RFC 822, as each requires; an empty feed's date has no fraction
  of a second either.
* Both carry ``rel="self"`` (RSS as ``atom:link``, as the RSS Advisory Board recommends).
"""

import html
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles.models import Article, Category
from lordspress.core.dates import for_machines
from lordspress.core.links import absolute_url
from lordspress.core.text import xml_text

FEED_SIZE = 30
# The date in the tag URIs of ids (RFC 4151 section 2.1: a day on which the site's owner held
# the domain name). Never change it: every reader would see every item again as new.
TAG_DATE = "2025"


def tag_uri(specific: str) -> str:
    """A stable id on the canonical host: ``tag:www.lordspress.example,2025:<specific>``."""
    return f"tag:{urlsplit(settings.SITE_URL).hostname},{TAG_DATE}:{specific}"


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

    def latest_post_date(self):
        """The newest item's date, or now for an empty feed, to the second in UTC."""
        return for_machines(super().latest_post_date())


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

    def feed_guid(self, obj=None):
        return tag_uri("feed" if obj is None else f"section/{obj.pk}")

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

    def item_guid(self, item):
        return tag_uri(f"article/{item.pk}")

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return for_machines(item.publish_at)

    def item_updateddate(self, item):
        return for_machines(item.modified_for_readers)

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
