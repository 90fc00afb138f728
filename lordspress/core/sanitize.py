"""Server-side sanitising of rich text, and the one rule for every address a reader's browser
will follow or fetch.

Whatever CKEditor (or a hand-crafted POST) submits, only this allow-list reaches the database
and so a reader: article-shaped HTML, links with http, https and mailto only, and images only
from our own media storage (a third-party image would leak readers' addresses to its host).

Addresses are judged as a browser reads them, never as text: the WHATWG URL Standard
(https://url.spec.whatwg.org/) strips leading and trailing control characters and spaces,
removes tabs and newlines anywhere, reads ``\\`` as ``/`` in http(s) addresses, lower-cases
the scheme, resolves ``.``, ``..``, ``%2e`` and ``%2e%2e`` path segments and resolves a
relative address against the page. We parse with Ada (``ada_url``), the WHATWG parser Node.js
uses, and then store the address in the form we judged (path-absolute on our own site,
absolute elsewhere), so the browser cannot read anything else into it later.
"""

import re
from html import unescape

import ada_url
import nh3
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from lordspress.core.links import absolute_url
from lordspress.core.numbers import is_ascii_number

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
# Attributes whose value is a whole number; the browser reads only ASCII digits there
# (HTML Standard 2.3.4.1), so only ASCII digits are kept (lordspress.core.numbers).
NUMBER_ATTRIBUTES = frozenset({"width", "height", "colspan", "rowspan", "start"})
LINK_SCHEMES = {"http", "https", "mailto"}
WEB_SCHEMES = {"http", "https"}

# Attributes whose value a browser reads as an address: the HTML Standard's attribute index
# (https://html.spec.whatwg.org/multipage/indices.html#attributes-3, values "valid URL ...")
# plus obsolete ones browsers still honour (background, longdesc, lowsrc, dynsrc, ...).
URL_ATTRIBUTE_NAMES = frozenset({
    "action", "archive", "background", "cite", "classid", "codebase", "data", "dynsrc",
    "formaction", "href", "icon", "imagesrcset", "itemid", "itemtype", "longdesc", "lowsrc",
    "manifest", "ping", "poster", "profile", "src", "srcset", "usemap", "xlink:href",
})  # fmt: skip
# Addresses the browser fetches by itself while showing the page: only our own media files.
# Every other allowed URL attribute is one the reader follows (a link or a quotation source).
FETCHED_BY_THE_PAGE = {("img", "src")}

for _tag, _attributes in ALLOWED_ATTRIBUTES.items():
    for _attribute in _attributes & URL_ATTRIBUTE_NAMES:
        if _attribute in {"srcset", "imagesrcset", "ping", "archive"}:  # lists of addresses
            raise ImproperlyConfigured(f"{_tag}[{_attribute}] holds several addresses; no rule")
        if _tag == "*":
            raise ImproperlyConfigured(f"{_attribute} must be allowed per element, not on '*'")

_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # URL Standard, "scheme start state"
# Characters a media path needs (our upload names are random hex); no %-escapes, which some
# front servers (nginx) decode before resolving "..", and no ";" path parameters.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]*")


def browser_url(value: str, *, base: str | None = None) -> ada_url.URL | None:
    """``value`` (an attribute value, entities already decoded) resolved as a browser would
    (WHATWG URL parser) against ``base`` (default: the site's home page, SITE_URL + "/").

    Returns None when a browser could not parse it either (such an address goes nowhere).
    """
    try:
        return ada_url.URL(value, base=base or absolute_url("/"))
    except ValueError:
        return None


def _same_origin(url: ada_url.URL, origin_of: str) -> bool:
    reference = browser_url(origin_of)
    return reference is not None and url.origin == reference.origin and url.origin != "null"


def _stored_form(url: ada_url.URL) -> str:
    """Path-absolute on our own site (it then survives a change of host or port and means
    the same on every page), the full normalised address anywhere else."""
    if _same_origin(url, settings.SITE_URL):
        # A path that starts with "//" would be read back as a host; "/." keeps it a path,
        # as the URL Standard's own serialiser does (4.5, URL serializing).
        prefix = "/." if url.pathname.startswith("//") else ""
        return prefix + url.pathname + url.search + url.hash
    return url.href


