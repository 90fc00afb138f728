"""HTTP caching policy for public pages.

Anonymous pages are the same for every reader and set no cookie, so they are marked
``Cache-Control: public`` and a CDN or caching proxy may serve them. The guard middleware is
the safety net: a response that sets a cookie or varies on the Cookie header was personal,
and is never allowed to leave marked public. When a reader signs in or out, it tells the
browser to forget the pages it kept.
"""

import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


def has_session(request) -> bool:
    """Whether the request carries a session cookie (a signed-in reader or staff member).

    Read from the cookie, not ``request.user``: touching the session would make every
    anonymous page vary on Cookie, and the cookie is also what a CDN bypasses its cache on.
    """
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def public_cache(view):
    """Mark a view's GET responses as cacheable by shared caches, for anonymous readers only.

    A request with a session gets ``private``: what was rendered for a signed-in person is
    never offered to a shared cache, even where it reads like the anonymous page.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in {"GET", "HEAD"} and not response.has_header("Cache-Control"):
            if has_session(request):
                patch_cache_control(response, private=True, max_age=0)
            else:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapped


def session_changed(request, response) -> bool:
    """Whether this response gives the browser another session than it came with: a sign-in
    (Django's ``login()`` cycles the key), a sign-out (``logout()`` flushes it), a reader's
    first session (a sign-in link), or the session cookie deleted."""
    morsel = response.cookies.get(settings.SESSION_COOKIE_NAME)
    return morsel is not None and morsel.value != request.COOKIES.get(settings.SESSION_COOKIE_NAME)


class SharedCacheGuardMiddleware:
    """Outside the session middleware: demote "public" responses that turned out to be
    personal, and empty the browser's cache of this site when the reader's session changes.

    Anonymous pages may be kept by the browser for ``PUBLIC_CACHE_SECONDS``, and they do not
    vary on Cookie (they could not then be shared). Without ``Clear-Site-Data: "cache"`` a
    reader who signs in would be shown the teaser the browser kept from a minute before, and
    after signing out the pages kept for the member (W3C Clear Site Data, §3.1 "cache";
    Chrome, Firefox and Safari honour it on a secure origin, localhost included).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if session_changed(request, response):
            response["Clear-Site-Data"] = '"cache"'
        cache_control = response.get("Cache-Control", "")
        if "public" in cache_control:
            varies_on_cookie = "cookie" in response.get("Vary", "").lower()
            if response.cookies or varies_on_cookie:
                logger.warning(
                    "Response for %s was marked public but is personal; sent as private.",
                    request.path,
                )
                del response["Cache-Control"]
                patch_cache_control(response, private=True, no_cache=True)
        return response


# The site chrome's generation (``lordspress.chrome.selectors``). The counter lives here, in
# the core, because every app whose data the chrome shows (sections, pages, sponsors, site
# settings) must bump it, and none of them may import the chrome app, which imports them.
_CHROME_VERSION_KEY = "site-chrome:version"


def site_chrome_version() -> int:
    """The chrome's current generation, part of its cache key."""
    return cache.get_or_set(_CHROME_VERSION_KEY, 1, timeout=None)


def site_chrome_invalidate() -> None:
    """Call after saving settings, sections, pages, follow links or sponsors."""
    try:
        cache.incr(_CHROME_VERSION_KEY)
    except ValueError:
        cache.set(_CHROME_VERSION_KEY, 2, timeout=None)
