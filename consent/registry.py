"""The published registry: what readers are shown and what the server enforces.

It is read from the latest ``PolicyVersion`` (one query, then cached), never from the working
copy in the admin, so the banner, the dialog, the cookie table, script gating and the
middleware always agree with what was published.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.core.validators import slug_re

from consent.cookie_names import framework_cookie_names, matches_every_name, name_matches
from consent.models import Category, Cookie, Party, PolicyVersion
from lordspress.core.cache import (
    frame_key,
    shared_delete,
    site_content_changed,
    versioned_get,
    versioned_set,
)
from lordspress.core.http import is_cookie_domain, is_cookie_name, is_cookie_path

logger = logging.getLogger(__name__)

# Kept until the public version changes (publishing a policy version changes it, for every
# process: lordspress.core.cache), and read in the same cache read as the rest of the frame.
CACHE_KEY = frame_key("consent:registry:current:v2")
# Short all the same: a consent made under a new version is not recognised by a process
# still holding the old one.
CACHE_SECONDS = 60

NECESSARY = Category.Key.NECESSARY.value
OPTIONAL_KEYS = tuple(key for key in Category.Key.values if key != NECESSARY)

# What has been logged about entries that cannot be written into a header, so that each is
# logged once per process rather than on every request.
_reported: set[tuple] = set()


def report_once(key: tuple, message: str, *args) -> None:
    """Log a warning the first time ``key`` is seen in this process."""
    if key not in _reported:
        if len(_reported) > 1000:
            _reported.clear()
        _reported.add(key)
        logger.warning(message, *args)


DEFAULT_BANNER_TEXT = (
    "We use the cookies this site needs in order to work. With your consent we would also "
    "gather anonymised statistics on which pages are read, to improve the journal. You can "
    "change your mind at any time through “Cookie settings” at the foot of every page."
)


@dataclass(frozen=True)
class CategoryInfo:
    key: str
    name: str
    description: str

    @property
    def is_necessary(self) -> bool:
        return self.key == NECESSARY


@dataclass(frozen=True)
class ServiceInfo:
    key: str
    name: str
    category: str
    provider: str
    party: str
    purpose: str
    privacy_url: str = ""
    script: str = ""


@dataclass(frozen=True)
class CookieInfo:
    name: str
    kind: str
    category: str
    provider: str
    party: str
    purpose: str
    duration: str
    service: str = ""
    justification: str = ""
    domain: str = ""
    path: str = "/"

    @property
    def is_pattern(self) -> bool:
        return "*" in self.name

    @property
    def is_first_party(self) -> bool:
        return self.party == Party.FIRST

    def matches(self, name: str) -> bool:
        return name_matches(self.name, name)

    # A published version is never changed, and rows stored before their fields were
    # validated (or written around the admin) may hold anything. What reaches a Set-Cookie
    # header or the page's script is therefore checked again here, where it is used.

    @property
    def writable_domain(self) -> str:
        """The declared domain if a ``Set-Cookie`` may carry it, else "" (the host's own
        variants are still deleted). An unusable one is logged once."""
        if not self.domain or is_cookie_domain(self.domain):
            return self.domain
        report_once(
            ("domain", self.name, self.domain),
            "Cookie registry entry %r has a domain that cannot be written into a Set-Cookie "
            "header (%r); it is deleted on this site's own host names only. Correct it in "
            "the admin and publish a new policy version.",
            self.name,
            self.domain,
        )
        return ""

    @property
    def writable_path(self) -> str:
        """The declared path if a ``Set-Cookie`` may carry it, else "/" (logged once)."""
        path = self.path or "/"
        if is_cookie_path(path):
            return path
        report_once(
            ("path", self.name, self.path),
            "Cookie registry entry %r has a path that cannot be written into a Set-Cookie "
            "header (%r); it is deleted at / only. Correct it in the admin and publish a new "
            "policy version.",
            self.name,
            self.path,
        )
        return "/"

    @property
    def writable_name(self) -> bool:
        """May the server name this exact entry in a ``Set-Cookie``? (logged once if not)"""
        if self.is_pattern or is_cookie_name(self.name):
            return True
        report_once(
            ("name", self.name),
            "Cookie registry entry %r is not a name a server may send; the server cannot "
            "delete it (the page's script still does). Correct it in the admin and publish a "
            "new policy version.",
            self.name,
        )
        return False

    @property
    def kind_label(self) -> str:
        return Cookie.Kind(self.kind).label if self.kind in Cookie.Kind.values else self.kind

    @property
    def party_label(self) -> str:
        return Party(self.party).label if self.party in Party.values else self.party


@dataclass(frozen=True)
class CategoryGroup:
    """A category with its services and entries, for templates."""

    category: CategoryInfo
    services: tuple[ServiceInfo, ...]
    cookies: tuple[CookieInfo, ...]


@dataclass(frozen=True)
class PublishedRegistry:
    version: int
    published_at: datetime | None
    banner_text: str
    categories: tuple[CategoryInfo, ...]
    services: tuple[ServiceInfo, ...]
    cookies: tuple[CookieInfo, ...]

    @classmethod
    def from_snapshot(
        cls, *, version: int, published_at, banner_text: str, snapshot: dict
    ) -> PublishedRegistry:
        # Only the four fixed purposes: their keys go into the consent cookie and the page.
        categories = tuple(
            CategoryInfo(**c)
            for c in snapshot.get("categories", [])
            if c.get("key") in Category.Key.values
        )
        known = {c.key for c in categories}
        # The four purposes always exist, even in a registry published without one of them.
        missing = [k for k in Category.Key.values if k not in known]
        categories += tuple(
            CategoryInfo(key=k, name=Category.Key(k).label, description="") for k in missing
        )
        return cls(
            version=version,
            published_at=published_at,
            banner_text=banner_text,
            categories=categories,
            services=tuple(ServiceInfo(**s) for s in snapshot.get("services", [])),
            cookies=tuple(CookieInfo(**c) for c in snapshot.get("cookies", [])),
        )

    @classmethod
    def from_version(cls, version: PolicyVersion) -> PublishedRegistry:
        return cls.from_snapshot(
            version=version.number,
            published_at=version.published_at,
            banner_text=version.banner_text,
            snapshot=version.registry,
        )

    @classmethod
    def empty(cls) -> PublishedRegistry:
        """Before any version is published: nothing optional, the default wording."""
        return cls.from_snapshot(
            version=0, published_at=None, banner_text=DEFAULT_BANNER_TEXT, snapshot={}
        )

    # --- lookups ----------------------------------------------------------------------------

    def category(self, key: str) -> CategoryInfo | None:
        return next((c for c in self.categories if c.key == key), None)

    def service(self, key: str) -> ServiceInfo | None:
        return next((s for s in self.services if s.key == key), None)

    @cached_property
    def groups(self) -> tuple[CategoryGroup, ...]:
        """Every category that has something in it (strictly necessary always), in order."""
        groups = []
        for category in self.categories:
            services = tuple(s for s in self._keyed_services if s.category == category.key)
            cookies = tuple(c for c in self.cookies if c.category == category.key)
            if category.is_necessary or services or cookies:
                groups.append(CategoryGroup(category, services, cookies))
        return tuple(groups)

    @cached_property
    def offered_categories(self) -> tuple[str, ...]:
        """Optional categories a reader can actually allow: those with entries."""
        return tuple(g.category.key for g in self.groups if not g.category.is_necessary)

    @cached_property
    def _keyed_services(self) -> tuple[ServiceInfo, ...]:
        """Services whose key may be written into the consent cookie and the page's
        attributes. One whose key is not a slug (a row written around the admin's
        validation) is left out of the choices: never offered, so it stays refused, which is
        the safe side. Logged once."""
        usable = []
        for service in self.services:
            if slug_re.fullmatch(service.key or ""):
                usable.append(service)
            else:
                report_once(
                    ("service", service.key),
                    "Service %r in the published cookie registry has a key that cannot be "
                    "written into the consent cookie; readers cannot allow it. Correct it in "
                    "the admin and publish a new policy version.",
                    service.key,
                )
        return tuple(usable)

    @cached_property
    def offered_services(self) -> tuple[str, ...]:
        return tuple(s.key for s in self._keyed_services if s.category in self.offered_categories)

    def services_in(self, category: str) -> tuple[str, ...]:
        return tuple(s.key for s in self._keyed_services if s.category == category)

    def entry_for_cookie(self, name: str) -> CookieInfo | None:
        """The declared cookie this name is; exact names win over patterns."""
        cookies = [c for c in self.cookies if c.kind == Cookie.Kind.COOKIE]
        exact = next((c for c in cookies if not c.is_pattern and c.name == name), None)
        return exact or next((c for c in cookies if c.is_pattern and c.matches(name)), None)

    @cached_property
    def table_rows(self) -> tuple[dict, ...]:
        """The cookie table: every entry with its category's and service's names."""
        names = {c.key: c.name for c in self.categories}
        order = {c.key: i for i, c in enumerate(self.categories)}
        services = {s.key: s for s in self.services}
        return tuple(
            {
                "entry": c,
                "category": names.get(c.category, c.category),
                "service": services.get(c.service),
            }
            for c in sorted(self.cookies, key=lambda c: order.get(c.category, 99))
        )

    @cached_property
    def first_party_optional(self) -> tuple[CookieInfo, ...]:
        """Entries the site itself can delete when they are refused."""
        return tuple(c for c in self.cookies if c.category != NECESSARY and c.is_first_party)

    @cached_property
    def _necessary_cookie_names(self) -> tuple[str, ...]:
        return tuple(
            c.name
            for c in self.cookies
            if c.category == NECESSARY
            and c.kind == Cookie.Kind.COOKIE
            and not matches_every_name(c.name)
        )

    @property
    def kept_cookie_names(self) -> tuple[str, ...]:
        """Names and patterns of the cookies never expired on consent grounds, whatever an
        optional entry's pattern matches: the framework's own (``consent.cookie_names``,
        read from settings on every call, so never stale in a cached registry) and every
        cookie this version declares strictly necessary. A pattern of stars alone is left
        out (it would keep every cookie, so a refusal would delete nothing); publishing
        refuses it anyway. The page's script gets this list too."""
        framework = sorted(framework_cookie_names())
        return tuple(dict.fromkeys([*framework, *self._necessary_cookie_names]))

    def may_expire(self, name: str) -> bool:
        """May a cookie of this name ever be expired on consent grounds? The one rule for
        every path that expires cookies for a refusal or withdrawal (the middleware, and
        consent.js through ``client_config()["keep"]``): never a framework cookie, never one
        declared strictly necessary, whatever an optional entry's pattern matches."""
        return not any(name_matches(kept, name) for kept in self.kept_cookie_names)

    def client_config(self) -> dict:
        """What the browser needs to show, gate and clean up (identical for every reader)."""
        return {
            "cookie": settings.CONSENT_COOKIE_NAME,
            "version": self.version,
            "lifetimeDays": lifetime_days(),
            "categories": {key: list(self.services_in(key)) for key in self.offered_categories},
            "services": {s.key: s.category for s in self._keyed_services},
            "clear": [
                {
                    "name": c.name,
                    "kind": c.kind,
                    "category": c.category,
                    "service": c.service,
                    "path": c.writable_path,
                    "domain": c.writable_domain,
                }
                for c in self.first_party_optional
            ],
            # Cookie names and patterns the script must never delete (``may_expire``).
            "keep": list(self.kept_cookie_names),
        }


