"""Who may change which article field holds on every write path, not only in the change form.

Editors alone set where an article stands (lead story), who may read it (access, "always
free") and the times readers see (publish at, updated). The service refuses those changes
from anyone else; a writer's history revert restores the rest and keeps those, and says so.
"""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article
from articles.services import EDITOR_ONLY_FIELDS, article_save
from lordspress.pages.models import Page
from newsletter.models import Subscriber
from newsletter.subscriptions import subscriber_staff_update
from tests import factories
from tests.admin_forms import form_post_data

# What an editor might set on a writer's draft, one value per editor-only field. A field added
# to EDITOR_ONLY_FIELDS without a value here fails every test below (KeyError), on purpose.
# Times as an editor types them, in whole seconds (lordspress.core.dates.EditorialDateTimeField).
EDITORS_VALUES = {
    "publish_at": lambda: (timezone.now() + timedelta(days=2)).replace(microsecond=0),
    "updated_at": lambda: (timezone.now() - timedelta(hours=1)).replace(microsecond=0),
    "is_lead": lambda: True,
    "access": lambda: Article.Access.MEMBERS,
    "always_free": lambda: True,
    "kind": lambda: Article.Kind.SPECIAL_REPORT,
}


@pytest.fixture
def byline(writer, editor):
    author = factories.AuthorFactory(name="J.R.", slug="j-r")
    author.users.add(writer, editor)
    return author


@pytest.fixture
def draft(writer, byline):
    """A writer's draft, then the same draft after an editor's pass (a second revision)."""
    return factories.ArticleFactory(
        created_by=writer,
        author=byline,
        status=Article.Status.DRAFT,
        publish_at=None,
        headline="The Garter service at Windsor",
        kind=Article.Kind.NEWS,
    )


def _editor_changes(article, editor, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    return article_save(article=article, user=editor)


def _revert_url(article, record):
    return reverse("admin:articles_article_simple_history", args=[article.pk, record.history_id])


def _first_revision(article):
    return article.history.order_by("history_date", "history_id").first()


def _revert(client, article):
    """Open the first revision's revert page and press Revert, as its user would."""
    url = _revert_url(article, _first_revision(article))
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_post_data(page.content), follow=True)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- the history revert -------------------------------------------------------------------


def test_a_writers_revert_keeps_what_the_editor_set_and_readers_see_it(
    writer_client, editor, draft
):
    _editor_changes(
        draft,
        editor,
        headline="Knights of the Garter process to St George’s Chapel",
        is_lead=True,
        access=Article.Access.MEMBERS,
    )

    response = _revert(writer_client, draft)

    assert response.status_code == 200
    shown = " ".join(_messages(response))
    assert "except lead story and access: only editors may change them" in shown
    draft.refresh_from_db()
    assert draft.headline == "The Garter service at Windsor"  # the writer's text is restored

    # Published by an editor, the article is what the editor decided: it leads the home page
    # and non-members meet the members' panel.
    draft.status = Article.Status.PUBLISHED
    article_save(article=draft, user=editor)
    reader = Client()
    home = reader.get("/")
    assert b'class="lead__headline"' in home.content
    assert b"The Garter service at Windsor</a></h3>" in home.content
    page = reader.get(draft.get_absolute_url())
    assert b"The rest of this article is for members" in page.content


@pytest.mark.parametrize("field", EDITOR_ONLY_FIELDS)
def test_a_writers_revert_leaves_each_editor_only_field_as_it_is(
    writer_client, editor, draft, field
):
    editors_value = EDITORS_VALUES[field]()
    _editor_changes(draft, editor, headline="An editor’s headline", **{field: editors_value})

    response = _revert(writer_client, draft)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.headline == "The Garter service at Windsor"
    assert getattr(draft, field) == editors_value
    told = " ".join(_messages(response))
    if field == "updated_at":
        assert "The “Updated” time stays as it is" in told
    else:
        assert f"except {Article._meta.get_field(field).verbose_name}: only editors" in told


