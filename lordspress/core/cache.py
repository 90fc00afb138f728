"""HTTP caching for public pages: who may keep a page, and the version that says when a kept
page is out of date.

**Who may keep what.** Anonymous pages are the same for every reader and set no cookie. They
go out ``public, max-age=0, s-maxage=PUBLIC_CACHE_SECONDS``: a shared cache (a CDN, the nginx
in front, ``deploy/nginx.conf``) may serve them for that long, while a browser asks again
every time (and gets a 304 when nothing changed), so it never shows the teaser it kept once
its reader has signed in, nor the home page from before an editor published. The CDN's own
header (``CDN-Cache-Control``, RFC 9213) adds ``stale-while-revalidate``, which browsers
would otherwise also apply to the pages they keep. A request with a session gets
``private, no-cache``: what was rendered for a signed-in person is never offered to a shared
cache. The guard middleware is the safety net: a response that sets a cookie or varies on the
Cookie header was personal, and never leaves marked public.

**The public version.** One record, shared by every process (Redis, or a small file cache on
this host without it: ``settings.VERSION_CACHE_ALIAS``), names the current state of
everything a public page shows: a random token, the second it last changed, and the next
time a page changes by itself (a scheduled article falling due, an article passing into the
members' archive, the weather's "as of", midnight in London). Every write that changes a
public page calls ``site_content_changed`` (through ``transaction.on_commit``, from the
app's services: articles, corrections, sections, bylines, pages, sponsors, site settings,
the cookie policy and its settings, the weather); the first request after a due time makes a
new token itself. ETags, ``Last-Modified``, the page cache (``lordspress.core.page_cache``)
and the cached frame of every page (the chrome, the consent registry, the weather) are all
checked against it, so nothing is ever invalidated key by key and no process keeps showing
what another has changed.

**One round trip per request.** The frame of every page reads a handful of keys (the chrome,
the weather, the consent registry and Google tag). ``shared_get`` fetches all the registered
``frame_key``\\ s with one ``get_many`` the first time a request needs any of them, and keeps
what it read (and what it then loaded) for the rest of the request, so each is looked up and
loaded at most once per request.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# A shared cache may serve a kept page this much longer while the site is failing.
STALE_IF_ERROR_SECONDS = 24 * 3600


# --- Who is anonymous ---------------------------------------------------------------------


def has_session(request) -> bool:
    """Whether the request carries a session cookie (a signed-in reader or staff member).

    Read from the cookie, not ``request.user``: touching the session would make every
    anonymous page vary on Cookie, and the cookie is also what a CDN bypasses its cache on.
    """
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def personal_cookie_names() -> tuple[str, ...]:
    """Cookies that may make a page differ for its reader: the session, the signed-in flag
    (``lordspress.core.signed_in``) and Django's one-off messages. A request carrying any
    of them is never answered from a cache (here or in ``deploy/nginx.conf``)."""
    from django.contrib.messages.storage.cookie import CookieStorage

    return (settings.SESSION_COOKIE_NAME, settings.SIGNED_IN_COOKIE_NAME, CookieStorage.cookie_name)


def is_anonymous(request) -> bool:
    """Whether the request is one a cached public page may answer."""
    cookies = request.COOKIES
    return not any(name in cookies for name in personal_cookie_names())


# --- Headers ------------------------------------------------------------------------------


def mark_public(response) -> None:
    """Shared caches may keep it ``PUBLIC_CACHE_SECONDS``; browsers revalidate every time."""
    seconds = settings.PUBLIC_CACHE_SECONDS
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={seconds}, stale-if-error={STALE_IF_ERROR_SECONDS}"
    )
    # CDNs read their own header first (RFC 9213); browsers ignore it, so the "serve the kept
    # copy and ask behind it" window applies to the CDN only, never to a reader's browser.
    response["CDN-Cache-Control"] = (
        f"public, max-age={seconds}, stale-while-revalidate={seconds}, "
        f"stale-if-error={STALE_IF_ERROR_SECONDS}"
    )


def mark_private(response, *, store: bool = True) -> None:
    """For one reader only; ``store=False`` where the page is personal (``no-store``)."""
    del response["Cache-Control"]
    del response["CDN-Cache-Control"]
    patch_cache_control(
        response, private=True, no_cache=True, **({} if store else {"no_store": True})
    )


def public_cache(view):
    """Mark a view's GET responses as cacheable by shared caches, for anonymous readers only.

    A request with a session gets ``private``: what was rendered for a signed-in person is
    never offered to a shared cache, even where it reads like the anonymous page. A view that
    set its own ``Cache-Control`` keeps it.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in {"GET", "HEAD"} and not response.has_header("Cache-Control"):
            if has_session(request):
                mark_private(response)
            else:
                mark_public(response)
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

    Anonymous pages do not vary on Cookie (they could not then be shared), and a browser may
    keep them (it revalidates them before each use). ``Clear-Site-Data: "cache"`` on sign-in
    and sign-out empties that store too, so nothing kept for one state is shown in the other,
    not even by the back button (W3C Clear Site Data, §3.1 "cache"; Chrome, Firefox and
    Safari honour it on a secure origin, localhost included).
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
                mark_private(response)
        return response


