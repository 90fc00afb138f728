"""The "chrome" around every page: settings, sections, pages, follow links and sponsors.

It changes rarely and every page needs it, so it is read once into the cache and kept until
the public version changes (``lordspress.core.cache``: every save of one of its parts calls
``site_chrome_invalidate`` through its service or admin, as those apps cannot import this
one), or the London date does (sponsors come and go by date). Within a request it is loaded
at most once, in the same cache read as the rest of the frame (``shared_get``).
"""

from dataclasses import dataclass

from django.utils import timezone

from lordspress.core.cache import frame_key, per_request, versioned_get, versioned_set

CHROME_TTL_SECONDS = 300
CHROME_KEY = frame_key("site-chrome:current:v2")


@dataclass(frozen=True)
class SiteChrome:
    settings: object
    categories: list
    footer_pages: list
    social_links: list
    sponsors: list


def _load() -> SiteChrome:
    from articles.models import Category
    from lordspress.pages.models import Page
    from lordspress.sitesettings.models import SiteSettings, SocialLink
    from lordspress.sponsors.models import Sponsor

    return SiteChrome(
        settings=SiteSettings.load(),
        categories=list(Category.objects.all()),
        footer_pages=list(Page.objects.filter(show_in_footer=True).only("title", "slug")),
        social_links=list(SocialLink.objects.all()),
        sponsors=list(Sponsor.objects.active()),
    )


def _current() -> SiteChrome:
    today = timezone.localdate().isoformat()
    kept = versioned_get(CHROME_KEY)
    if isinstance(kept, tuple) and kept[0] == today:
        return kept[1]
    chrome = _load()
    versioned_set(CHROME_KEY, (today, chrome), CHROME_TTL_SECONDS)
    return chrome


def site_chrome() -> SiteChrome:
    """The chrome, loaded (or read from the cache) once per request."""
    return per_request("site-chrome", _current)
