"""The journal at size (issue 10): the generated demo articles, the archive's month table,
pages numbered without counting everything, search through its indexes, and plans that do
not sort or scan the table.

The timings themselves are ``bench/at_size.py``'s (100,000 articles); these tests keep what
makes them: the same answers as the plain queries, and the query shapes that scale.
"""

import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command
from django.core.paginator import Paginator
from django.db import connection
from django.urls import resolve
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import selectors
from articles.access import is_members_only
from articles.models import ArchiveMonth, Article, ArticleRedirect
from articles.services import (
    archive_months_rebuild,
    article_delete,
    article_publish,
    article_save,
    article_unpublish,
)
from bench import at_size
from lordspress.core.pagination import LookaheadPaginator
from lordspress.demo import bulk
from tests import factories

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans and stored vectors of PostgreSQL"
)
TAGS = re.compile(r"<[^>]+>")
LINKS = re.compile(r'<a href="([^"]+)"')


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _generated() -> dict[int, Article]:
    """The generated articles by number (their slugs end in -<number>)."""
    found = {}
    for article in Article.objects.filter(slug__regex=r"-[0-9]+$"):
        number = int(article.slug.rsplit("-", 1)[1])
        if bulk.describe(number).slug == article.slug:
            found[number] = article
    return found


def _truth() -> dict:
    """What ``ArchiveMonth`` must hold: published articles by London month."""
    months: dict = {}
    for when in Article.objects.filter(status=Article.Status.PUBLISHED).values_list(
        "publish_at", flat=True
    ):
        local = timezone.localtime(when)
        key = local.date().replace(day=1)
        count, first, last = months.get(key, (0, when, when))
        months[key] = (count + 1, min(first, when), max(last, when))
    return months


def _table() -> dict:
    return {
        row.month: (row.published, row.first_publish_at, row.last_publish_at)
        for row in ArchiveMonth.objects.all()
    }


# --- seed_demo --articles N ------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_generated_articles_are_realistic_idempotent_and_grow_by_the_difference(settings):
    settings.DEBUG = True
    _seed("--articles", "120")
    first = _generated()
    assert sorted(first) == list(range(1, 121))
    demo_pictures = set(
        Article.objects.exclude(pk__in=[a.pk for a in first.values()])
        .exclude(image="")
        .values_list("image", flat=True)
    )

    sections, kinds, members_only, lengths = set(), set(), 0, []
    for number, article in first.items():
        body = article.body
        words = len(TAGS.sub(" ", body).split())
        lengths.append(words)
        assert 1_100 <= words <= 1_500, (number, words)
        assert body.count("<h2>") == 3 and body.count("<blockquote>") == 1, number
        links = LINKS.findall(body)
        outside = [link for link in links if link.startswith("https://")]
        inside = [link for link in links if link.startswith("/")]
        assert len(outside) == 1, number
        for path in inside:  # an older generated article, live at that address
            match = resolve(path)
            assert match.url_name == "detail", path
            target = Article.objects.published().get(slug=match.kwargs["slug"])
            assert target.get_absolute_url() == path
            assert target.publish_at < article.publish_at
        if number < 120:
            assert inside, number  # the oldest has nothing older to link to
        if article.image:
            assert article.image.name in demo_pictures and article.image_width
        sections.add(article.category.slug)
        kinds.add(article.kind)
        members_only += is_members_only(article)
        if connection.vendor == "postgresql":  # the trigger ran for the bulk rows too
            assert article.search_vector and article.public_search_vector
    assert sections == set(bulk.SECTION_WEIGHTS)
    assert kinds == {"news", "special_report", "notice"}
    assert members_only >= 10
    assert 1_150 <= sum(lengths) / len(lengths) <= 1_350
    newest, oldest = first[1].publish_at, first[120].publish_at
    assert newest - oldest >= timedelta(minutes=118 * bulk.STEP_MINUTES)
    assert sorted(first, key=lambda n: first[n].publish_at, reverse=True) == list(range(1, 121))
    assert _table() == _truth()

    # The same N again: nothing added, nothing changed.
    output = _seed("--articles", "120")
    assert "All 120 generated articles are there already" in output
    assert {n: (a.pk, a.publish_at) for n, a in _generated().items()} == {
        n: (a.pk, a.publish_at) for n, a in first.items()
    }

    # A larger N adds the difference, older than the first 120, where the first run would
    # have put them; an old redirect at an address one of them takes gives way to it.
    anchor = bulk.anchor_from(1, newest)
    when = bulk.publish_time(anchor, 130)
    taken = Article(slug=bulk.describe(130).slug, publish_at=when).get_absolute_url()
    ArticleRedirect.objects.create(old_path=taken, article=first[5])
    _seed("--articles", "150")
    grown = _generated()
    assert sorted(grown) == list(range(1, 151))
    assert grown[130].publish_at == when and grown[130].get_absolute_url() == taken
    assert all(grown[n].publish_at < oldest for n in range(121, 151))
    assert not ArticleRedirect.objects.filter(old_path=taken).exists()
    assert _table() == _truth()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["-1", "abc", "1.5", "１２", "", "10000000", " 3x"])
