"""What the site tells machines: JSON-LD (schema.org, as Google documents it), share links.

Only public facts go in: the byline (never a staff member's name), dates, the section.
Dates are ``lordspress.core.dates.machine_date``'s, like every machine-readable date.

* Articles carry a ``NewsArticle`` (Google's Article documentation: headline, image,
  datePublished, dateModified, author with name and url, publisher with its logo; for
  members-only articles the paywall markup, ``isAccessibleForFree`` and a ``hasPart`` whose
  ``cssSelector`` names the members' part) and a ``BreadcrumbList`` (front page, section,
  article).
* Section fronts carry a ``BreadcrumbList`` (front page, section).
* The front page carries a ``WebSite`` with a ``SearchAction`` on the site's search.

Images: Google asks for several aspect ratios (16:9, 4:3, 1:1) *where they exist*. An article
stores one featured image (at most 1600 pixels wide, its own proportions) and a smaller card
of the same proportions; there are no cropped renditions, so the one image is given, as an
``ImageObject`` with its size. Cropping would be an editor's choice of what to keep, not a
machine's.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category
from lordspress.core.dates import machine_date
from lordspress.core.links import absolute_url

LOGO = "img/lordspress-logo.png"
HEADLINE_LENGTH = 110  # Google shows no more of a headline
SEARCH_TERM = "search_term_string"


@lru_cache(maxsize=1)
def _logo_size() -> tuple[int, int] | None:
    path = finders.find(LOGO)
    if not path:
        return None
    with Image.open(path) as logo:
        return logo.size


def _logo() -> dict:
    logo = {"@type": "ImageObject", "url": absolute_url(static(LOGO))}
    if size := _logo_size():
        logo["width"], logo["height"] = size
    return logo


def publisher() -> dict:
    """The journal as publisher: an ``Organization`` with its logo."""
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": _logo(),
    }


def article_json_ld(article: Article, *, members_only: bool = False) -> dict:
    """schema.org NewsArticle, as Google documents it for news."""
    url = absolute_url(article.get_absolute_url())
    published = article.publish_at or timezone.now()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:HEADLINE_LENGTH],
        "description": article.description,
        "datePublished": machine_date(published),
        "dateModified": machine_date(article.updated_at or published),
        "articleSection": article.category.name,
        "inLanguage": "en-GB",
        "author": [
            {
                "@type": article.author.schema_type,
                "name": article.author.name,
                "url": absolute_url(article.author.get_absolute_url()),
            }
        ],
        "publisher": publisher(),
        "isAccessibleForFree": not members_only,
    }
    if members_only:
        # Google's markup for subscription content: the body is the part for members.
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".article__body",
        }
    if article.image:
        image = {"@type": "ImageObject", "url": absolute_url(article.image.url)}
        if article.image_width and article.image_height:
            image["width"], image["height"] = article.image_width, article.image_height
        data["image"] = [image]
    return data


def _crumbs(*steps: tuple[str, str]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(steps, start=1)
        ],
    }


def article_breadcrumbs(article: Article) -> dict:
    """Front page › section › article."""
    return _crumbs(
        (settings.SITE_NAME, "/"),
        (article.category.name, article.category.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    )


def section_breadcrumbs(category: Category) -> dict:
    """Front page › section."""
    return _crumbs((settings.SITE_NAME, "/"), (category.name, category.get_absolute_url()))


def website_json_ld() -> dict:
    """The site, with its search as a ``SearchAction``, for the front page."""
    target = absolute_url(reverse("articles:search")) + "?q={" + SEARCH_TERM + "}"
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "inLanguage": "en-GB",
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": target},
            "query-input": f"required name={SEARCH_TERM}",
        },
    }


def share_links(article: Article) -> list[tuple[str, str]]:
    """Plain links to share an article: no third-party script, no tracking pixel."""
    url = absolute_url(article.get_absolute_url())
    title = article.headline
    return [
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ("Email", "mailto:?" + urlencode({"subject": title, "body": url}).replace("+", "%20")),
    ]
