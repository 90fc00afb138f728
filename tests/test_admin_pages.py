"""Every admin screen opens for the people who use it, so staff never need the shell."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.journal import build_journal


@pytest.fixture
def journal(db):
    return build_journal(articles=4)


def _admin_urls():
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if model_admin.has_add_permission.__func__ is not admin.ModelAdmin.has_add_permission:
            continue  # singletons and read-only screens decide for themselves
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


def test_every_admin_screen_opens_for_a_superuser(admin_client, journal):
    for url in _admin_urls():
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200, url


def test_change_pages_open_for_an_editor(editor_client, journal):
    article = journal.article
    urls = [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_category_changelist"),
        reverse("admin:authors_author_change", args=[journal.authors[0].pk]),
        reverse("admin:sitesettings_sitesettings_changelist"),
        reverse("admin:sponsors_sponsor_changelist"),
        reverse("admin:pages_page_changelist"),
        reverse("admin:articles_article_changelist") + "?status__exact=published&q=succession",
    ]
    for url in urls:
        assert editor_client.get(url, follow=True).status_code == 200, url


def test_byline_autocomplete_offers_writers_only_their_bylines(writer_client, writer, journal):
    journal.authors[1].users.add(writer)
    response = writer_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "author", "term": ""},
    )
    assert [r["text"] for r in response.json()["results"]] == [journal.authors[1].name]


def test_editors_see_the_weather_and_the_outbox(editor_client, journal):
    assert editor_client.get("/admin/weather/weatherreading/").status_code == 200
    assert editor_client.get("/admin/outbox/outboundemail/").status_code == 200


def test_admin_lists_cost_the_same_with_few_rows_or_many(admin_client, journal):
    """No change list runs a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    lists = [
        "/admin/articles/correction/",
        "/admin/articles/articleredirect/",
        "/admin/articles/category/",
        "/admin/articles/article/",
        "/admin/authors/author/",
        "/admin/lordspress/user/",
        "/admin/consent/cookie/",
        "/admin/consent/service/",
        "/admin/consent/category/",
        "/admin/consent/policyversion/",
    ]

    def counts():
        result = {}
        for url in lists:
            with CaptureQueriesContext(connection) as queries:
                assert admin_client.get(url).status_code == 200, url
            result[url] = len(queries)
        return result

    from articles.models import ArticleRedirect
    from consent.models import Category as ConsentCategory
    from consent.models import Cookie
    from consent.services import policy_version_publish

    def add_rows(articles):
        for article in articles:
            factories.CorrectionFactory(article=article)
            ArticleRedirect.objects.create(old_path=f"/old/{article.pk}/", article=article)
            Cookie.objects.create(
                name=f"lp_test_{article.pk}",
                category=ConsentCategory.objects.get(key="analytics"),
                provider="Lord’s Press",
                purpose="A test entry.",
                duration="1 day",
            )
            policy_version_publish(banner_text=f"Version for {article.pk}.")
        factories.UserFactory.create_batch(len(articles))

    add_rows(journal.articles[:1])  # every list has rows: the baseline is "a few", not "none"
    counts()  # warm the site-wide caches (consent registry, chrome) first
    before = counts()
    add_rows(journal.articles[1:])
    counts()  # publishing versions emptied the registry cache: warm it again
    assert counts() == before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/lordspress/sponsor/", "/admin/sponsors/sponsor/"),
        ("/admin/lordspress/page/3/change/", "/admin/pages/page/3/change/"),
        ("/admin/lordspress/sitesettings/1/change/", "/admin/sitesettings/sitesettings/1/change/"),
        ("/admin/lordspress/sociallink/?o=1", "/admin/sitesettings/sociallink/?o=1"),
        ("/admin/lordspress/outboundemail/", "/admin/outbox/outboundemail/"),
        ("/admin/lordspress/weatherreading/", "/admin/weather/weatherreading/"),
    ],
)
def test_admin_addresses_from_before_the_models_moved_lead_to_their_new_place(client, old, new):
    """Bookmarks from before issue 9 (the models had the "lordspress" label) keep working."""
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.django_db
def test_the_users_admin_keeps_its_address(admin_client):
    assert admin_client.get("/admin/lordspress/user/").status_code == 200