def test_bad_article_counts_are_refused_with_a_clear_message(settings, bad):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--articles"):
        call_command("seed_demo", "--articles", bad, stdout=StringIO())
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [-1, True, 2.5, "seven", None])
def test_bad_article_counts_from_code_are_refused_too(settings, bad):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--articles"):
        call_command("seed_demo", articles=bad, stdout=StringIO())
    assert not Article.objects.exists()


def test_the_benchmark_looks_for_the_words_the_generator_writes():
    assert (at_size.COMMON_WORD, at_size.RARE_WORD) == (bulk.COMMON_WORD, bulk.RARE_WORD)
    bodies = [bulk.generate(number, older=[]).body for number in range(1, 200)]
    assert sum(bulk.COMMON_WORD in body for body in bodies) >= 150
    rare = bulk.generate(bulk.RARE_EVERY, older=[]).body
    assert bulk.RARE_WORD in rare and not any(bulk.RARE_WORD in body for body in bodies)


# --- the archive's months ---------------------------------------------------------------

_MONTHS = [datetime(2025, month, 15, 12, tzinfo=UTC) for month in (1, 2, 3)]
_when = st.sampled_from(
    [
        *_MONTHS,
        datetime(2025, 3, 31, 23, 30, tzinfo=UTC),  # 1 April in London (summer time)
        datetime(2025, 4, 1, 0, 30, tzinfo=UTC),
    ]
)
_step = st.one_of(
    st.tuples(st.just("new"), st.integers(0, 9), _when),
    st.tuples(st.just("reschedule"), st.integers(0, 9), _when),
    st.tuples(st.just("unpublish"), st.integers(0, 9), st.none()),
    st.tuples(st.just("publish"), st.integers(0, 9), st.none()),
    st.tuples(st.just("delete"), st.integers(0, 9), st.none()),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(_step, min_size=1, max_size=10))
@pytest.mark.django_db
def test_the_month_table_follows_every_save_and_delete(editor, steps):
    """Publish, reschedule (the second and later saves), unpublish, publish again and delete,
    in any order: after each, the table holds what grouping the articles gives."""
    Article.objects.all().delete()
    ArchiveMonth.objects.all().delete()
    category, author = factories.CategoryFactory(), factories.AuthorFactory()
    articles: list[Article] = []
    with time_machine.travel(datetime(2025, 6, 1, tzinfo=UTC), tick=False):
        for action, index, when in steps:
            target = articles[index % len(articles)] if articles else None
            if action == "new" or target is None:
                article = factories.ArticleFactory.build(
                    category=category, author=author, publish_at=when or _MONTHS[0]
                )
                articles.append(article_save(article=article, user=editor))
            elif action == "reschedule":
                target.publish_at = when
                article_save(article=target, user=editor)
            elif action == "unpublish":
                article_unpublish(article=target, user=editor)
            elif action == "publish":
                article_publish(article=target, user=editor)
            else:
                article_delete(article=target)
                articles.remove(target)
            assert _table() == _truth(), (action, index, when)
    archive_months_rebuild()
    assert _table() == _truth()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_saves_racing_in_one_month_are_all_counted():
    """Each save counts its month inside its own transaction: without the month's row lock,
    two saves at once would each count without the other, and one would be lost."""
    import threading
    import time

    from django.db import connections
    from django.db import transaction as db_transaction

    # A superuser, not the Editors group: a transactional test may run after another one
    # flushed the groups the migrations made.
    editor = factories.UserFactory(is_staff=True, is_superuser=True)
    category, author = factories.CategoryFactory(), factories.AuthorFactory()
    when = datetime(2025, 2, 10, 12, tzinfo=UTC)
    racers = 4
    first_saved = threading.Event()
    errors = []

    def save(index):
        try:
            article = factories.ArticleFactory.build(
                category=category, author=author, publish_at=when + timedelta(hours=index)
            )
            with db_transaction.atomic():
                if index:  # the others save while the first is saved but not committed
                    first_saved.wait(timeout=10)
                article_save(article=article, user=editor)
                if not index:
                    first_saved.set()
                    time.sleep(0.5)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Article.objects.count() == racers
    assert _table() == _truth()
    assert ArchiveMonth.objects.get().published == racers


