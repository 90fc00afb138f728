"""What an article tells machines: JSON-LD, share links and absolute addresses.

Only public facts go in: the byline (never a staff member's name), dates, the section.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

from articles.models import Article
from lordspress.core.links import absolute_url


def article_json_ld(article: Article, *, members_only: bool = False) -> dict:
    """schema.org NewsArticle, as Google documents it for news."""
    url = absolute_url(article.get_absolute_url())
    published = article.publish_at or timezone.now()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.description,
        "datePublished": published.isoformat(),
        "dateModified": (article.updated_at or published).isoformat(),
        "articleSection": article.category.name,
        "inLanguage": "en-GB",
        "author": [
            {
                "@type": article.author.schema_type,
                "name": article.author.name,
                "url": absolute_url(article.author.get_absolute_url()),
            }
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute_url(static("img/lordspress-logo.png")),
            },
        },
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
        data["image"] = [absolute_url(article.image.url)]
    return data


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
