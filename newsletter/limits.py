"""The rate-limit policy of the newsletter's public forms, in one place: which requests are
limited, how many, over what window, counted per what.

Signup, emailed sign-in links and password resets take an address from anyone, so each is
limited per network (the request's ``lordspress.core.http.rate_limit_key``: an IPv4 address or an
IPv6 /64) and per address. Limits count requests, never what an address is, so saying that
one was reached tells nobody anything about the address's state.

The request halves of the services (``signup.signup_request``,
``accounts.sign_in_link_request``, ``accounts.password_reset_request``) count through
``limits_count``; the views answer ``RateLimited`` with a message for its ``scope``
(``views.SIGNUP_NOTICES``, ``account_views.LINK_LIMIT_MESSAGES``). Nothing else in
``newsletter/`` calls ``lordspress.core.ratelimit.rate_limit_hit`` or holds a limit's number
(``tests/test_newsletter_limits.py`` fails if one does). Failed password sign-ins are limited
elsewhere, by django-axes and ``lordspress.core.signin_limits`` (settings ``AXES_FAILURE_LIMIT``,
``SIGN_IN_FAILURES_PER_IP``).
"""

from dataclasses import dataclass
from datetime import timedelta

from lordspress.core.ratelimit import rate_limit_hit

# What a limit is counted per, and what the reader is told ran out.
NETWORK = "network"
ADDRESS = "address"
SCOPES = (NETWORK, ADDRESS)

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

SUBSCRIBES_PER_IP_PER_MINUTE = 5
SUBSCRIBES_PER_IP_PER_HOUR = 20
SIGNUPS_PER_ADDRESS_PER_DAY = 3
LINKS_PER_IP_PER_HOUR = 20
LINKS_PER_ADDRESS_PER_HOUR = 5


class RateLimited(Exception):
    """Too many requests; ``scope`` is ``NETWORK`` (the visitor's IP address) or ``ADDRESS``.
    ``retry_after`` is in seconds (the limit's window)."""

    def __init__(self, scope: str, retry_after: int):
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` requests per ``window``, counted per ``scope`` under the counter
    ``name`` (the ``RateLimitBucket`` key's prefix: renaming one restarts its count)."""

    scope: str
    name: str
    limit: int
    window: timedelta


SIGNUP = (
    Limit(NETWORK, "subscribe-minute", SUBSCRIBES_PER_IP_PER_MINUTE, MINUTE),
    Limit(NETWORK, "subscribe-hour", SUBSCRIBES_PER_IP_PER_HOUR, HOUR),
    Limit(ADDRESS, "subscribe-address", SIGNUPS_PER_ADDRESS_PER_DAY, DAY),
)
SIGN_IN_LINK = (
    Limit(NETWORK, "sign-in-ip", LINKS_PER_IP_PER_HOUR, HOUR),
    Limit(ADDRESS, "sign-in-address", LINKS_PER_ADDRESS_PER_HOUR, HOUR),
)
PASSWORD_RESET = (
    Limit(NETWORK, "password-reset-ip", LINKS_PER_IP_PER_HOUR, HOUR),
    Limit(ADDRESS, "password-reset-address", LINKS_PER_ADDRESS_PER_HOUR, HOUR),
)
# Every policy, for the tests that hold each to a message and to one place.
POLICIES = {"signup": SIGNUP, "sign-in-link": SIGN_IN_LINK, "password-reset": PASSWORD_RESET}


def limits_count(*, policy: tuple[Limit, ...], email: str, client_key: str) -> None:
    """Count one request from ``client_key`` for canonical ``email`` against every limit of
    ``policy``, then raise ``RateLimited`` for the first one exceeded.

    Every limit is counted every time (no short cut), so a request's work does not depend on
    which limits an address or a network has reached; and a refused request still counts
    (each hit commits on its own), so hammering a limit keeps it reached.
    """
    keys = {NETWORK: client_key, ADDRESS: email}
    within = [
        rate_limit_hit(
            scope=limit.name, key=keys[limit.scope], limit=limit.limit, window=limit.window
        )
        for limit in policy
    ]
    for limit, ok in zip(policy, within, strict=True):
        if not ok:
            raise RateLimited(limit.scope, retry_after=int(limit.window.total_seconds()))