@pytest.mark.django_db
def test_the_month_table_can_be_rebuilt_after_edits_that_bypassed_the_services():
    article = factories.ArticleFactory(publish_at=datetime(2024, 5, 10, tzinfo=UTC))
    Article.objects.filter(pk=article.pk).update(publish_at=datetime(2023, 2, 10, tzinfo=UTC))
    assert _table() != _truth()
    out = StringIO()
    call_command("rebuild_archive_months", stdout=out)
    assert _table() == _truth() and "has 1 month with" in out.getvalue()


@pytest.mark.django_db
def test_a_month_is_listed_once_its_first_article_is_due_without_any_write(client, editor):
    now = timezone.now()
    factories.ArticleFactory(publish_at=now - timedelta(days=400))
    scheduled = factories.ArticleFactory.build(
        publish_at=now + timedelta(days=40), category=factories.CategoryFactory()
    )
    scheduled.author = factories.AuthorFactory()
    article_save(article=scheduled, user=editor)
    month = timezone.localtime(scheduled.publish_at).date().replace(day=1)
    assert ArchiveMonth.objects.filter(month=month).exists()  # counted ahead …
    assert month not in selectors.archive_months()  # … listed only when due
    url = f"/archive/{month:%Y}/{month:%m}/"
    assert client.get(url).status_code == 404
    assert f"{month:%Y}/{month:%m}/" not in client.get("/archive/").content.decode()
    with time_machine.travel(scheduled.publish_at + timedelta(minutes=1)):
        assert month in selectors.archive_months()
        assert client.get(url).status_code == 200
        assert f"/archive/{month:%Y}/{month:%m}/" in client.get("/archive/").content.decode()
        year = client.get(f"/archive/{month:%Y}/")
        assert month in year.context["date_list"]


