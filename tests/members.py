"""Helpers for tests of signup, sign-in and members-only access."""

import re
import time

import time_machine
from django.core import mail, signing
from django.utils import timezone

from newsletter.forms import _STARTED_SALT

SUBSCRIBE_URL = "/newsletter/subscribe/"


def signup_data(email: str, *, name: str = "", newsletter: bool = False, **extra) -> dict:
    """A form as a person fills it: the page was shown ten seconds ago."""
    data = {
        "email": email,
        "name": name,
        "started": signing.dumps(int(time.time()) - 10, salt=_STARTED_SALT),
        "website": "",
        "source": "box",
    }
    if newsletter:
        data["newsletter"] = "on"
    data.update(extra)
    return data


def links_in(message) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", message.body)


def link_to(path_part: str, message=None) -> str:
    """The path of the first link in the (last) email whose address contains ``path_part``."""
    message = message or mail.outbox[-1]
    for link in links_in(message):
        if path_part in link:
            return "/" + link.split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"no link containing {path_part!r} in {message.subject!r}")


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def frozen_clock():
    """Stop the clock, so a run of requests cannot straddle a rate-limit window's edge."""
    return time_machine.travel(timezone.now(), tick=False)
