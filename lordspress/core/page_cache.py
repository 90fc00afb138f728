"""The page cache for anonymous readers, and conditional GET without rendering.

``PageCacheMiddleware`` sits just inside the outermost middleware, so a kept page is answered
before the session, CSRF, consent or any view is touched. For a GET or HEAD from an anonymous
reader (``lordspress.core.cache.is_anonymous``: no session, signed-in flag or messages
cookie) it reads, in one ``get_many`` of the page cache, what it knows of the address (its
key: scheme, host, path and query string):

* a *mark*, kept a day: this address was answered with a public 200 under the current public
  version and build. Only then is a validator the reader sends taken at its word: a matching
  ``If-None-Match`` (or, without one, an ``If-Modified-Since`` not older than the last change)
  gets a 304 at once, rendering nothing. The ETag (weak: the page prints the time of its
  rendering, which the page's script keeps current) is a hash of the version, the build and
  the key; ``Last-Modified`` is the second of the last change, sent once that second is past
  so that two changes within one second can never share it.
* the page itself, kept ``PAGE_CACHE_SECONDS`` (0 keeps none): answered as it was stored,
  with fresh validators.

Otherwise the view renders and, when the response is a public 200 that sets no cookie and
varies on nothing (``storable``), it gets its validators and is kept. Whatever changes a
public page changes the public version (``site_content_changed``), so kept pages and marks
are never invalidated one by one: an entry of an earlier version is simply not used.

The middleware also opens the request's scope for ``shared_get`` (one read of the shared
cache per request) for every request, cached or not.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from lordspress.core.cache import (
    Build,
    PublicVersion,
    current_build,
    is_anonymous,
    public_version,
    request_scope,
)

MARK_SECONDS = 24 * 3600
# Headers that are worked out again for every answer, never stored with a page.
_FRESH_HEADERS = {"etag", "last-modified", "date", "set-cookie", "content-length"}


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def page_key(request) -> str:
    """What changes a public page's HTML besides the version: scheme, host, path, query."""
    address = "\0".join(
        (
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
        )
    )
    return hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def etag_for(version: PublicVersion, build: Build, key: str) -> str:
    digest = hashlib.sha256(f"{version.token}:{build.digest}:{key}".encode()).hexdigest()
    return f'W/"{digest[:24]}"'


def last_modified_for(version: PublicVersion, build: Build) -> int | None:
    """The second of the last change (of content or build), once that second is over."""
    changed = max(version.changed_at, build.changed_at)
    return changed if int(version.read_at) > changed else None


def storable(request, response) -> bool:
    """A public 200 for an anonymous reader that sets no cookie and varies on nothing."""
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and "public" in cache_control
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not response.cookies
        and not response.has_header("Vary")
        and is_anonymous(request)
    )


def _validators(response, version: PublicVersion, build: Build, key: str) -> None:
    response["ETag"] = etag_for(version, build, key)
    last_modified = last_modified_for(version, build)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)


def _not_modified(request, version: PublicVersion, build: Build, key: str) -> bool:
    """RFC 9110 §13.1.2 and §13.1.3: If-None-Match (weak comparison) decides when sent."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        ours = etag_for(version, build, key).removeprefix("W/")
        return any(
            tag == "*" or tag.removeprefix("W/") == ours for tag in parse_etags(if_none_match)
        )
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    last_modified = last_modified_for(version, build)
    return since is not None and last_modified is not None and last_modified <= since


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            if request.META.get("REQUEST_METHOD") not in {"GET", "HEAD"} or not is_anonymous(
                request
            ):
                return self.get_response(request)
            try:
                key = page_key(request)
            except DisallowedHost:
                return self.get_response(request)  # Django answers it as usual
            return self._anonymous(request, key)

    def _anonymous(self, request, key: str):
        version = public_version(make=False)
        if version is None:
            # Nothing is known yet (a cold cache): no validator can be checked, and nothing
            # rendered now may be kept, since no version says what it shows.
            return self.get_response(request)
        build = current_build()
        stamp = (version.token, build.digest)
        mark_key, page_key_ = f"mark:{key}", f"page:{key}"
        store = page_cache()
        found = store.get_many([mark_key, page_key_])
        mark = found.get(mark_key)
        if isinstance(mark, tuple) and mark[0] == stamp:
            if _not_modified(request, version, build, key):
                return self._not_modified_response(mark[1], version, build, key)
            page = found.get(page_key_)
            if settings.PAGE_CACHE_SECONDS and isinstance(page, tuple) and page[0] == stamp:
                response = HttpResponse(page[2], status=page[1])
                for name, value in page[3]:
                    response[name] = value
                response["Content-Length"] = str(len(page[2]))
                _validators(response, version, build, key)
                return response
        response = self.get_response(request)
        if not storable(request, response):
            return response
        _validators(response, version, build, key)
        cache_headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() in {"cache-control", "cdn-cache-control"}
        ]
        store.set(mark_key, (stamp, cache_headers), MARK_SECONDS)
        if settings.PAGE_CACHE_SECONDS:
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _FRESH_HEADERS
            ]
            store.set(
                page_key_,
                (stamp, response.status_code, response.content, headers),
                settings.PAGE_CACHE_SECONDS,
            )
        if _not_modified(request, version, build, key):
            return self._not_modified_response(cache_headers, version, build, key)
        return response

    @staticmethod
    def _not_modified_response(cache_headers, version, build, key) -> HttpResponseNotModified:
        response = HttpResponseNotModified()
        for name, value in cache_headers:
            response[name] = value
        _validators(response, version, build, key)
        return response