@pytest.mark.django_db
def test_archive_pages_list_the_same_periods_as_grouping_the_articles(client):
    now = timezone.now()
    for days in (3, 40, 41, 200, 380, 800):
        factories.ArticleFactory(publish_at=now - timedelta(days=days))
    published = Article.objects.published()
    months = list(published.dates("publish_at", "month"))
    assert selectors.archive_months() == months
    index = client.get("/archive/")
    assert list(index.context["date_list"]) == list(reversed(months))
    for year in published.dates("publish_at", "year"):
        page = client.get(f"/archive/{year:%Y}/")
        assert list(page.context["date_list"]) == [m for m in months if m.year == year.year]
    middle = months[len(months) // 2]
    page = client.get(f"/archive/{middle:%Y}/{middle:%m}/")
    before = [m for m in months if m < middle]
    after = [m for m in months if m > middle]
    assert page.context["previous_month"] == (before[-1] if before else None)
    assert page.context["next_month"] == (after[0] if after else None)


# --- pages numbered without counting everything ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("number", [1, 2, 3, 6, 7])
def test_lookahead_pages_hold_what_plain_pages_hold(number):
    category = factories.CategoryFactory()
    author = factories.AuthorFactory()
    now = timezone.now()
    for index in range(80):  # two at each instant: the key breaks the tie
        factories.ArticleFactory(
            category=category, author=author, publish_at=now - timedelta(hours=index // 2)
        )
    listing = selectors.listing().filter(category=category)
    page = LookaheadPaginator(listing, 12).page(number)
    plain = Paginator(listing, 12).page(number)
    assert list(page.object_list) == list(plain.object_list)
    assert page.has_next() == plain.has_next() and page.has_previous() == plain.has_previous()
    shown = list(page.paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
    if page.paginator.capped:  # the end not yet in sight: no last page number
        assert page.paginator.count < 80 and shown[-1] == page.paginator.ELLIPSIS
    else:
        assert page.paginator.count == 80 and shown[-1] == 7


@pytest.mark.django_db
def test_deep_and_last_pages_answer_and_beyond_the_end_is_404(client):
    category = factories.CategoryFactory()
    now = timezone.now()
    for index in range(100):
        factories.ArticleFactory(category=category, publish_at=now - timedelta(hours=index))
    url = category.get_absolute_url()
    first = client.get(url)
    assert first.context["paginator"].capped
    assert "?page=3" in first.content.decode() and "?page=9" not in first.content.decode()
    deep = client.get(url + "?page=8")
    assert deep.status_code == 200 and not deep.context["paginator"].capped
    assert "?page=9" in deep.content.decode()  # the last page, now in sight
    last = client.get(url + "?page=last")
    assert last.context["page_obj"].number == 9 and len(last.context["object_list"]) == 4
    assert client.get(url + "?page=10").status_code == 404


# --- search -------------------------------------------------------------------------------


@pytest.fixture
def hidden_word(db):
    """A members-only article whose body alone has the word "Marchbanks"."""
    return factories.ArticleFactory(
        headline="A report on the heralds' chapter",
        kind=Article.Kind.SPECIAL_REPORT,
        standfirst="The chapter met in the spring.",
        body="<p>It met.</p><p>[members-only]</p><p>The Marchbanks papers were read.</p>",
    )


@pytest.mark.django_db
def test_hidden_text_matches_for_members_only(client, hidden_word):
    anonymous = client.get("/search/", {"q": "Marchbanks"})
    assert anonymous.context["paginator"].count == 0
    assert "private" not in anonymous.get("Cache-Control", "")
    client.cookies["sessionid"] = "not-a-session"  # a session cookie is no membership
    assert client.get("/search/", {"q": "Marchbanks"}).context["paginator"].count == 0
    client.force_login(factories.UserFactory())
    member = client.get("/search/", {"q": "Marchbanks"})
    assert list(member.context["object_list"]) == [hidden_word]
    assert "private" in member["Cache-Control"]  # never kept by a shared cache
    inactive = factories.UserFactory(is_active=False)
    client.logout()
    client.force_login(inactive)
    assert client.get("/search/", {"q": "Marchbanks"}).context["paginator"].count == 0


@pytest.mark.django_db
def test_search_ranks_the_newest_matches_and_says_when_there_are_more(client, monkeypatch):
    now = timezone.now()
    articles = [
        factories.ArticleFactory(
            headline=f"Precedence note {index}", publish_at=now - timedelta(hours=index)
        )
        for index in range(5)
    ]
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)
    found = selectors.search(query="precedence", member=False)
    assert found.capped and set(found.keys) == {a.pk for a in articles[:3]}
    page = client.get("/search/", {"q": "precedence"})
    assert "More than 3 results" in page.content.decode()
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 5)
    assert not selectors.search(query="precedence", member=False).capped
    assert selectors.search(query="precedence", member=False).keys == [
        row.pk for row in Article.objects.published().search("precedence")
    ]  # within the cap: the very order of a full ranking


# --- plans ---------------------------------------------------------------------------------
# On a few thousand rows a scan of the table or a sort is the cheapest plan, and the planner
# rightly takes it; at 100,000 articles it takes the indexes (``bench/at_size.py``, EXPLAIN
# ANALYZE in the report of issue 10). So these tests price scans and sorts out
# (``enable_seqscan``/``enable_sort`` off) and ask whether a plan without them exists: one
# that reads each list in order from an index, and search from the GIN indexes.


@pytest.fixture
def shelves(db):
    """3,000 live articles over six sections, three bylines and the three kinds, with the
    planner's statistics; and one members-only article with a word only in its body."""
    sections = [factories.CategoryFactory() for _ in range(6)]
    bylines = [factories.AuthorFactory() for _ in range(3)]
    now = timezone.now()
    kinds = [Article.Kind.NEWS] * 8 + [Article.Kind.SPECIAL_REPORT, Article.Kind.NOTICE]
    Article.objects.bulk_create(
        Article(
            headline=f"Precedence at the court, note {index}",
            slug=f"precedence-note-{index}",
            standfirst="How the table was set.",
            body="<p>The order of the guests followed the diplomatic list.</p>",
            category=sections[index % 6],
            author=bylines[index % 3],
            kind=kinds[index % 10],
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=index),
        )
        for index in range(3_000)
    )
    hidden = factories.ArticleFactory(
        headline="A report on the heralds' chapter",
        kind=Article.Kind.SPECIAL_REPORT,
        standfirst="The chapter met in the spring.",
        body="<p>It met.</p><p>[members-only]</p><p>The Marchbanks papers were read.</p>",
        category=sections[0],
        author=bylines[0],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    return {"sections": sections, "bylines": bylines, "hidden": hidden}


def _plan(queryset, *, off=("seqscan", "sort")) -> str:
    sql, params = queryset.query.sql_with_params()
    return _explain(sql, params, off=off)


def _explain(sql: str, params=(), *, off=("seqscan", "sort")) -> str:
    with connection.cursor() as cursor:
        for method in ("seqscan", "sort", "indexscan"):
            cursor.execute(f"SET LOCAL enable_{method} = {'off' if method in off else 'on'}")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
def test_every_list_reads_its_page_keys_from_its_own_index_in_order(shelves):
    """No list sorts the table: each deep page's keys can come from an index, in the order
    shown (no Sort node), from the index alone; and each list has an index of its own, its
    equality filter first, then the order (a list walking another's index, filtering as it
    goes, reads most of the table for a deep page of a small section)."""
    month_start = timezone.now() - timedelta(days=60)
    lists = {
        "home": ([], selectors.listing()),
        "section": (["category_id"], selectors.listing().filter(category=shelves["sections"][1])),
        "byline": (["author_id"], selectors.listing().filter(author=shelves["bylines"][1])),
        "notices": (["kind"], selectors.listing().filter(kind=Article.Kind.NOTICE)),
        "archive month": (
            [],
            selectors.listing().filter(
                publish_at__gte=month_start, publish_at__lt=month_start + timedelta(days=31)
            ),
        ),
    }
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "articles_article")
    ordered = {
        tuple(info["columns"]): name
        for name, info in indexes.items()
        if info["index"]
        and info["orders"] == [*(["ASC"] * (len(info["orders"]) - 2)), "DESC", "DESC"]
    }
    for name, (filters, listing) in lists.items():
        plan = _plan(listing.values_list("pk", flat=True)[300:373])
        assert "Scan using article_" in plan and "Sort" not in plan, (name, plan)
        own = (*filters, "status", "publish_at", "id")
        assert own in ordered, (name, sorted(ordered))


