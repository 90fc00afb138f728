"""The "chrome" around every page: settings, sections, pages, follow links and sponsors.

It changes rarely and every page needs it, so it is read once into the cache and invalidated
when an editor saves any of its parts (their save services and admin call
``lordspress.core.cache.site_chrome_invalidate``, as they cannot import this app). The key
carries the London date because sponsors come and go by date.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from lordspress.core.cache import site_chrome_version

CHROME_TTL_SECONDS = 300


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


def site_chrome() -> SiteChrome:
    version = site_chrome_version()
    key = f"site-chrome:{version}:{timezone.localdate().isoformat()}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = _load()
        cache.set(key, chrome, CHROME_TTL_SECONDS)
    return chrome
