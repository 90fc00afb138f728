"""Writers draft and submit; editors publish, schedule, correct, preview and restore."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import article_save
from tests import factories

ADD_URL = reverse("admin:articles_article_add")


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def article_form(*, category, author, editor=False, **overrides):
    """POST data for the article admin form (with the inline management form for editors)."""
    data = {
        "headline": "The Garter service at Windsor",
        "slug": "the-garter-service-at-windsor",
        "standfirst": "Knights and Ladies of the Garter processed to St George’s Chapel.",
        "body": "<p>The procession left the Upper Ward at a quarter to three.</p>",
        "image_alt": "",
        "image_caption": "",
        "image_credit": "",
        "category": category.pk,
        "author": author.pk,
        "kind": Article.Kind.NEWS,
        "status": Article.Status.DRAFT,
        "meta_description": "",
    }
    if editor:
        data.update(
            {
                "access": Article.Access.DEFAULT,
                "publish_at_0": "",
                "publish_at_1": "",
                "corrections-TOTAL_FORMS": "0",
                "corrections-INITIAL_FORMS": "0",
                "corrections-MIN_NUM_FORMS": "0",
                "corrections-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def desk(db, writer, editor):
    section = factories.CategoryFactory(name="Royalty & Nobility", slug="royalty-nobility")
    byline = factories.AuthorFactory(name="J.R.", slug="j-r")
    byline.users.add(writer, editor)
    other_byline = factories.AuthorFactory(name="A. de V.", slug="a-de-v")
    return {"section": section, "byline": byline, "other_byline": other_byline}


# --- writers ------------------------------------------------------------------------------


def test_writer_can_submit_for_review_and_editors_are_emailed(
    writer_client, writer, editor, desk, django_capture_on_commit_callbacks
):
    data = article_form(
        category=desk["section"], author=desk["byline"], status=Article.Status.IN_REVIEW
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = writer_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug=data["slug"])
    assert article.status == Article.Status.IN_REVIEW
    assert article.created_by == writer
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "For review: The Garter service at Windsor" in mail.outbox[0].subject


def test_writer_cannot_publish_through_the_form(writer_client, desk):
    data = article_form(
        category=desk["section"], author=desk["byline"], status=Article.Status.PUBLISHED
    )
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["status"])


def test_writer_may_only_use_their_own_bylines(writer_client, desk):
    data = article_form(category=desk["section"], author=desk["other_byline"])
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "author" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_writer_sees_and_edits_only_their_own_unpublished_articles(writer_client, writer, desk):
    own = factories.ArticleFactory(
        created_by=writer, status=Article.Status.DRAFT, publish_at=None, author=desk["byline"]
    )
    own_published = factories.ArticleFactory(created_by=writer, author=desk["byline"])
    someone_elses = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    listing = writer_client.get(reverse("admin:articles_article_changelist"))
    shown = {a.pk for a in listing.context["cl"].result_list}
    assert shown == {own.pk, own_published.pk}

    assert writer_client.get(_change_url(someone_elses)).status_code == 302  # "doesn't exist"
    assert writer_client.get(_change_url(own)).status_code == 200

    # A published article is read-only for its writer, and a forged POST is refused.
    page = writer_client.get(_change_url(own_published))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    forged = article_form(category=desk["section"], author=desk["byline"], headline="Changed")
    assert writer_client.post(_change_url(own_published), forged).status_code == 403
    own_published.refresh_from_db()
    assert own_published.headline != "Changed"


def test_writer_is_not_offered_publishing_actions_and_cannot_force_them(
    writer_client, writer, desk
):
    draft = factories.ArticleFactory(
        created_by=writer, status=Article.Status.DRAFT, publish_at=None, author=desk["byline"]
    )
    listing = writer_client.get(reverse("admin:articles_article_changelist"))
    action_form = listing.context["action_form"]
    actions = [name for name, _ in action_form.fields["action"].choices] if action_form else []
    assert "publish_selected" not in actions
    writer_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_writer_does_not_get_the_corrections_inline(writer_client, writer, desk):
    draft = factories.ArticleFactory(
        created_by=writer, status=Article.Status.DRAFT, publish_at=None, author=desk["byline"]
    )
    page = writer_client.get(_change_url(draft))
    assert b"corrections-TOTAL_FORMS" not in page.content


# --- editors ------------------------------------------------------------------------------


def test_editor_publishes_and_the_article_is_on_the_home_page(editor_client, client, desk):
    data = article_form(
        category=desk["section"],
        author=desk["byline"],
        editor=True,
        status=Article.Status.PUBLISHED,
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug=data["slug"])
    assert article.publish_at is not None
    client.logout()
    assert data["headline"].encode() in client.get("/").content


def test_editor_schedules_and_the_article_goes_live_on_time_without_a_job(
    editor_client, client, desk
):
    when = timezone.localtime() + timedelta(days=2)
    data = article_form(
        category=desk["section"],
        author=desk["byline"],
        editor=True,
        status=Article.Status.PUBLISHED,
        publish_at_0=when.strftime("%d/%m/%Y"),
        publish_at_1=when.strftime("%H:%M:%S"),
    )
    assert editor_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get(slug=data["slug"])
    assert article.is_scheduled
    listing = editor_client.get(reverse("admin:articles_article_changelist"))
    assert b"Scheduled for" in listing.content

    assert client.get(article.get_absolute_url()).status_code == 404
    assert data["headline"].encode() not in client.get("/").content
    with time_machine.travel(when + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert data["headline"].encode() in client.get("/").content


def test_editor_publish_and_unpublish_actions(editor_client, client):
    draft = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_live
    assert client.get(draft.get_absolute_url()).status_code == 200

    editor_client.post(changelist, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_material_update_shows_updated_and_an_ordinary_save_does_not(editor_client, client):
    article = factories.ArticleFactory()
    form = editor_client.get(_change_url(article)).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "image"}
    data.update(
        article_form(
            category=article.category,
            author=article.author,
            editor=True,
            status=Article.Status.PUBLISHED,
            slug=article.slug,
            headline=article.headline,
            publish_at_0=timezone.localtime(article.publish_at).strftime("%d/%m/%Y"),
            publish_at_1=timezone.localtime(article.publish_at).strftime("%H:%M:%S"),
        )
    )
    data.pop("updated_at", None)
    assert editor_client.post(_change_url(article), data).status_code == 302
    assert b"Updated" not in client.get(article.get_absolute_url()).content

    data["material_update"] = "on"
    assert editor_client.post(_change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.updated_at is not None
    assert b"article__updated" in client.get(article.get_absolute_url()).content


def test_editor_adds_a_correction_shown_under_the_article(editor_client, client):
    article = factories.ArticleFactory()
    Correction.objects.create(
        article=article, text="The investiture took place on 12 May, not 14 May."
    )
    page = client.get(article.get_absolute_url())
    assert b"Corrections" in page.content
    assert b"The investiture took place on 12 May, not 14 May." in page.content


# --- preview ------------------------------------------------------------------------------


def test_preview_shows_a_draft_as_readers_would_see_it(writer_client, writer, desk):
    draft = factories.ArticleFactory(
        created_by=writer,
        status=Article.Status.DRAFT,
        publish_at=None,
        author=desk["byline"],
        headline="A draft about the Order of the Thistle",
    )
    url = reverse("admin:articles_article_preview", args=[draft.pk])
    response = writer_client.get(url)
    assert response.status_code == 200
    assert b"A draft about the Order of the Thistle" in response.content
    assert b"Preview." in response.content
    assert b'class="article__body prose"' in response.content
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_is_staff_only_and_writers_see_only_their_own(client, writer_client, desk):
    other = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    url = reverse("admin:articles_article_preview", args=[other.pk])
    assert writer_client.get(url).status_code == 404
    writer_client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]


def test_view_on_site_points_drafts_to_the_preview(editor_client):
    draft = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    page = editor_client.get(_change_url(draft))
    assert reverse("admin:articles_article_preview", args=[draft.pk]).encode() in page.content


# --- revisions ----------------------------------------------------------------------------


def test_every_save_keeps_a_revision_an_editor_can_restore(editor_client, editor, client):
    article = factories.ArticleFactory(headline="The original headline")
    article.headline = "A regrettable headline"
    article_save(article=article, user=editor)
    history = list(article.history.order_by("history_date"))
    assert [h.headline for h in history] == ["The original headline", "A regrettable headline"]

    history_page = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history_page.status_code == 200
    assert b"The original headline" in history_page.content
    assert b"A regrettable headline" in history_page.content

    original = history[0]
    revert_url = reverse(
        "admin:articles_article_simple_history", args=[article.pk, original.history_id]
    )
    form = editor_client.get(revert_url).context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in {"image", "updated_at", "publish_at"}
    }
    local = timezone.localtime(article.publish_at)
    data.update(
        {
            "category": article.category_id,
            "author": article.author_id,
            "publish_at_0": local.strftime("%d/%m/%Y"),
            "publish_at_1": local.strftime("%H:%M:%S"),
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
        }
    )
    response = editor_client.post(revert_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.headline == "The original headline"
    assert b"The original headline" in client.get(article.get_absolute_url()).content
