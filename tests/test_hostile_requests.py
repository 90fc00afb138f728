"""No request, however malformed, gets a 5xx: every URL pattern, anonymously and as staff.

The walking tests are property-based (hypothesis, derandomised so CI is deterministic): each
example sweeps every route of the URLconf (the admin included, so a new model or URL is
covered without a new test) and records every 5xx, or exception escaping Django, with the
exact request; the test fails listing them all. Shrinking is off: the list already names
each input, and re-running whole sweeps to shrink would take minutes.
"""

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from articles.models import ArticleRedirect
from newsletter.models import NewsletterIssue, Subscriber
from tests import factories
from tests.hostile import (
    GUARDED_BODIES,
    NAMED_PATH_VALUES,
    ROLES,
    Failure,
    Visitor,
    encode_form,
    form_fields,
    hostile_form,
    hostile_path_value,
    hostile_query,
    lenient_body,
    query_keys,
    quiet_logs,
)
from tests.journal import build_journal
from tests.url_walk import Site, routes, valid_value

SWEEP_SETTINGS = settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture
def site(db):
    """One of everything a route can name, and a row for most admin change pages."""
    journal = build_journal(articles=2, with_images=False)
    article = journal.article
    ArticleRedirect.objects.create(old_path="/2001/01/01/old-address/", article=article)
    subscriber = Subscriber.objects.create(email="reader@example.org", name="A Reader")
    subscriber.consents.create(form="box", privacy_policy_version="1")
    issue = NewsletterIssue.objects.create(subject="The week", introduction="Hello")
    issue.articles.add(article)
    factories.WeatherReadingFactory()
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    return Site(
        article=article,
        author=journal.authors[0],
        category=journal.categories[0],
        page=journal.pages[0],
        staff=superuser,
    )


@pytest.fixture(autouse=True)
def _quiet():
    with quiet_logs():
        yield


def visitor(role: str, site: Site) -> Visitor:
    if role == "superuser":
        return Visitor.signed_in_as(role, site.staff)
    if role == "editor":
        editor = factories.UserFactory(is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        return Visitor.signed_in_as(role, editor)
    return Visitor.signed_in_as(role)


def valid_url(route, site) -> str:
    return route.url({slot: valid_value(route, slot, site) for slot in route.slots})


def _report(failures) -> str:
    unique = list(dict.fromkeys(str(f) for f in failures))
    return f"{len(unique)} requests failed:\n" + "\n".join(unique[:40])


# The routes are swept in chunks: each is its own test (so pytest-xdist can share them out)
# and each hypothesis example stays within the amount of data hypothesis will generate.
CHUNKS = 8


def chunk(index: int) -> list:
    return routes()[index::CHUNKS]


# Form fields and link parameters of each page, per role: found with one clean GET and kept
# for the rest of the run (they depend on the code, not on the rows).
_discovered: dict = {}


def discover(guest: Visitor, route, url) -> tuple[list, list]:
    key = (guest.role, route.name)
    if key not in _discovered:
        page = guest.send("GET", url)
        _discovered[key] = (form_fields(page), query_keys(page))
    return _discovered[key]


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_bodies_the_guard_refuses_get_400_at_every_address(site, role):
    """Bogus and non-UTF-8 charsets, invalid UTF-8, NUL, too many fields, unreadable
    multipart: the request guard answers 400 wherever they are sent, with a CSRF cookie
    present (the case that reached Django's CSRF failure page and ended in a bare 500). The
    guard runs before sessions, so one signed-in role stands for all."""
    guest = visitor(role, site)
    for route in routes():
        url = valid_url(route, site)
        for body, content_type in GUARDED_BODIES:
            response = guest.send("POST", url, body, content_type)
            if response is not None and response.status_code != 400:
                detail = f"answered {response.status_code}, expected 400"
                guest.failures.append(Failure("POST", url, detail, body, content_type))
    assert not guest.failures, _report(guest.failures)


@pytest.mark.parametrize("part", range(CHUNKS))
@pytest.mark.parametrize("role", ROLES)
@SWEEP_SETTINGS
@given(data=st.data())
def test_hostile_bodies_and_queries_never_cause_a_server_error(site, role, part, data):
    """Every route gets a hostile query string (on the parameters its page's links use), and
    a POST of either its own form fields (found on its page) filled with hostile values, one
    of them 1 MB, as a url-encoded, multipart or JSON body, or a broken multipart, XML, text
    or empty body. Hypothesis's first example is its simplest: ``abc`` in every field."""
    guest = visitor(role, site)
    for route in chunk(part):
        url = valid_url(route, site)
        fields, keys = discover(guest, route, url)
        guest.send("GET", f"{url}?{data.draw(hostile_query(keys), label=f'query {url}')}")
        if data.draw(st.booleans(), label="a broken body"):
            guest.send("POST", url, *data.draw(lenient_body, label=f"body {url}"))
        else:
            pairs = data.draw(hostile_form(fields), label=f"form {url}")
            how = data.draw(st.sampled_from(["urlencoded", "multipart", "json"]), label="as")
            guest.send("POST", url, *encode_form(pairs, how))
    assert not guest.failures, _report(guest.failures)


@pytest.mark.parametrize("role", ROLES)
@SWEEP_SETTINGS
@given(data=st.data())
def test_hostile_path_values_never_cause_a_server_error(site, role, data):
    """Each variable part of every route, in turn, gets hostile text while the others stay
    valid: the named values (9999, 0000, very long, unicode, percent-encoded NUL and invalid
    UTF-8, ``..``, negative and huge numbers…) in rotation, so each meets many routes, and a
    value hypothesis makes up. GET and POST must both be answered below 500."""
    guest = visitor(role, site)
    offset = data.draw(st.integers(0, len(NAMED_PATH_VALUES) - 1), label="rotation")
    count = 0
    for route in routes():
        valid = {slot: valid_value(route, slot, site) for slot in route.slots}
        for slot in route.slots:
            named = NAMED_PATH_VALUES[(offset + count) % len(NAMED_PATH_VALUES)]
            count += 1
            url = route.url({**valid, slot: named})
            guest.send("GET", url)
            guest.send("POST", url, b"a=1", "application/x-www-form-urlencoded")
            drawn = data.draw(hostile_path_value, label=f"{route.template} {slot.name}")
            guest.send("GET", route.url({**valid, slot: drawn}))
    assert not guest.failures, _report(guest.failures)
