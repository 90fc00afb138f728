"""Per-client limits key on one rule: an IPv4 address, or the /64 of an IPv6 one.

A home line gets at least an IPv6 /64 and may use any of its 2^64 addresses, so a limit keyed
on the whole address is no limit. Every limit that counts clients (signup, sign-in links,
password resets, django-axes' lockout per account and address, the per-address limit against
password spraying) counts ``lordspress.core.http.rate_limit_key``, and nothing else in the project
reads the client's address: the source walk below fails for a new limit (or anything) that
reads REMOTE_ADDR or X-Forwarded-For itself, and the limit table is walked over three groups
of addresses that must count as one client (one /64; an IPv4 address and its IPv4-mapped
spelling; the same through a trusted proxy).
"""

import ast
import contextlib
import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from axes.helpers import get_client_ip_address
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.utils.module_loading import import_string
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lordspress.core.http import UNKNOWN_CLIENT, rate_limit_key, truncate_ip
from lordspress.core.models import User
from newsletter import limits
from tests import factories
from tests.members import SUBSCRIBE_URL, signup_data

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".git", ".venv", "var", "tests", "migrations", "node_modules", "static"}
RIGHT = "correct horse battery"  # tests.factories.UserFactory's password

# Where a request says who sent it: the socket's address and the proxy headers that claim to
# know better. Compared without case, "-" as "_" and without Django's "HTTP_" prefix, so
# request.headers["X-Forwarded-For"] and request.META["HTTP_X_FORWARDED_FOR"] are one name.
ADDRESS_SOURCES = {
    "REMOTE_ADDR",
    "X_FORWARDED_FOR",
    "FORWARDED",
    "X_REAL_IP",
    "CLIENT_IP",
    "TRUE_CLIENT_IP",
    "CF_CONNECTING_IP",
    "X_CLUSTER_CLIENT_IP",
    "FASTLY_CLIENT_IP",
}
# Ready-made readers of the client's address, each with its own idea of a key.
FOREIGN_READERS = {"ipware", "get_client_ip", "get_client_ip_address", "get_real_ip"}


def _source_name(value: str) -> str:
    name = value.strip().upper().replace("-", "_")
    return name.removeprefix("HTTP_")


def _project_sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path, ast.parse(path.read_text(), filename=str(path))


def _parents(tree) -> dict:
    """Each node's parent, so a node's enclosing function can be named."""
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


def _enclosing(node, parents) -> str:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node.name
    return "<module>"


def _readers_and_references():
    """Where the client's address is read (file, function) and where those readers are used."""
    reads, foreign, trees = [], [], {}
    for path, tree in _project_sources():
        where = str(path.relative_to(ROOT))
        parents = _parents(tree)
        trees[where] = (tree, parents)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if _source_name(node.value) in ADDRESS_SOURCES:
                    reads.append((where, _enclosing(node, parents), node.lineno))
            name = None
            if isinstance(node, ast.Name):
                name = node.id
            elif isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, ast.alias):
                name = node.name.split(".")[0] if node.name.startswith("ipware") else node.name
            elif isinstance(node, ast.ImportFrom) and node.module:
                name = node.module.split(".")[0]
            if name in FOREIGN_READERS:
                foreign.append(f"{where}:{getattr(node, 'lineno', '?')} {name}")
    return reads, foreign, trees


def test_only_the_rate_limit_key_reads_the_clients_address():
    """The address sources are read by one helper, and that helper is used by
    ``rate_limit_key`` alone: any other reader (a new limit keyed on REMOTE_ADDR, a view
    passing the raw address to a service) fails here."""
    reads, foreign, trees = _readers_and_references()
    assert foreign == [], "the client's address is read only by lordspress.core.http: " + str(
        foreign
    )
    readers = {(where, function) for where, function, _ in reads}
    assert readers == {("lordspress/core/http.py", "_client_address")}, sorted(reads)

    uses = []
    for where, (tree, parents) in trees.items():
        for node in ast.walk(tree):
            named = (
                (isinstance(node, ast.Name) and node.id == "_client_address")
                or (isinstance(node, ast.Attribute) and node.attr == "_client_address")
                or (isinstance(node, ast.alias) and node.name == "_client_address")
                or (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and node.value.endswith("._client_address")
                )
            )
            if named:
                uses.append((where, _enclosing(node, parents)))
    assert uses == [("lordspress/core/http.py", "rate_limit_key")]

    templates = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*")
        if path.is_file()
        and any(
            source in _source_name(path.read_text()) for source in ADDRESS_SOURCES - {"FORWARDED"}
        )
    ]
    assert templates == [], "templates read the client's address"


def test_axes_counts_the_rate_limit_key():
    assert import_string(django_settings.AXES_CLIENT_IP_CALLABLE) is rate_limit_key
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    assert get_client_ip_address(request) == "2001:db8:1:2::"


# --- the rule ---------------------------------------------------------------------------


