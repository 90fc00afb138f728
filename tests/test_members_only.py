"""One rule decides what a visitor may read, and no anonymous output leaks the rest."""

import itertools
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.access import article_reading, is_members_only, members_only_q, teaser_html
from articles.models import Article
from tests import factories
from tests.journal import build_journal

pytestmark = pytest.mark.django_db

SENTINEL = "The Dowager’s codicil named a seventh heir"
SENTINEL_WORD = "quindecemviral"


@pytest.fixture
def journal():
    return build_journal(articles=6)


@pytest.fixture
def report(journal):
    """A special report (members-only by kind) with an editor's cut and a sentinel after it."""
    return factories.ArticleFactory(
        headline="Who keeps the registers of nobility",
        slug="who-keeps-the-registers",
        kind=Article.Kind.SPECIAL_REPORT,
        category=journal.categories[0],
        author=journal.authors[0],
        standfirst="A survey of the registers, state by state.",
        body=(
            "<p>From Brussels to Madrid, a handful of states still regulate noble status.</p>"
            "<p>[members-only]</p>"
            f"<p>{SENTINEL}, in a {SENTINEL_WORD} hand.</p><h2>Spain</h2><p>The Diputación.</p>"
        ),
    )


def _member(client):
    user = factories.UserFactory()
    client.force_login(user)
    return user


def _anonymous_outputs(client, journal, report) -> dict[str, str]:
    urls = {
        "article": report.get_absolute_url(),
        "home": "/",
        "section": report.category.get_absolute_url(),
        "author": report.author.get_absolute_url(),
        "search": f"/search/?q={SENTINEL_WORD}",
        "search-phrase": "/search/?q=Dowager codicil seventh heir",
        "rss": "/feed/",
        "atom": "/feed/atom/",
        "section-feed": f"/{report.category.slug}/feed/",
        "sitemap": "/sitemap.xml",
        "news-sitemap": "/sitemap-news.xml",
        "archive": "/archive/",
    }
    outputs = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        outputs[name] = response.content.decode()
    return outputs


def test_the_sentinel_after_the_cut_reaches_no_anonymous_output(client, journal, report):
    for name, content in _anonymous_outputs(client, journal, report).items():
        assert SENTINEL not in content, name
        if not name.startswith("search"):  # a search page repeats its own query
            assert SENTINEL_WORD not in content, name
    search = client.get(f"/search/?q={SENTINEL_WORD}")
    assert search.context["paginator"].count == 0  # hidden text cannot even be probed


def test_members_read_it_all_and_the_page_is_private(client, journal, report):
    _member(client)
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    assert SENTINEL in html
    assert "[members-only]" not in html
    assert "The rest of this article is for members" not in html
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_anonymous_readers_get_the_teaser_a_panel_and_a_public_cookie_free_page(
    client, journal, report
):
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    assert "From Brussels to Madrid" in html
    assert "The rest of this article is for members" in html
    assert 'href="/newsletter/"' in html and "Subscribe free" in html
    assert f"/accounts/login/?next={report.get_absolute_url()}" in html
    assert "public" in response["Cache-Control"]
    assert not response.cookies and "Cookie" not in response.get("Vary", "")


def test_a_visitor_with_a_session_cookie_who_is_not_a_member_is_never_served_publicly(
    client, journal, report
):
    client.cookies["sessionid"] = "stale-or-forged"
    response = client.get(report.get_absolute_url())
    assert SENTINEL not in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


def test_without_a_cut_non_members_see_the_first_two_blocks():
    body = "<p>One.</p><ul><li>Two.</li></ul><p>Three.</p><p>Four.</p><p>Five.</p>"
    assert teaser_html(body) == "<p>One.</p><ul><li>Two.</li></ul>"


def test_structured_data_marks_members_only_articles(client, journal, report):
    html = client.get(report.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"]["isAccessibleForFree"] is False


def test_the_access_rules(settings, journal):
    settings.ARCHIVE_FREE_DAYS = 90
    now = timezone.now()
    news = factories.ArticleFactory(kind=Article.Kind.NEWS)
    notice = factories.ArticleFactory(kind=Article.Kind.NOTICE)
    old = factories.ArticleFactory(publish_at=now - timedelta(days=91))
    old_free = factories.ArticleFactory(publish_at=now - timedelta(days=91), always_free=True)
    public_report = factories.ArticleFactory(
        kind=Article.Kind.SPECIAL_REPORT, access=Article.Access.PUBLIC
    )
    members_news = factories.ArticleFactory(access=Article.Access.MEMBERS)
    assert not is_members_only(news)
    assert is_members_only(notice)
    assert is_members_only(old)
    assert not is_members_only(old_free)
    assert not is_members_only(public_report)
    assert is_members_only(members_news)


def test_the_query_filter_and_the_function_always_agree(settings, journal):
    settings.ARCHIVE_FREE_DAYS = 90
    now = timezone.now()
    combinations = itertools.product(
        Article.Access.values, Article.Kind.values, [False, True], [1, 200]
    )
    for index, (access, kind, always_free, age) in enumerate(combinations):
        factories.ArticleFactory(
            slug=f"combination-{index}",
            access=access,
            kind=kind,
            always_free=always_free,
            publish_at=now - timedelta(days=age),
        )
    by_query = set(Article.objects.filter(members_only_q()).values_list("pk", flat=True))
    by_function = {a.pk for a in Article.objects.all() if is_members_only(a)}
    assert by_query == by_function


def test_the_admin_preview_shows_staff_the_whole_text(editor_client, report):
    response = editor_client.get(f"/admin/articles/article/{report.pk}/preview/")
    assert SENTINEL in response.content.decode()


def test_reading_for_nobody_and_for_a_member(report):
    assert article_reading(report, None).full is False
    member = factories.UserFactory()
    assert article_reading(report, member).full is True
    member.is_active = False
    assert article_reading(report, member).full is False


def test_cards_mark_members_only_articles(client, journal, report):
    html = client.get(report.category.get_absolute_url()).content.decode()
    card = html.split(report.headline, 1)[1].split("</article>", 1)[0]
    assert "Members" in card
