"""Server-side sanitising of rich text.

Whatever CKEditor (or a hand-crafted POST) submits, only this allow-list reaches the database
and so a reader: article-shaped HTML, links with http, https and mailto only, and images only
from our own media storage (a third-party image would leak readers' addresses to its host).
"""

import re
from html import unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "blockquote", "q", "cite", "ul", "ol", "li", "a", "hr", "abbr",
    "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed", "type"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "abbr": {"title"},
    "*": {"lang", "dir"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _is_own_media(url: str) -> bool:
    media_url = settings.MEDIA_URL
    if url.startswith(media_url) and not url.startswith("//"):
        return True
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    return (
        parts.scheme in {"http", "https"}
        and parts.netloc == site.netloc
        and parts.path.startswith(media_url)
    )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _is_own_media(value) else None
    if attribute in {"href", "cite"} and value.strip().startswith("//"):
        return None  # protocol-relative: an off-site link in disguise
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if value.isdigit() and len(value) <= 5 else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes={"figure": {"image"}},
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_attribute_filter,
)


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to the article allow-list."""
    if not html:
        return ""
    return _CLEANER.clean(html).strip()


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML, for search fallbacks and descriptions."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html or ""))).strip()
