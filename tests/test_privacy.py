"""Staff identities never reach public output: pages, feeds, sitemaps, meta, files, email."""

import pytest
from django.core import mail

from articles.models import Article
from articles.services import article_save
from tests.journal import (
    SENTINEL_EMAIL,
    SENTINEL_LOGIN_PART,
    SENTINEL_NAME,
    build_journal,
)

SENTINELS = [SENTINEL_NAME, SENTINEL_EMAIL, SENTINEL_LOGIN_PART, "Zebediah", "Quillfeather"]


@pytest.fixture
def journal(db):
    return build_journal()


def _assert_no_sentinel(label: str, text: str) -> None:
    lowered = text.lower()
    for sentinel in SENTINELS:
        assert sentinel.lower() not in lowered, f"{sentinel!r} leaked into {label}"


def test_no_public_page_feed_or_sitemap_names_the_staff(client, journal):
    for url in journal.public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_sentinel(url, response.content.decode())
        _assert_no_sentinel(f"headers of {url}", str(dict(response.headers)))


def test_uploaded_image_names_do_not_carry_the_uploaders_file_name(journal):
    article = Article.objects.exclude(image="").first()
    assert article.image.name
    _assert_no_sentinel("image path", article.image.name + article.image_card.name)


def test_the_review_notification_names_the_byline_not_the_writer(
    journal, writer, editor, django_capture_on_commit_callbacks
):
    journal.authors[0].users.add(writer)
    writer.full_name = SENTINEL_NAME
    writer.save()
    article = Article(
        headline="A draft on the Garter",
        slug="a-draft-on-the-garter",
        standfirst="For review.",
        body="<p>Text.</p>",
        category=journal.categories[0],
        author=journal.authors[0],
        status=Article.Status.IN_REVIEW,
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=article, user=writer)
    assert mail.outbox, "editors should have been told"
    for message in mail.outbox:
        _assert_no_sentinel("review email", message.subject + message.body)
        assert "LP Staff Writers" in message.body