def _has_credentials(url: ada_url.URL) -> bool:
    # "There is no way to express a username or password of a URL record within a valid URL
    # string" (URL Standard, 4.1); https://site@evil.example/ is a phishing device.
    return bool(url.username or url.password)


def link_url(value: str | None, *, schemes=frozenset(LINK_SCHEMES)) -> str | None:
    """The address a reader may follow (``<a href>``, ``cite``, sponsor and social links), in
    its stored form, or None when it must go.

    Kept: http(s) anywhere (without user name or password) and, by default, mailto; a
    fragment alone (``#note``, a footnote on the same page) stays a fragment. An address
    written without a scheme must stay on our site: ``//host``, ``/\\host``, ``\\\\host`` or
    ``/<tab>/host`` is an off-site link in disguise and goes.
    """
    if value is None:
        return None
    text = _TAB_OR_NEWLINE.sub("", value.strip(_C0_AND_SPACE))
    if not text:
        return None
    url = browser_url(text)
    if url is None or url.protocol[:-1] not in schemes or _has_credentials(url):
        return None
    if text.startswith("#"):
        return "#" + url.href.partition("#")[2]
    if not _SCHEME.match(text) and not _same_origin(url, settings.SITE_URL):
        return None
    return _stored_form(url)


def media_url(value: str | None) -> str | None:
    """The address of an image the page fetches by itself (``<img src>``), in its stored form,
    or None unless, once resolved as a browser would, it is a plain file path under MEDIA_URL
    on the media host (our own site unless MEDIA_URL names a CDN)."""
    if value is None:
        return None
    url = browser_url(value)
    media = browser_url(settings.MEDIA_URL)
    if url is None or media is None or url.protocol[:-1] not in WEB_SCHEMES:
        return None
    if (
        url.origin != media.origin
        or _has_credentials(url)
        or not url.pathname.startswith(media.pathname)
        or not _PLAIN_PATH.fullmatch(url.pathname)
        or url.search
        or url.hash
    ):
        return None
    return _stored_form(url)


def validate_web_address(value: str) -> None:
    """Model validator for addresses staff type into a field (sponsor, social and privacy
    policy links): an absolute http(s) address, read as a browser reads it, without a user
    name or password, and without ``\\`` (a browser reads it as "/", Python's parsers and
    Django's URLValidator do not, so the two would disagree about the host).

    Raises ``ValidationError`` with a message an editor can act on (its own code, so a
    ModelForm does not swap it for the form field's generic "Enter a valid URL.").
    """
    if "\\" in value:
        raise ValidationError("Use “/” rather than “\\” in a web address.", code="backslash")
    try:
        url = ada_url.URL(value.strip())  # no base: a relative address is refused
    except ValueError:
        raise ValidationError(
            "Enter a full web address, starting with https://.", code="not_absolute"
        ) from None
    if url.protocol[:-1] not in WEB_SCHEMES:
        raise ValidationError("Only http and https addresses can be linked here.", code="scheme")
    if _has_credentials(url):
        raise ValidationError(
            "Remove the user name or password from the address.", code="credentials"
        )


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTE_NAMES:
        return media_url(value) if (tag, attribute) in FETCHED_BY_THE_PAGE else link_url(value)
    if attribute in NUMBER_ATTRIBUTES:
        return value if is_ascii_number(value, max_digits=5) else None
    return value


def _cleaner(attribute_filter) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"figure": {"image"}},
        # nh3's own scheme check stays as a second wall; the rule above decides.
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=attribute_filter,
    )


_CLEANER = _cleaner(_attribute_filter)


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to the article allow-list, every address in its stored form."""
    if not html:
        return ""
    return _CLEANER.clean(html).strip()


def absolute_html(html: str, *, page_url: str) -> str:
    """Sanitised ``html`` with every address made absolute, for HTML read away from the site
    (an email): there is no page to resolve "/media/…" or "#note" against, so each address
    is resolved, as the browser would on ``page_url`` (the absolute address the text comes
    from), and written out in full. Anything else passes through the same allow-list."""

    def resolve(tag: str, attribute: str, value: str) -> str | None:
        kept = _attribute_filter(tag, attribute, value)
        if kept is None or attribute not in URL_ATTRIBUTE_NAMES:
            return kept
        url = browser_url(kept, base=page_url)
        return url.href if url is not None else None

    return _cleaner(resolve).clean(html or "").strip()


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML, for search fallbacks and descriptions."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html or ""))).strip()