def test_an_editors_revert_restores_editor_fields_but_not_the_updated_mark(editor_client, editor):
    reader = Client()
    article = factories.ArticleFactory(headline="The original headline")
    article.headline = "A regrettable headline"
    article.access = Article.Access.MEMBERS
    article_save(article=article, user=editor, material_update=True)
    assert b"article__updated" in reader.get(article.get_absolute_url()).content

    response = _revert(editor_client, article)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "The original headline"
    assert article.access == Article.Access.DEFAULT  # an editor may restore it
    assert "The “Updated” time stays as it is" in " ".join(_messages(response))
    page = reader.get(article.get_absolute_url())
    assert b"The original headline" in page.content
    assert b"article__updated" in page.content  # readers are not told it never changed


# --- every history revert in the admin -----------------------------------------------------


def _article_scene(users):
    byline = factories.AuthorFactory()
    byline.users.add(users["writer"], users["editor"])
    return factories.ArticleFactory(
        created_by=users["writer"], author=byline, status=Article.Status.DRAFT, publish_at=None
    )


# An object of each model with history, as its staff would find it, and a text field to
# revert. A model given history in the admin without an entry here fails the test below.
HISTORY_SCENES = {
    Article: (_article_scene, "headline"),
    Page: (lambda users: factories.PageFactory(), "title"),
}


def _another_value(field, value):
    if isinstance(field, models.BooleanField):
        return not value
    if field.choices:
        return next(choice for choice, _ in field.flatchoices if choice != value)
    if isinstance(field, models.DateTimeField):
        return (value or timezone.now()) - timedelta(days=1)
    raise AssertionError(f"Teach _another_value about {field!r}.")


@pytest.mark.parametrize("role", ["writer", "editor", "superuser"])
def test_every_history_revert_keeps_what_its_user_may_not_type(writer, editor, admin_user, role):
    """Walks every SimpleHistoryAdmin: a revert changes only what the reverting user could
    change in the change form; fields read-only to them keep their current values."""
    users = {"writer": writer, "editor": editor, "superuser": admin_user}
    user = users[role]
    client = Client()
    client.force_login(user)
    history_admins = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert {model for model, _ in history_admins} <= set(HISTORY_SCENES)
    for model, model_admin in history_admins:
        build, text_field = HISTORY_SCENES[model]
        obj = build(users)
        request = RequestFactory().get("/")
        request.user = user
        if not model_admin.has_change_permission(request, obj):
            continue
        locked = [
            model._meta.get_field(name)
            for name in model_admin.get_readonly_fields(request, obj)
            if name in {f.name for f in model._meta.concrete_fields}
        ]
        original = getattr(obj, text_field)
        for field in locked:  # someone with every right changes them, and the text
            setattr(obj, field.name, _another_value(field, getattr(obj, field.name)))
        setattr(obj, text_field, "Changed since")
        obj.save()
        obj.refresh_from_db()
        current = {field.name: getattr(obj, field.name) for field in locked}

        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
            args=[obj.pk, obj.history.order_by("history_date", "history_id")[0].history_id],
        )
        response = client.post(url, form_post_data(client.get(url).content))

        assert response.status_code == 302, (model, response.context["adminform"].form.errors)
        obj.refresh_from_db()
        assert getattr(obj, text_field) == original, model
        assert {name: getattr(obj, name) for name in current} == current, model


# --- the service itself (the shell, imports, anything that is not a form) -----------------


@pytest.mark.parametrize("field", EDITOR_ONLY_FIELDS)
def test_the_service_refuses_a_writer_each_editor_only_field(writer, draft, field):
    before = getattr(draft, field)
    draft.headline = "Changed by a script"
    setattr(draft, field, EDITORS_VALUES[field]())

    with pytest.raises(PermissionDenied) as refused:
        article_save(article=draft, user=writer)

    label = str(Article._meta.get_field(field).verbose_name)
    assert f"Only editors may change {label}" in str(refused.value)
    draft.refresh_from_db()
    assert draft.headline == "The Garter service at Windsor"
    assert getattr(draft, field) == before


