"""A published article that moves keeps answering at every address it had (301)."""

from datetime import timedelta

import pytest

from articles.models import Article, ArticleRedirect
from articles.services import article_save
from tests import factories


@pytest.fixture
def article(db):
    return factories.ArticleFactory(slug="state-visit-to-lisbon")


def _move(article, editor, **changes):
    for field, value in changes.items():
        setattr(article, field, value)
    return article_save(article=article, user=editor)


def test_changing_the_slug_redirects_the_old_address(client, article, editor):
    old_url = article.get_absolute_url()
    _move(article, editor, slug="state-visit-to-portugal")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_changing_the_date_redirects_the_old_address(client, article, editor):
    old_url = article.get_absolute_url()
    _move(article, editor, publish_at=article.publish_at - timedelta(days=3))
    assert old_url != article.get_absolute_url()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_every_earlier_address_goes_straight_to_the_current_one(client, article, editor):
    first = article.get_absolute_url()
    _move(article, editor, slug="second-slug")
    second = article.get_absolute_url()
    _move(article, editor, slug="third-slug")
    for old in (first, second):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()


def test_moving_back_leaves_no_redirect_on_the_live_address(client, article, editor):
    original = article.get_absolute_url()
    _move(article, editor, slug="temporary-slug")
    _move(article, editor, slug="state-visit-to-lisbon")
    assert not ArticleRedirect.objects.filter(old_path=original).exists()
    assert client.get(original).status_code == 200


def test_drafts_leave_no_redirects_and_unpublished_articles_are_not_followed(
    client, article, editor
):
    draft = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    _move(draft, editor, slug="renamed-draft")
    assert not ArticleRedirect.objects.filter(article=draft).exists()

    old_url = article.get_absolute_url()
    _move(article, editor, slug="moved")
    _move(article, editor, status=Article.Status.DRAFT)
    assert client.get(old_url).status_code == 404