def _key(remote_addr: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return rate_limit_key(RequestFactory().get("/", **meta))


EXAMPLES = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EXAMPLES
@given(st.ip_addresses(v=6), st.integers(0, 2**64 - 1))
def test_an_ipv6_address_counts_as_its_64(address, host):
    network = ipaddress.ip_network(f"{address}/64", strict=False)
    neighbour = network.network_address + host
    if address.ipv4_mapped is None and neighbour.ipv4_mapped is None:
        assert _key(str(address)) == _key(str(neighbour)) == str(network.network_address)
        outside = ipaddress.IPv6Address((int(address) + 2**64) % 2**128)
        if outside.ipv4_mapped is None:
            assert _key(str(outside)) != _key(str(address))


@EXAMPLES
@given(st.ip_addresses(v=4))
def test_an_ipv4_address_is_its_own_key_however_it_is_spelled(address):
    assert _key(str(address)) == str(address)
    assert _key(f"::ffff:{address}") == str(address)
    mapped = ipaddress.IPv6Address(2**32 * 0xFFFF + int(address))
    assert _key(mapped.exploded) == str(address)


@EXAMPLES
@given(st.text(), st.one_of(st.none(), st.text()), st.booleans())
def test_any_address_text_gives_a_key_never_an_error(remote_addr, forwarded, trusted):
    with override_settings(TRUST_X_FORWARDED_FOR=trusted):
        ipaddress.ip_address(_key(remote_addr, forwarded))


def test_an_unreadable_address_counts_in_one_shared_bucket_and_is_logged(caplog):
    assert {_key(value) for value in ["", "garbage", "1.2.3.4:80", "\x00", "x" * 300]} == {
        UNKNOWN_CLIENT
    }
    assert "not an IP address" in caplog.text
    assert truncate_ip(UNKNOWN_CLIENT) == ""


def test_the_forwarded_address_is_used_only_behind_a_trusted_proxy(settings):
    settings.TRUST_X_FORWARDED_FOR = False
    assert _key("10.0.0.1", "2001:db8:1:2::9") == "10.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert _key("10.0.0.1", "203.0.113.5, 2001:db8:1:2::9") == "2001:db8:1:2::"
    assert _key("10.0.0.1", " ::ffff:192.0.2.7 ") == "192.0.2.7"
    assert _key("10.0.0.1", "") == "10.0.0.1"  # no header: the socket's address
    assert _key("10.0.0.1", "2001:db8:1:2::9, garbage") == UNKNOWN_CLIENT


def test_records_kept_for_privacy_name_a_coarser_network_than_a_key():
    """Two rules: a key counts one line (/64), a record names an area (/48, /24)."""
    address = "2001:db8:1:2:3:4:5:6"
    assert _key(address) == "2001:db8:1:2::"
    assert truncate_ip(address) == truncate_ip(_key(address)) == "2001:db8:1::"
    assert truncate_ip("192.0.2.7") == truncate_ip(_key("::ffff:192.0.2.7")) == "192.0.2.0"


# --- every limit, over every group of addresses that is one client ------------------------


@dataclass(frozen=True)
class Limit:
    """A per-client limit as a visitor meets it.

    ``attempt(client, number, meta)`` makes attempt ``number`` (each with what it needs to
    count against this limit only: a fresh address or account, or the same account), or
    the ``"probe"`` that shows whether the client is stopped; ``budget`` how many attempts
    the limit allows before it answers 429; ``spent`` the status of an attempt that counts,
    ``allowed`` that of a probe let through; ``step`` the time between attempts.
    """

    name: str
    budget: int
    spent: int
    allowed: int
    attempt: object
    step: timedelta = timedelta(0)


def _signup(client, number, meta):
    return client.post(SUBSCRIBE_URL, signup_data(f"reader{number}@example.org"), **meta)


def _link(url):
    def attempt(client, number, meta):
        return client.post(url, {"email": f"reader{number}@example.org"}, **meta)

    return attempt


def _same_account(client, number, meta):
    """Wrong passwords for one account; the probe has the right one."""
    email = "victim@example.org"
    if not User.objects.filter(email=email).exists():
        factories.UserFactory(email=email)
    password = RIGHT if number == "probe" else f"wrong {number}"
    return client.post("/accounts/login/", {"username": email, "password": password}, **meta)


def _any_account(client, number, meta):
    """Wrong passwords, each for another account; the probe is a real account's right one."""
    if number == "probe":
        user = factories.UserFactory()
        return client.post("/accounts/login/", {"username": user.email, "password": RIGHT}, **meta)
    return client.post(
        "/accounts/login/",
        {"username": f"someone{number}@example.org", "password": "Summer2026!"},
        **meta,
    )


SPRAY_BUDGET = 8  # set as SIGN_IN_FAILURES_PER_IP below: the 100 of production, made quick

LIMITS = [
    Limit("signup per minute", limits.SUBSCRIBES_PER_IP_PER_MINUTE, 303, 303, _signup),
    # Four a minute, so the per-minute limit never answers first.
    Limit(
        "signup per hour",
        limits.SUBSCRIBES_PER_IP_PER_HOUR,
        303,
        303,
        _signup,
        step=timedelta(seconds=15),
    ),
    Limit("sign-in link", limits.LINKS_PER_IP_PER_HOUR, 303, 303, _link("/accounts/login/link/")),
    Limit(
        "password reset",
        limits.LINKS_PER_IP_PER_HOUR,
        303,
        303,
        _link("/accounts/password/reset/"),
    ),
    Limit("axes: account and address", django_settings.AXES_FAILURE_LIMIT, 200, 302, _same_account),
    Limit("sign-in failures per address", SPRAY_BUDGET, 200, 302, _any_account),
]


def _direct(address):
    return {"REMOTE_ADDR": address}


def _through_proxy(address):
    return {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": f"198.51.100.66, {address}"}


@dataclass(frozen=True)
class Group:
    """Addresses that are one client (``members``, the last one saved for the probe) and one
    that is not (``other``: the neighbouring /64, or the next IPv4 address)."""

    name: str
    members: tuple[str, ...]
    other: str
    meta: object = _direct
    trust_forwarded: bool = False


GROUPS = [
    Group(
        "one /64",
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", "2001:db8:1:2:1234:5678::9"),
        "2001:db8:1:3::1",
    ),
    Group(
        "IPv4 and IPv4-mapped",
        ("192.0.2.7", "::ffff:192.0.2.7", "::ffff:c000:207"),
        "192.0.2.8",
    ),
    Group(
        "one /64 through a trusted proxy",
        ("2001:db8:7:8::1", "2001:db8:7:8:aaaa::2", "2001:db8:7:8::3"),
        "2001:db8:7:9::1",
        meta=_through_proxy,
        trust_forwarded=True,
    ),
]

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # on the hour: no window edge in the run


@pytest.mark.django_db
@pytest.mark.parametrize("group", GROUPS, ids=lambda group: group.name)
@pytest.mark.parametrize("limit", LIMITS, ids=lambda limit: limit.name)
def test_every_limit_counts_one_client_once(limit, group, settings):
    """The limit's budget spent from some addresses of one client stops it at another
    address of that client, and does not stop the next client."""
    settings.TRUST_X_FORWARDED_FOR = group.trust_forwarded
    settings.SIGN_IN_FAILURES_PER_IP = SPRAY_BUDGET
    *spenders, probe = group.members
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        for number in range(limit.budget):
            response = limit.attempt(client, number, group.meta(spenders[number % len(spenders)]))
            if number < limit.budget - 1:
                assert response.status_code == limit.spent, (number, response.status_code)
            clock.shift(limit.step)
        stopped = limit.attempt(Client(), "probe", group.meta(probe))
        assert stopped.status_code == 429, f"{limit.name}: {group.members} counted apart"
        other = limit.attempt(Client(), "probe", group.meta(group.other))
        assert other.status_code == limit.allowed, f"{limit.name}: {group.other} counted in"


# --- no address, however broken, gives a 500 ---------------------------------------------

ENTRY_POINTS = [
    ("signup", lambda client, meta: _signup(client, 0, meta)),
    ("sign-in link", lambda client, meta: _link("/accounts/login/link/")(client, 0, meta)),
    ("password reset", lambda client, meta: _link("/accounts/password/reset/")(client, 0, meta)),
    (
        "password sign-in",
        lambda client, meta: client.post(
            "/accounts/login/", {"username": "someone@example.org", "password": "x"}, **meta
        ),
    ),
    (
        "admin sign-in",
        lambda client, meta: client.post(
            "/admin/login/?next=/admin/", {"username": "desk@example.org", "password": "x"}, **meta
        ),
    ),
]


class _Undo(Exception):
    pass


@pytest.mark.django_db
@EXAMPLES
@given(
    address=st.one_of(
        st.text(max_size=300),
        st.sampled_from(
            ["", "garbage", "1.2.3.4:80", "[2001:db8::1]", "2001:db8::1/64", "fe80::1%eth0"]
        ),
        st.ip_addresses().map(str),
    ),
    forwarded=st.booleans(),
)
def test_no_client_address_breaks_a_limited_page(address, forwarded, settings):
    """What the socket or the proxy reports is stored by axes (an ``inet`` on PostgreSQL):
    an unreadable value counts as ``UNKNOWN_CLIENT`` and the page answers as usual."""
    settings.TRUST_X_FORWARDED_FOR = forwarded
    meta = {"HTTP_X_FORWARDED_FOR": address} if forwarded else {"REMOTE_ADDR": address}
    for name, entry_point in ENTRY_POINTS:
        with contextlib.suppress(_Undo), transaction.atomic():
            response = entry_point(Client(), meta)
            assert response.status_code < 500, (name, address)
            raise _Undo
