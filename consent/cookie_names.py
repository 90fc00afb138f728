"""Which cookie names consent may touch: the one rule, and the one matcher for patterns.

The registry declares cookies by exact name or by pattern (``_ga_*``: ``*`` for any run of
characters, nothing else special). When a reader refuses a purpose, the server
(``consent.middleware``) and the page's script (``static/js/consent.js``) expire the refused
first-party cookies, patterns matched against the names the browser holds. A pattern such as
``*``, ``s*`` or ``lp_*`` would then also match the cookies the site itself runs on: the
session (signing the reader out), the CSRF token (breaking every form) and the consent cookie
(deleting the proof of the choice just made).

So, once for every path that expires or deletes a cookie on consent grounds:

* ``is_framework_cookie`` — the cookies Django and this site need, named from settings (a
  deployment that renames its session cookie keeps it): never expired on consent grounds,
  never dropped from a response;
* ``declared_name_problem`` — what the registry may not declare: a pattern that matches every
  name, a pattern that matches a framework cookie, a framework cookie in an optional purpose.
  Checked by the model (every admin form), by ``consent.services.cookie_save`` and again when a
  version is published (``registry_unwritable_entries``), so rows written around the admin
  never reach readers either;
* ``name_matches`` — how a declared name or pattern matches a cookie name. consent.js
  implements the same algorithm (``matches``), so server and browser agree on every name.

``PublishedRegistry.may_expire`` (consent/registry.py) combines these with the registry's own
strictly necessary entries; the page's script is given the same list (``keep``).
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings


def framework_cookie_names() -> frozenset[str]:
    """Cookies Django and this site need whatever the reader chose: the session (sign-in),
    the CSRF token (every form), Django's one-off messages, the language choice, the consent
    cookie itself and the signed-in flag (``lordspress.core.signed_in``). Names come from
    settings (and the message storage's class), so a renamed cookie is still protected. The
    registry declares them too, as strictly necessary, with their justification."""
    from django.contrib.messages.storage.cookie import CookieStorage

    return frozenset(
        {
            settings.SESSION_COOKIE_NAME,
            settings.CSRF_COOKIE_NAME,
            settings.LANGUAGE_COOKIE_NAME,
            CookieStorage.cookie_name,
            settings.CONSENT_COOKIE_NAME,
            settings.SIGNED_IN_COOKIE_NAME,
        }
    )


def is_framework_cookie(name: str) -> bool:
    """Never expired or dropped on consent grounds (see ``framework_cookie_names``)."""
    return name in framework_cookie_names()


@lru_cache(maxsize=512)
def _segments(declared: str) -> tuple[str, ...]:
    return tuple(declared.split("*"))


def name_matches(declared: str, name: str) -> bool:
    """Does the registry's ``declared`` name (exact, or a pattern where ``*`` stands for any
    run of characters, possibly none) match the cookie or storage key ``name``?

    Case-sensitive, like cookie names. Only ``*`` is special (``?`` and ``[`` are literal,
    unlike fnmatch), and matching is greedy over literal segments with ``str.find``, so a
    pattern of many stars costs linear time, not a regex's backtracking.
    """
    if "*" not in declared:
        return declared == name
    first, *middle, last = _segments(declared)
    if len(name) < len(first) + len(last) or not (name.startswith(first) and name.endswith(last)):
        return False
    position, end = len(first), len(name) - len(last)
    for segment in middle:
        found = name.find(segment, position, end)
        if found < 0:
            return False
        position = found + len(segment)
    return True


def matches_every_name(declared: str) -> bool:
    """A pattern of stars alone (``*``, ``**``): it would claim every cookie in the browser."""
    return declared != "" and declared.strip("*") == ""


def declared_name_problem(*, name: str, is_cookie: bool, is_necessary: bool) -> str | None:
    """Why the registry may not declare ``name``, or None when it may.

    ``is_cookie``: the entry is a cookie (not a storage key or a pixel); ``is_necessary``:
    it is declared strictly necessary. Returns a sentence for an editor, shown under the
    name field in the admin and in the list that stops a publication.
    """
    if matches_every_name(name):
        return (
            "A pattern of * alone would match every cookie and key in the reader’s browser, "
            "the site’s own included. Name the cookie, or give the part of its name that "
            "does not vary, for example _ga_*."
        )
    if not is_cookie:
        return None
    framework = sorted(n for n in framework_cookie_names() if name_matches(name, n))
    if not framework:
        return None
    if "*" in name:
        listed = ", ".join(framework)
        return (
            f"This pattern would also match {listed}, which the site itself needs (signing "
            "in, sending forms, remembering the reader’s cookie choice); a refusal would "
            "delete it. Make the pattern narrower, for example _ga_*."
        )
    if not is_necessary:
        return (
            f"{name} is a cookie the site itself needs (signing in, sending forms, "
            "remembering the reader’s cookie choice); it can only be declared strictly "
            "necessary."
        )
    return None
