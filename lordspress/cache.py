"""HTTP caching policy for public pages.

Anonymous pages are the same for every reader and set no cookie, so they are marked
``Cache-Control: public`` and a CDN or caching proxy may serve them. The guard middleware is
the safety net: a response that sets a cookie or varies on the Cookie header was personal,
and is never allowed to leave marked public.
"""

import logging
from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


def public_cache(view):
    """Mark a view's successful GET responses as cacheable by shared caches."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in {"GET", "HEAD"} and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapped


class SharedCacheGuardMiddleware:
    """Outermost middleware: demote "public" responses that turned out to be personal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
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