@postgres_only
def test_the_home_blocks_are_limits_on_indexes_not_a_window_over_the_table(shelves):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        blocks = selectors.home_blocks(per_section=3, special_reports=3, notices=5)
    assert [len(articles) for _, articles in blocks.sections] == [3] * 6
    captured = [q["sql"] for q in queries.captured_queries if "articles_article" in q["sql"]]
    assert len(captured) == 1
    plan = _explain(captured[0])
    # One LIMIT on an index per list, nothing numbered or sorted but the found rows.
    assert "WindowAgg" not in plan and "Seq Scan on articles_article" not in plan, plan
    parts = plan.split("Append", 1)[1]
    assert parts.count("Limit") == 8 and parts.count("Scan using article_") == 8, plan
    assert "Sort" not in parts, plan


@postgres_only
def test_an_anonymous_search_goes_through_the_indexes_and_computes_no_vector(shelves):
    """A rare word's matches can come from the GIN indexes of both stored vectors, and no
    vector is computed per row (the 3-second search of issue 10 built one for every hidden
    row). A common word's newest matches come from walking the date index, in any plan."""
    for word in ("Marchbanks", "heralds chapter"):
        queryset = (
            Article.objects.published()
            .search(word, hidden=selectors.members_only_q())
            .order_by("-publish_at", "-pk")
            .values_list("pk", "publish_at", "rank")[: selectors.SEARCH_CANDIDATES + 1]
        )
        plan = _plan(queryset, off=("seqscan", "indexscan"))  # the rare word's plan
        assert "to_tsvector" not in plan and "Seq Scan" not in plan, plan
        assert "public_search_vector @@" in plan and "search_vector @@" in plan, plan
        # Each arm alone is served by its GIN index (the planner joins them as it costs).
        for field in ("search_vector", "public_search_vector"):
            alone = _plan(
                Article.objects.filter(**{field: SearchQuery(word, config="english")}),
                off=("seqscan", "indexscan"),
            )
            assert f"Bitmap Index Scan on articles_article_{field}_gin" in alone, alone
    found = selectors.search(query="Marchbanks", member=False)
    assert found.keys == []
    assert selectors.search(query="Marchbanks", member=True).keys == [shelves["hidden"].pk]
    common = selectors.search(query="precedence", member=False)
    assert common.capped and len(common.keys) == selectors.SEARCH_CANDIDATES
