"""The newsletter's rate-limit policy lives in one place, ``newsletter/limits.py``: which
requests are limited, how many, per what. Each limit does what the policy says, every scope
has a message for the reader, and no second copy of a number or a counter call grows
elsewhere in the app."""

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

import newsletter
from newsletter import limits
from newsletter.account_views import LINK_LIMIT_MESSAGES
from newsletter.views import SIGNUP_NOTICES

APP = Path(newsletter.__file__).parent
POLICY_FILE = APP / "limits.py"
OTHER_FILES = sorted(path for path in APP.rglob("*.py") if path != POLICY_FILE)
# A limit's number as its name or its words say it: SOMETHING_PER_IP_PER_HOUR = 20, or
# "5 a minute" / "20 per hour" in a docstring.
LIMIT_NAME = re.compile(r"_PER_|LIMIT", re.IGNORECASE)
LIMIT_WORDS = re.compile(r"\b\d+\s+(?:a|an|per|each)\s+(?:minute|hour|day)\b", re.IGNORECASE)
ALL_LIMITS = [
    pytest.param(limit, id=f"{policy}:{limit.name}")
    for policy, rules in limits.POLICIES.items()
    for limit in rules
]


def _relative(path: Path) -> str:
    return str(path.relative_to(APP.parent))


@pytest.mark.parametrize("path", OTHER_FILES, ids=_relative)
def test_only_the_policy_counts_requests_against_a_limit(path):
    """``rate_limit_hit`` is named nowhere else in the app: not imported, not called, not
    reached as an attribute (``ratelimit.rate_limit_hit``)."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "lordspress.core.ratelimit":
            found += [a.name for a in node.names if a.name != "rate_limit_purge"]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "lordspress.core.ratelimit"]
        elif isinstance(node, ast.Name) and node.id == "rate_limit_hit":
            found.append(node.id)
        elif isinstance(node, ast.Attribute) and node.attr == "rate_limit_hit":
            found.append(node.attr)
    assert found == [], f"{_relative(path)} counts against a limit: use newsletter.limits"


@pytest.mark.parametrize("path", OTHER_FILES, ids=_relative)
def test_no_limit_number_is_written_outside_the_policy(path):
    """No constant named like a limit, no ``Limit(...)`` of its own, no ``limit=`` or
    ``window=`` handed to a counter, and no "5 a minute" in its prose."""
    source = path.read_text()
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [
                t.id
                for t in targets
                if isinstance(t, ast.Name)
                and LIMIT_NAME.search(t.id)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, int)
            ]
        elif isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            if called.split(".")[-1] in {"Limit", "_Limit"}:
                found.append(called)
            found += [f"{k.arg}=" for k in node.keywords if k.arg in {"limit", "window"}]
    found += LIMIT_WORDS.findall(source)
    assert found == [], f"{_relative(path)} writes a limit: it belongs in newsletter.limits"


@pytest.mark.parametrize("limit", ALL_LIMITS)
@pytest.mark.django_db
def test_each_limit_allows_its_number_then_refuses_for_its_window(limit):
    """At the start of a window (so none rolls over mid-test), ``limit.limit`` requests pass
    and the next is refused, naming the limit's scope and its window as the wait."""
    start = datetime(2030, 1, 7, tzinfo=UTC)  # a Monday, 00:00: every window starts here
    with time_machine.travel(start, tick=False):
        for _ in range(limit.limit):
            limits.limits_count(policy=(limit,), email="reader@example.org", client_key="192.0.2.1")
        with pytest.raises(limits.RateLimited) as refused:
            limits.limits_count(policy=(limit,), email="reader@example.org", client_key="192.0.2.1")
    assert refused.value.scope == limit.scope
    assert refused.value.retry_after == int(limit.window.total_seconds())


@pytest.mark.parametrize("limit", ALL_LIMITS)
@pytest.mark.django_db
def test_each_limit_counts_per_its_scope(limit):
    """A network limit counts per network whatever the address; an address limit per address
    whatever the network."""
    start = datetime(2030, 1, 7, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        for n in range(limit.limit + 1):
            varying = {"email": f"reader{n}@example.org", "client_key": "192.0.2.1"}
            if limit.scope == limits.ADDRESS:
                varying = {"email": "reader@example.org", "client_key": f"192.0.2.{n + 1}"}
            if n < limit.limit:
                limits.limits_count(policy=(limit,), **varying)
            else:
                with pytest.raises(limits.RateLimited):
                    limits.limits_count(policy=(limit,), **varying)


def test_the_policy_states_the_published_numbers():
    """Signup: 5 a minute and 20 an hour per network, 3 a day per address; sign-in links and
    password resets: 20 an hour per network and 5 an hour per address (README, Members)."""
    as_text = {
        policy: {(r.scope, r.limit, int(r.window.total_seconds())) for r in rules}
        for policy, rules in limits.POLICIES.items()
    }
    links = {("network", 20, 3600), ("address", 5, 3600)}
    assert as_text == {
        "signup": {("network", 5, 60), ("network", 20, 3600), ("address", 3, 86400)},
        "sign-in-link": links,
        "password-reset": links,
    }


def test_every_counter_has_its_own_name():
    """Two limits sharing a counter would count each other's requests."""
    names = [(r.name, r.window) for rules in limits.POLICIES.values() for r in rules]
    assert len(names) == len(set(names))
    assert {r.scope for rules in limits.POLICIES.values() for r in rules} <= set(limits.SCOPES)


def test_every_scope_a_limit_can_refuse_has_a_message_for_the_reader():
    assert {r.scope for r in limits.SIGNUP} <= set(SIGNUP_NOTICES)
    links = {r.scope for r in (*limits.SIGN_IN_LINK, *limits.PASSWORD_RESET)}
    assert links <= set(LINK_LIMIT_MESSAGES)
