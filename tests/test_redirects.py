"""A published article that moves keeps answering at every address it had (301)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction
from django.http import Http404, HttpResponseNotFound
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from articles.models import Article, ArticleRedirect
from articles.services import article_publish, article_revert, article_save, article_unpublish
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


# --- the reported sequence, and the rules around it ---------------------------------------------


def test_unpublished_renamed_and_republished_keeps_the_published_address(client, article, editor):
    """Issue 8, round 3: the address readers had was lost once the rename happened while the
    article was off the site."""
    published = article.get_absolute_url()
    article_unpublish(article=article, user=editor)
    assert client.get(published).status_code == 404  # taken off the site: gone, for now
    _move(article, editor, slug="state-visit-to-portugal")
    article_publish(article=article, user=editor)

    response = client.get(published)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_new_article_at_an_old_address_is_served_and_takes_the_address_over(
    client, article, editor
):
    old_url = article.get_absolute_url()
    _move(article, editor, slug="state-visit-to-portugal")
    newcomer = factories.ArticleFactory.build(
        slug="state-visit-to-lisbon",
        publish_at=article.publish_at,
        category=article.category,
        author=article.author,
    )
    article_save(article=newcomer, user=editor)
    assert newcomer.get_absolute_url() == old_url

    response = client.get(old_url)
    assert response.status_code == 200
    assert response.context["article"] == newcomer
    assert not ArticleRedirect.objects.filter(old_path=old_url).exists()


def test_a_draft_or_a_schedule_at_an_old_address_leaves_the_redirect_working(
    client, article, editor
):
    old_url = article.get_absolute_url()
    _move(article, editor, slug="state-visit-to-portugal")
    for status, publish_at in [
        (Article.Status.DRAFT, article.publish_at),
        (Article.Status.PUBLISHED, article.publish_at + timedelta(days=400)),  # a schedule
    ]:
        waiting = factories.ArticleFactory.build(
            slug="state-visit-to-lisbon",
            status=status,
            publish_at=publish_at,
            category=article.category,
            author=article.author,
        )
        article_save(article=waiting, user=editor)
        response = client.get(old_url)
        assert response.status_code == 301, status
        assert response["Location"] == article.get_absolute_url()
        waiting.delete()


# --- every sequence of edits ---------------------------------------------------------------------

SLUGS = ("coronation", "state-visit", "investiture")
# Late on the Saturday before the clocks go forward in London: moves of an hour or a day
# cross midnight, a month and a change of UTC offset, so the dated part of addresses moves.
START = datetime(2025, 3, 29, 23, 10, 42, 654321, tzinfo=UTC)
HOURS = st.sampled_from([-49, -25, -1, 2, 26, 70])


def _answer(path: str):
    """What a reader gets at ``path``: the URLconf's view, called with a real request.

    The status and ``Location`` are the view's own; the page itself is not rendered (a
    ``TemplateResponse`` renders on the way out), which keeps hundreds of checks a second.
    """
    match = resolve(path)
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    try:
        return match.func(request, *match.args, **match.kwargs)
    except Http404:
        return HttpResponseNotFound()


class PublishedAddresses(RuleBasedStateMachine):
    """Editors edit a few articles in any order, through the services and the admin's bulk
    actions, while the clock runs; after every step, every address an article was ever live
    at answers as a reader needs it to.

    ``occupants`` is the model: for each address, the articles that were live at it, in the
    order they were (observed after every step, so a schedule that falls due counts too).
    """

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._traveller = time_machine.travel(START, tick=False)
        self._clock = self._traveller.start()
        self.editor = factories.UserFactory(is_staff=True)
        self.editor.groups.add(Group.objects.get(name="Editors"))
        self.desk = Client()
        self.desk.force_login(self.editor)
        self.sections = [factories.CategoryFactory(), factories.CategoryFactory()]
        self.author = factories.AuthorFactory()
        self.occupants: dict[str, list[int]] = {}
        self.renames = 0
        self.write_an_article(slug=SLUGS[0], hours=-3, draft=False)  # one is live already

    def teardown(self):
        self._traveller.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers ---

    def _pick(self, index: int) -> Article:
        articles = list(Article.objects.order_by("pk"))
        return articles[index % len(articles)]

    def _slug_free(self, slug: str, article: Article | None = None) -> bool:
        others = Article.objects.filter(slug=slug)
        if article is not None:
            others = others.exclude(pk=article.pk)
        return not others.exists()

    # --- what editors do ---

    @rule(slug=st.sampled_from(SLUGS), hours=HOURS, draft=st.booleans())
    def write_an_article(self, slug, hours, draft):
        """A new article, perhaps at an address another one had."""
        if not self._slug_free(slug):
            return
        article = factories.ArticleFactory.build(
            slug=slug,
            status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
            publish_at=None if draft else timezone.now() + timedelta(hours=hours),
            category=self.sections[0],
            author=self.author,
        )
        article_save(article=article, user=self.editor)

    @precondition(lambda self: Article.objects.exists())
    @rule(
        index=st.integers(0, 9),
        slug=st.none() | st.sampled_from((*SLUGS, "")),
        hours=st.none() | HOURS,
        section=st.booleans(),
    )
    def edit(self, index, slug, hours, section):
        """One save of the change form: a new slug (one of a few, so addresses are taken
        again, or "" for a new one), a new date and time, a new section, or several."""
        article = self._pick(index)
        if slug is not None:
            if not slug:
                self.renames += 1
                slug = f"renamed-{self.renames}"
            if self._slug_free(slug, article):
                article.slug = slug
        if hours is not None:
            article.publish_at = (article.publish_at or timezone.now()) + timedelta(hours=hours)
        if section:
            article.category = next(s for s in self.sections if s.pk != article.category_id)
        article_save(article=article, user=self.editor)

    @precondition(lambda self: Article.objects.exists())
    @rule(index=st.integers(0, 9), publish=st.booleans(), bulk=st.booleans())
    def publish_or_unpublish(self, index, publish, bulk):
        """From the change form's service, or ticked in the list and sent as a bulk action."""
        article = self._pick(index)
        if bulk:
            action = "publish_selected" if publish else "unpublish_selected"
            response = self.desk.post(
                reverse("admin:articles_article_changelist"),
                {"action": action, "_selected_action": [article.pk], "index": 0},
            )
            assert response.status_code == 302
        elif publish:
            article_publish(article=article, user=self.editor)
        else:
            article_unpublish(article=article, user=self.editor)

    @precondition(lambda self: Article.objects.exists())
    @rule(index=st.integers(0, 9), revision=st.integers(0, 30))
    def revert(self, index, revision):
        """History → an old revision → "Revert": its slug, date and status come back."""
        revisions = list(self._pick(index).history.order_by("history_date", "history_id"))
        old = revisions[revision % len(revisions)].instance
        if self._slug_free(old.slug, old):
            article_revert(article=old, user=self.editor)

    @precondition(lambda self: Article.objects.count() > 1)
    @rule(index=st.integers(0, 9))
    def delete(self, index):
        self._pick(index).delete()

    @rule(hours=st.integers(1, 50))
    def time_passes(self, hours):
        self._clock.shift(timedelta(hours=hours))

    # --- what readers find ---

    @invariant()
    def every_address_ever_published_answers(self):
        live = {a.pk: a.get_absolute_url() for a in Article.objects.all() if a.is_live}
        for pk, path in live.items():
            occupants = self.occupants.setdefault(path, [])
            if occupants[-1:] != [pk]:
                occupants.append(pk)

        for path, occupants in self.occupants.items():
            here = [pk for pk, live_path in live.items() if live_path == path]
            if here and occupants == here and not ArticleRedirect.objects.filter(old_path=path):
                continue  # an article at the only address it ever had: nothing to check
            response = _answer(path)
            if here:
                assert response.status_code == 200, path
                assert response.context_data["article"].pk == here[0]
                continue
            owner = occupants[-1]  # the article last live here
            if owner in live:
                assert response.status_code == 301, (path, owner, response.status_code)
                assert response["Location"] == live[owner]
            elif response.status_code == 301:
                # The last one here was taken down; an earlier one, still live, may answer.
                assert response["Location"] in {live[pk] for pk in occupants if pk in live}
            else:
                # Gone only while the article last here is taken down (unpublished, scheduled
                # again or deleted: what an editor chose).
                assert response.status_code == 404, (path, response.status_code)
        # Every 301 above went to a live address, and every live address answered 200: no
        # redirect leads to another redirect.


@pytest.mark.django_db
def test_every_published_address_survives_any_sequence_of_edits():
    run_state_machine_as_test(
        PublishedAddresses,
        settings=settings(
            max_examples=60,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
