"""The "chrome" around every page: settings, sections, pages, follow links and sponsors.

It changes rarely and every page needs it, so it is read once into the cache and invalidated
when an editor saves any of its parts (the admin calls ``site_chrome_invalidate``). The key
carries the London date because sponsors come and go by date.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

CHROME_TTL_SECONDS = 300
_VERSION_KEY = "site-chrome:version"


@dataclass(frozen=True)
class SiteChrome:
    settings: object
    categories: list
    footer_pages: list
    social_links: list
    sponsors: list


def _load() -> SiteChrome:
    from articles.models import Category
    from lordspress.models import Page, SiteSettings, SocialLink, Sponsor

    return SiteChrome(
        settings=SiteSettings.load(),
        categories=list(Category.objects.all()),
        footer_pages=list(Page.objects.filter(show_in_footer=True).only("title", "slug")),
        social_links=list(SocialLink.objects.all()),
        sponsors=list(Sponsor.objects.active()),
    )


def site_chrome() -> SiteChrome:
    version = cache.get_or_set(_VERSION_KEY, 1, timeout=None)
    key = f"site-chrome:{version}:{timezone.localdate().isoformat()}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = _load()
        cache.set(key, chrome, CHROME_TTL_SECONDS)
    return chrome


def site_chrome_invalidate() -> None:
    """Call after saving settings, sections, pages, follow links or sponsors."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)