# --- One read of the shared cache per request -------------------------------------------

_memo: ContextVar[dict | None] = ContextVar("lordspress_request_memo", default=None)
_frame_keys: list[str] = []
_VERSION_MEMO = "public-version"


@contextmanager
def request_scope() -> Iterator[dict]:
    """What one request read from the shared cache, and the values it loaded (opened by
    ``lordspress.core.page_cache.PageCacheMiddleware`` around every request)."""
    memo: dict = {}
    token = _memo.set(memo)
    try:
        yield memo
    finally:
        _memo.reset(token)


def frame_key(key: str) -> str:
    """Register a key (of the default cache) that every page reads: ``shared_get`` fetches
    all of them together, once per request. Only fixed keys (the key set must not grow)."""
    if key not in _frame_keys:
        _frame_keys.append(key)
    return key


def shared_get(key: str) -> Any:
    """``caches["default"].get(key)``, but within a request every registered frame key is
    fetched in the same ``get_many`` and each is read once. None when absent."""
    memo = _memo.get()
    if memo is None:
        return caches["default"].get(key)
    if key not in memo:
        wanted = [k for k in _frame_keys if k not in memo]
        if key not in wanted:
            wanted.append(key)
        if settings.VERSION_CACHE_ALIAS == "default" and _VERSION_MEMO not in memo:
            wanted.append(VERSION_KEY)  # with Redis the version comes in the same read
        found = caches["default"].get_many(wanted)
        for name in wanted:
            memo[name] = found.get(name)
    return memo[key]


def shared_set(key: str, value: Any, timeout: float | None) -> None:
    caches["default"].set(key, value, timeout)
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def shared_delete(key: str) -> None:
    caches["default"].delete(key)
    memo = _memo.get()
    if memo is not None:
        memo[key] = None


