"""Search: ranked full-text search on PostgreSQL, a plain every-word match on SQLite."""

import pytest
from django.db import connection

from articles.models import Article
from tests import factories

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


@pytest.fixture
def articles(db):
    return {
        "headline": factories.ArticleFactory(
            headline="The Heraldic Succession of Wrexley", body="<p>A note.</p>"
        ),
        "body": factories.ArticleFactory(
            headline="A quiet week at court",
            body="<p>Among other <strong>business</strong>, a heraldic succession was recorded.</p>",
        ),
        "unrelated": factories.ArticleFactory(
            headline="Treaty of Utrecht remembered", body="<p>Three centuries on.</p>"
        ),
    }


@postgres_only
def test_headline_matches_rank_above_body_matches(articles):
    results = list(Article.objects.published().search("heraldic succession"))
    assert results[:2] == [articles["headline"], articles["body"]]
    assert articles["unrelated"] not in results


@postgres_only
def test_stemming_and_web_search_syntax(articles):
    assert articles["headline"] in Article.objects.published().search("successions")
    excluded = Article.objects.published().search("heraldic -court")
    assert articles["body"] not in excluded and articles["headline"] in excluded
    assert list(Article.objects.published().search('"treaty of utrecht"')) == [
        articles["unrelated"]
    ]


@postgres_only
def test_html_tags_are_not_searchable(articles):
    assert not Article.objects.published().search("strong").exists()


@postgres_only
def test_the_search_vector_follows_every_edit(articles, editor):
    from articles.services import article_save

    article = articles["unrelated"]
    article.body = "<p>Now about the Lateran Treaty.</p>"
    article_save(article=article, user=editor)
    assert article in Article.objects.published().search("lateran")


@sqlite_only
def test_fallback_requires_every_word(articles):
    results = set(Article.objects.published().search("heraldic succession"))
    assert results == {articles["headline"], articles["body"]}
    assert not Article.objects.published().search("heraldic utrecht").exists()
