"""Each rule of who sees what is written once, as a query expression, and the answer for one
article is that same expression read against it (``articles.conditions.holds``).

The database is the judge: for random articles (every status, kind, access and "always
free", published at random times and at the very edges of each rule) at a random moment
and archive period, each per-object answer (``is_live``, ``is_scheduled``,
``is_members_only``) must be exactly the queryset's membership (``published()``,
``scheduled()``, ``filter(members_only_q())``). A second copy of a rule that drifts from the
query, or a reading of ``Q`` that differs from SQL's, fails here.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db.models import F, Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.access import is_members_only, members_only_q
from articles.conditions import holds
from articles.models import Article, live_q, scheduled_q
from tests import factories

pytestmark = pytest.mark.django_db

ARCHIVE_DAYS = [0, 1, 90, 365]
EDGES = [
    timedelta(0),
    timedelta(microseconds=1),
    -timedelta(microseconds=1),
    timedelta(seconds=1),
    -timedelta(seconds=1),
]


@st.composite
def offsets(draw, archive_days: int) -> timedelta | None:
    """When an article is published, relative to now: anywhere within a year and a half
    either side, or exactly at (or a microsecond or a second from) now or the archive cutoff."""
    cutoff = -timedelta(days=archive_days)
    return draw(
        st.one_of(
            st.sampled_from([edge + base for edge in EDGES for base in (timedelta(0), cutoff)]),
            st.integers(-550 * 86400, 550 * 86400).map(lambda s: timedelta(seconds=s)),
            st.integers(-(10**6), 10**6).map(lambda us: timedelta(microseconds=us) + cutoff),
        )
    )


@st.composite
def states(draw, archive_days: int) -> dict:
    status = draw(st.sampled_from(Article.Status.values))
    offset = draw(offsets(archive_days))
    if status != Article.Status.PUBLISHED and draw(st.booleans()):
        offset = None  # a draft or a submission may have no time yet
    return {
        "status": status,
        "offset": offset,
        "kind": draw(st.sampled_from(Article.Kind.values)),
        "access": draw(st.sampled_from(Article.Access.values)),
        "always_free": draw(st.booleans()),
    }


@st.composite
def scenarios(draw) -> tuple:
    archive_days = draw(st.sampled_from(ARCHIVE_DAYS))
    now = draw(
        st.datetimes(
            min_value=datetime(2001, 1, 1),
            max_value=datetime(2090, 12, 31),
            timezones=st.just(UTC),
        )
    )
    return now, archive_days, draw(st.lists(states(archive_days), min_size=1, max_size=12))


@pytest.fixture
def places():
    return factories.CategoryFactory(), factories.AuthorFactory()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_each_per_object_answer_is_the_queryset_s_membership(settings, places, scenario):
    now, archive_days, drawn = scenario
    settings.ARCHIVE_FREE_DAYS = archive_days
    category, author = places
    Article.objects.all().delete()
    with time_machine.travel(now, tick=False):
        Article.objects.bulk_create(
            Article(
                headline=f"State {index}",
                slug=f"state-{index}",
                standfirst="A state.",
                body="<p>A body.</p>",
                category=category,
                author=author,
                status=state["status"],
                publish_at=None if state["offset"] is None else now + state["offset"],
                kind=state["kind"],
                access=state["access"],
                always_free=state["always_free"],
            )
            for index, state in enumerate(drawn)
        )
        assert timezone.now() == now

        rules = {
            "live": (Article.objects.published(), lambda a: a.is_live),
            "scheduled": (Article.objects.scheduled(), lambda a: a.is_scheduled),
            "members only": (Article.objects.filter(members_only_q()), is_members_only),
        }
        # As a list page loads them (for_listing: no body) and as a page loads one.
        loaded = [*Article.objects.for_listing(), *Article.objects.all()]
        for name, (queryset, per_object) in rules.items():
            members = set(queryset.values_list("pk", flat=True))
            for article in loaded:
                assert per_object(article) == (article.pk in members), (name, article.__dict__)


def test_the_rules_are_the_querysets_own():
    """``published()`` and ``scheduled()`` filter on the very expressions the objects read."""
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert str(Article.objects.published().query) == str(Article.objects.filter(live_q()).query)
        assert str(Article.objects.scheduled().query) == str(
            Article.objects.filter(scheduled_q()).query
        )


# --- holds(), the reading of a Q against one object ---------------------------------------


def test_null_is_read_as_sql_reads_it():
    row = {"publish_at": None, "kind": "news"}
    moment = timezone.now()
    assert not holds(Q(publish_at__lt=moment), row)
    assert not holds(Q(publish_at__gte=moment), row)
    assert holds(~Q(publish_at__lt=moment), row)  # Django adds IS NOT NULL inside a NOT
    assert holds(Q(publish_at=None), row) and holds(Q(publish_at__isnull=True), row)
    assert not holds(Q(kind__in=["notice", None]), {"kind": None})
    assert holds(Q(kind="news") ^ Q(kind="notice"), row)


def test_what_it_cannot_read_it_refuses_rather_than_guesses():
    article = factories.ArticleFactory()
    listed = Article.objects.for_listing().get(pk=article.pk)
    with pytest.raises(ValueError, match="deferred"):
        holds(Q(body__exact="x"), listed)
    with pytest.raises(ValueError, match="plain fields"):
        holds(Q(category=article.category), article)
    with pytest.raises(ValueError, match="lookup"):
        holds(Q(headline__icontains="x"), article)
    with pytest.raises(ValueError, match="plain values"):
        holds(Q(publish_at__lt=F("updated_at")), article)
