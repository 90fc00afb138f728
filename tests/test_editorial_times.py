"""Times staff type are stored as the admin's inputs show them (whole seconds), so pressing
"Save" on an unchanged form changes nothing: no change in the history, no new lastmod.

The models come from the admin registry: every model whose change form lets staff type a
date and time is saved again unchanged through that form, so a new one is covered without a
new test (it needs a factory in tests/factories.py, and fails here until it has one).
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import factory
import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.db import connection, models
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article
from articles.services import article_publish, article_save
from lordspress.core.dates import EditorialDateTimeField, truncate_stored_times
from lordspress.core.models import User
from newsletter.models import NewsletterIssue
from tests import factories
from tests.admin_forms import form_post_data

# A time with a fraction of a second, as ``timezone.now()`` gives: what used to be stored.
FRACTIONAL = datetime(2025, 6, 14, 9, 30, 15, 123456, tzinfo=UTC)


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = User(is_active=True, is_staff=True, is_superuser=True)
    return request


def _typed_times(model, model_admin) -> list[str]:
    """The date-and-time fields staff type in ``model``'s admin change form."""
    request = _superuser_request()
    if not model_admin.has_change_permission(request):
        return []  # shown read-only: nothing is typed, nothing is saved
    form = model_admin.get_form(request, None, change=True)
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField) and field.name in form.base_fields
    ]


TYPED_TIMES = {
    model: names
    for model, model_admin in admin.site._registry.items()
    if (names := _typed_times(model, model_admin))
}


def _label(model) -> str:
    return model._meta.label


def _factory_for(model):
    for candidate in vars(factories).values():
        if (
            isinstance(candidate, type)
            and issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.model is model
        ):
            return candidate
    pytest.fail(
        f"{_label(model)} is in the admin and staff type its {', '.join(TYPED_TIMES[model])}, "
        "but tests/factories.py has no factory for it: add one, so its change form is tested."
    )


def _stored(obj) -> dict:
    """The stored row, every concrete field but those the ORM sets on each save."""
    names = [
        field.attname
        for field in obj._meta.concrete_fields
        if not getattr(field, "auto_now", False)
    ]
    return type(obj)._default_manager.values(*names).get(pk=obj.pk)


def _press_save(client, obj) -> None:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {**form_post_data(page.content), "_continue": "Save"})
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )


def test_the_registry_walk_finds_the_typed_times():
    """The walk is not empty: the fields the issue names are in it."""
    assert {(_label(model), name) for model, names in TYPED_TIMES.items() for name in names} >= {
        ("articles.Article", "publish_at"),
        ("newsletter.NewsletterIssue", "created_at"),
    }


@pytest.mark.parametrize("model", list(TYPED_TIMES), ids=_label)
def test_an_unchanged_save_through_the_change_form_records_no_change(admin_client, model):
    """Set by a service or the shell to ``timezone.now()``-like times, then "Save" pressed
    twice on the unchanged form: the row is as it was, and the history shows no change."""
    with time_machine.travel(FRACTIONAL, tick=False):
        obj = _factory_for(model)(**dict.fromkeys(TYPED_TIMES[model], FRACTIONAL))
    before = _stored(obj)

    _press_save(admin_client, obj)
    _press_save(admin_client, obj)

    assert _stored(obj) == before
    if hasattr(obj, "history"):
        newest, *older = obj.history.order_by("-history_date", "-history_id")
        assert newest.diff_against(older[0]).changed_fields == []


def test_every_typed_time_is_stored_to_whole_seconds():
    """The rule is one field type: a new typed time that is a plain DateTimeField fails here."""
    for model, names in TYPED_TIMES.items():
        for name in names:
            field = model._meta.get_field(name)
            assert isinstance(field, EditorialDateTimeField), f"{_label(model)}.{name}"


def test_resaving_an_article_keeps_its_sitemap_entries_and_history(admin_client):
    """What the issue saw: each "Save" added a change to the history and moved the time the
    sitemaps give (the news sitemap's publication time)."""

    def sitemaps():
        return [admin_client.get(path).content for path in ("/sitemap.xml", "/sitemap-news.xml")]

    with time_machine.travel(FRACTIONAL + timedelta(hours=1), tick=False):
        article = factories.ArticleFactory(publish_at=FRACTIONAL)
        before = sitemaps()
        _press_save(admin_client, article)
        assert sitemaps() == before
    history = admin_client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    ).content.decode()
    assert "publish at" not in history.lower().split("<tbody")[-1]


@time_machine.travel(FRACTIONAL, tick=False)
def test_times_set_by_the_services_are_whole_seconds(editor):
    draft = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    article_publish(article=draft, user=editor)
    assert draft.publish_at == FRACTIONAL.replace(microsecond=0)

    article_save(article=draft, user=editor, material_update=True)
    draft.refresh_from_db()
    assert draft.updated_at == FRACTIONAL.replace(microsecond=0)
    assert draft.history.order_by("-history_id").first().updated_at == draft.updated_at

    issue = factories.NewsletterIssueFactory()  # the default: timezone.now()
    issue.refresh_from_db()
    assert issue.created_at == FRACTIONAL.replace(microsecond=0)


@pytest.mark.django_db
def test_update_and_bulk_writes_store_whole_seconds_and_lookups_stay_exact():
    article = factories.ArticleFactory()
    Article.objects.filter(pk=article.pk).update(publish_at=FRACTIONAL)
    assert Article.objects.get(pk=article.pk).publish_at == FRACTIONAL.replace(microsecond=0)
    article.publish_at = FRACTIONAL + timedelta(seconds=5)
    Article.objects.bulk_update([article], ["publish_at"])
    stored = Article.objects.get(pk=article.pk).publish_at
    assert stored == FRACTIONAL.replace(microsecond=0) + timedelta(seconds=5)
    # A lookup compares with the time as given, not rounded: 0.9 s before is still before.
    earlier = stored - timedelta(microseconds=900_000)
    assert not Article.objects.filter(pk=article.pk, publish_at__lte=earlier).exists()


@pytest.mark.django_db
def test_the_data_migration_truncates_times_stored_before():
    article = factories.ArticleFactory()
    issue = factories.NewsletterIssueFactory()
    revision = article.history.latest("history_date")
    table = connection.ops.quote_name
    fractional = connection.ops.adapt_datetimefield_value(FRACTIONAL)
    with connection.cursor() as cursor:
        for model, pk_name, pk, column in [
            (Article, "id", article.pk, "publish_at"),
            (Article, "id", article.pk, "updated_at"),
            (article.history.model, "history_id", revision.history_id, "publish_at"),
            (NewsletterIssue, "id", issue.pk, "created_at"),
        ]:
            cursor.execute(
                f"UPDATE {table(model._meta.db_table)} SET {column} = %s "  # noqa: S608
                f"WHERE {pk_name} = %s",
                [fractional, pk],
            )
    assert Article.objects.get(pk=article.pk).publish_at == FRACTIONAL

    schema_editor = SimpleNamespace(connection=connection)
    truncate_stored_times(
        ("articles", "Article", "publish_at"),
        ("articles", "Article", "updated_at"),
        ("articles", "HistoricalArticle", "publish_at"),
        ("articles", "HistoricalArticle", "updated_at"),
    )(apps, schema_editor)
    truncate_stored_times(("newsletter", "NewsletterIssue", "created_at"))(apps, schema_editor)

    whole = FRACTIONAL.replace(microsecond=0)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.publish_at, stored.updated_at) == (whole, whole)
    assert article.history.get(history_id=revision.history_id).publish_at == whole
    assert NewsletterIssue.objects.get(pk=issue.pk).created_at == whole