def per_request(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per request (every call outside a request)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    slot = f"computed:{name}"
    if slot not in memo:
        memo[slot] = compute()
    return memo[slot]


def versioned_get(key: str) -> Any:
    """A value stored by ``versioned_set``, or None when it was stored under an earlier
    public version (or never): everything a page shows is reloaded after any change."""
    entry = shared_get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == public_version().token:
        return entry[1]
    return None


def versioned_set(key: str, value: Any, timeout: float | None) -> None:
    shared_set(key, (public_version().token, value), timeout)


# --- The public version -----------------------------------------------------------------

VERSION_KEY = "public:version:v1"
_BUMP_LOCK_SECONDS = 30

# Callables ``(now) -> datetime | None``: the next time something an app shows on public
# pages changes without anyone saving anything (registered with ``public_change_due``).
_due_sources: list[Callable[[datetime], datetime | None]] = []


@dataclass(frozen=True)
class PublicVersion:
    token: str
    changed_at: int  # Unix second of the last change, strictly increasing
    due_at: float | None  # Unix time when public pages next change by themselves
    read_at: float  # when this request read it


def public_change_due(source: Callable[[datetime], datetime | None]):
    """Register a source of the next due time (used as a decorator by apps, in ready())."""
    if source not in _due_sources:
        _due_sources.append(source)
    return source


def next_london_midnight(now: datetime) -> datetime:
    """Every page prints the London date (and sponsors come and go by date)."""
    local = timezone.localtime(now)
    tomorrow = local.date() + timedelta(days=1)
    return timezone.make_aware(datetime(tomorrow.year, tomorrow.month, tomorrow.day))


def _next_due(now: datetime) -> float:
    candidates = [next_london_midnight(now)]
    for source in _due_sources:
        due = source(now)
        if due is not None and due > now:
            candidates.append(due)
    return min(candidates).timestamp()


def _version_cache():
    return caches[settings.VERSION_CACHE_ALIAS]


def site_content_changed() -> PublicVersion:
    """Call after every write that changes what a public page shows (from services, through
    ``transaction.on_commit`` so no reader sees the new version before the new rows): every
    kept page, ETag and cached frame is out of date from now on."""
    now = time.time()
    store = _version_cache()
    previous = store.get(VERSION_KEY)
    changed_at = int(now)
    if isinstance(previous, tuple) and len(previous) == 3:
        changed_at = max(changed_at, int(previous[1]) + 1)
    record = (secrets.token_hex(8), changed_at, _next_due(datetime.fromtimestamp(now, tz=UTC)))
    store.set(VERSION_KEY, record, timeout=None)
    version = PublicVersion(*record, read_at=now)
    memo = _memo.get()
    if memo is not None:
        memo[_VERSION_MEMO] = version
        for slot in [slot for slot in memo if slot.startswith("computed:")]:
            del memo[slot]  # worked out from what has just changed
    return version


def site_chrome_invalidate() -> None:
    """Call after saving settings, sections, pages, follow links or sponsors (the frame of
    every page): the same as ``site_content_changed``."""
    site_content_changed()


def public_version(*, make: bool = True) -> PublicVersion | None:
    """The current version (read once per request), made anew when a due time has passed.

    With ``make=False``, None rather than a first version when there is none yet (a cold
    cache): the page cache then lets the request through untouched."""
    memo = _memo.get()
    if memo is not None and _VERSION_MEMO in memo:
        return memo[_VERSION_MEMO]
    now = time.time()
    store = _version_cache()
    if memo is not None and VERSION_KEY in memo:
        record = memo[VERSION_KEY]  # read with the frame (shared_get)
    else:
        record = store.get(VERSION_KEY)
    if not (isinstance(record, tuple) and len(record) == 3):
        if not make:
            return None
        version = site_content_changed()  # a cold cache: a version of our own
    elif (
        record[2] is not None
        and now >= record[2]
        and store.add(f"{VERSION_KEY}:bumping:{record[0]}", True, timeout=_BUMP_LOCK_SECONDS)
    ):
        version = site_content_changed()
    else:
        # A due time another request is already acting on keeps its token a moment longer.
        version = PublicVersion(*record, read_at=now)
    if memo is not None:
        memo[_VERSION_MEMO] = version
    return version


# --- The build ----------------------------------------------------------------------------
# A deploy changes pages without any write: the ETags, the validity of kept pages and
# Last-Modified carry a fingerprint of the code, templates and static files this process
# serves (their names, sizes and times), so a browser never revalidates an old page into a
# new deploy.

_BUILD_SUFFIXES = (".py", ".html", ".txt", ".xml", ".js", ".css", ".json")
_BUILD_SKIP = {".venv", "var", "node_modules", ".git", "tests", "__pycache__", "bench", "docs"}
_build: tuple[float, int, str] | None = None  # (computed at, newest mtime, digest)


@dataclass(frozen=True)
class Build:
    changed_at: int
    digest: str


def _scan_build() -> tuple[int, str]:
    digest = hashlib.sha256()
    newest = 0
    roots = [Path(settings.BASE_DIR)]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for root in roots:
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if d not in _BUILD_SKIP)
            for name in sorted(files):
                if not name.endswith(_BUILD_SUFFIXES):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                newest = max(newest, int(stat.st_mtime))
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    try:
        digest.update(manifest.read_bytes())
        newest = max(newest, int(manifest.stat().st_mtime))
    except OSError:
        pass
    return newest, digest.hexdigest()[:16]


def current_build() -> Build:
    """This process's build; recomputed every second with DEBUG (templates edited in place)."""
    global _build
    now = time.monotonic()
    if _build is None or (settings.DEBUG and now - _build[0] > 1):
        newest, digest = _scan_build()
        _build = (now, newest, digest)
    return Build(changed_at=_build[1], digest=_build[2])