def test_a_writer_cannot_create_a_members_only_lead_story_from_the_shell(writer, byline):
    article = Article(
        headline="A notice",
        slug="a-notice",
        standfirst="A notice.",
        body="<p>A notice.</p>",
        category=factories.CategoryFactory(),
        author=byline,
        is_lead=True,
        access=Article.Access.MEMBERS,
    )
    with pytest.raises(PermissionDenied, match="lead story and access"):
        article_save(article=article, user=writer)
    assert not Article.objects.filter(slug="a-notice").exists()


def test_a_writer_still_saves_their_draft_after_an_editor_set_those_fields(writer, editor, draft):
    _editor_changes(draft, editor, is_lead=True, access=Article.Access.MEMBERS)
    draft.refresh_from_db()
    draft.headline = "A better headline"
    article_save(article=draft, user=writer)
    draft.refresh_from_db()
    assert (draft.headline, draft.is_lead, draft.access) == (
        "A better headline",
        True,
        Article.Access.MEMBERS,
    )


# --- bylines --------------------------------------------------------------------------------


def test_the_service_refuses_a_writer_someone_elses_byline(writer, draft):
    other = factories.AuthorFactory(name="A. de V.", slug="a-de-v")
    draft.author = other
    with pytest.raises(PermissionDenied, match="only under your own bylines"):
        article_save(article=draft, user=writer)
    draft.refresh_from_db()
    assert draft.author.name == "J.R."


def test_a_writer_keeps_the_byline_an_editor_chose_in_the_form_too(writer_client, editor, draft):
    collective = factories.AuthorFactory(name="LP Staff Writers", slug="lp-staff-writers")
    _editor_changes(draft, editor, author=collective)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = form_post_data(writer_client.get(url).content)
    data["headline"] = "A better headline"

    response = writer_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.headline, draft.author) == ("A better headline", collective)


def test_a_writers_revert_cannot_restore_someone_elses_byline(
    writer_client, writer, editor, byline
):
    other = factories.AuthorFactory(name="A. de V.", slug="a-de-v")
    draft = factories.ArticleFactory(
        created_by=writer, author=other, status=Article.Status.DRAFT, publish_at=None
    )
    _editor_changes(draft, editor, author=byline)  # an editor gives the writer the draft

    url = _revert_url(draft, _first_revision(draft))
    response = writer_client.post(url, form_post_data(writer_client.get(url).content))

    assert response.status_code == 200
    assert "author" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.author == byline


# --- the same kind elsewhere: subscribers -------------------------------------------------


@pytest.fixture
def reader(db):
    return Subscriber.objects.create(
        email="reader@example.org",
        name="A Reader",
        status=Subscriber.Status.CONFIRMED,
        newsletter=True,
        confirmed_at=timezone.now() - timedelta(days=30),
        provenance="",
    )


def test_staff_stopping_the_newsletter_records_when_as_an_unsubscribe_does(admin_client, reader):
    url = reverse("admin:newsletter_subscriber_change", args=[reader.pk])
    data = form_post_data(admin_client.get(url).content)
    assert data.pop("newsletter") == "on"

    assert admin_client.post(url, data).status_code == 302

    exported = admin_client.get("/admin/newsletter/subscriber/export/").content.decode()
    row = exported.splitlines()[1].split(",")
    assert row[0] == "reader@example.org"
    assert row[3] == "no"
    assert row[8], "the export must show when the newsletter stopped"
    assert not Subscriber.objects.receiving_newsletter().exists()


def test_nobody_but_the_reader_turns_the_newsletter_on_or_rewrites_their_record(reader):
    reader.newsletter = False
    subscriber_staff_update(subscriber=reader)

    reader.newsletter = True
    with pytest.raises(PermissionDenied, match="Only the reader can turn the newsletter on"):
        subscriber_staff_update(subscriber=reader)
    reader.refresh_from_db()
    reader.email = "someone-else@example.org"
    with pytest.raises(PermissionDenied, match="Staff may not change email"):
        subscriber_staff_update(subscriber=reader)
    reader.refresh_from_db()
    assert (reader.email, reader.newsletter) == ("reader@example.org", False)
    assert not Subscriber.objects.receiving_newsletter().exists()