def lifetime_days() -> int:
    return round(settings.CONSENT_LIFETIME_MONTHS * 30.4375)


# Built registries, per process, by version, digest and date. The shared cache holds only plain
# data, so a deploy that changes these classes never meets an old pickled object.
_built: dict[str, PublishedRegistry] = {}


def _from_cached(data: dict) -> PublishedRegistry:
    key = f"{data['version']}:{data['digest']}:{data['published_at']}"
    registry = _built.get(key)
    if registry is None:
        registry = PublishedRegistry.from_snapshot(
            version=data["version"],
            published_at=data["published_at"],
            banner_text=data["banner_text"],
            snapshot=data["registry"],
        )
        if len(_built) > 8:
            _built.clear()
        _built[key] = registry
    return registry


def current_registry() -> PublishedRegistry:
    data = versioned_get(CACHE_KEY)
    if data is None:
        latest = PolicyVersion.objects.order_by("-number").first()
        data = {
            "version": latest.number if latest else 0,
            "published_at": latest.published_at if latest else None,
            "banner_text": latest.banner_text if latest else DEFAULT_BANNER_TEXT,
            "registry": latest.registry if latest else {},
            "digest": latest.digest if latest else "",
        }
        versioned_set(CACHE_KEY, data, CACHE_SECONDS)
    return _from_cached(data)


def registry_for_version(number: int) -> PublishedRegistry | None:
    """The registry a reader saw on a page rendered under an earlier version."""
    current = current_registry()
    if number == current.version:
        return current
    version = PolicyVersion.objects.filter(number=number).first()
    return PublishedRegistry.from_version(version) if version else None


def registry_invalidate() -> None:
    """The published registry changed: the banner, the dialog and every page's consent
    configuration with it (a new public version)."""
    shared_delete(CACHE_KEY)
    site_content_changed()
