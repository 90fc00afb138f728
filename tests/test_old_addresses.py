"""Sections (their fronts and feeds), static pages and bylines keep answering at every address
they had: a new slug leaves a 301 behind, whatever the sequence of renames, new objects taking
old slugs, reverts and deletions. (Articles: tests/test_redirects.py.)"""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from articles.models import Category
from articles.services import category_save
from authors.models import Author
from authors.services import author_save
from lordspress.core.models import OldAddress
from lordspress.pages.models import Page
from lordspress.pages.services import page_save
from tests import factories
from tests.admin_forms import form_post_data


def _press_save(client, obj, **changes):
    """Open ``obj``'s admin change form, change ``changes``, press "Save"."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = form_post_data(client.get(url).content)
    response = client.post(url, {**data, **changes, "_save": "Save"})
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "make",
    [
        lambda: factories.CategoryFactory(slug="heraldry"),
        lambda: factories.PageFactory(slug="heraldry"),
        lambda: factories.AuthorFactory(slug="heraldry"),
    ],
    ids=["section", "page", "byline"],
)
def test_a_slug_changed_in_the_admin_leaves_every_old_address_leading_to_the_new(
    admin_client, client, make
):
    obj = make()
    before = obj.addresses()
    _press_save(admin_client, obj, slug="arms-and-armour")
    obj.refresh_from_db()
    after = obj.addresses()

    for kind, old_path in before.items():
        response = client.get(old_path)
        assert response.status_code == 301, (kind, old_path)
        assert response["Location"] == after[kind]
        assert client.get(after[kind]).status_code == 200


def test_a_section_feed_moves_with_its_section(admin_client, client):
    section = factories.CategoryFactory(slug="heraldry")
    factories.ArticleFactory(category=section)
    _press_save(admin_client, section, slug="arms-and-armour")
    response = client.get("/heraldry/feed/atom/")
    assert response.status_code == 301
    assert response["Location"] == "/arms-and-armour/feed/atom/"


def test_a_page_taking_a_sections_old_slug_is_served(client, admin_user):
    section = factories.CategoryFactory(slug="heraldry")
    section.slug = "arms-and-armour"
    category_save(category=section)
    page_save(page=factories.PageFactory.build(slug="heraldry", title="Heraldry"))

    response = client.get("/heraldry/")
    assert response.status_code == 200
    assert response.context["page"].title == "Heraldry"
    # The section's feeds are not the page's: they still lead to the section's.
    assert client.get("/heraldry/feed/")["Location"] == "/arms-and-armour/feed/"


def test_a_deleted_section_leaves_its_old_addresses_gone(db):
    section = factories.CategoryFactory(slug="heraldry")
    section.slug = "arms-and-armour"
    category_save(category=section)
    assert OldAddress.objects.count() == 3
    section.delete()
    assert OldAddress.objects.count() == 0
    assert Client().get("/heraldry/").status_code == 404


# --- every sequence of renames ---------------------------------------------------------------

# Sections and pages share /<slug>/, so they can take each other's old addresses.
SHARED_SLUGS = ("heraldry", "diplomacy", "our-history")
BYLINE_SLUGS = ("j-r", "a-b", "c-d")
MODELS = {"section": Category, "page": Page, "byline": Author}


class OldAddresses(RuleBasedStateMachine):
    """Staff rename, add, revert and delete sections, pages and bylines, through the save
    services and the admin; after every step every address any of them ever had answers
    200 (something is there now), 301 to the same kind of address of the one last there, or
    404 once that one is deleted.

    ``occupants`` is the model: for each address, the objects (and which of their addresses
    it was) that had it, in order.
    """

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        editor = factories.UserFactory(is_staff=True, is_superuser=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        self.desk = Client()
        self.desk.force_login(editor)
        self.reader = Client()
        self.occupants: dict[str, list[tuple[str, int, str]]] = {}
        factories.CategoryFactory(slug=SHARED_SLUGS[0])
        factories.PageFactory(slug=SHARED_SLUGS[1])
        factories.AuthorFactory(slug=BYLINE_SLUGS[0])

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _taken(self, kind: str, slug: str) -> bool:
        if kind == "byline":
            return Author.objects.filter(slug=slug).exists()
        return (
            Category.objects.filter(slug=slug).exists() or Page.objects.filter(slug=slug).exists()
        )

    def _pick(self, kind: str, index: int):
        objects = list(MODELS[kind].objects.order_by("pk"))
        return objects[index % len(objects)] if objects else None

    def _slugs(self, kind: str):
        return BYLINE_SLUGS if kind == "byline" else SHARED_SLUGS

    @staticmethod
    def _save(obj) -> None:
        {Category: lambda: category_save(category=obj), Page: lambda: page_save(page=obj)}.get(
            type(obj), lambda: author_save(author=obj)
        )()

    @rule(
        kind=st.sampled_from(sorted(MODELS)),
        index=st.integers(0, 5),
        choice=st.integers(0, 2),
        in_admin=st.booleans(),
    )
    def rename(self, kind, index, choice, in_admin):
        obj = self._pick(kind, index)
        slug = self._slugs(kind)[choice]
        if obj is None or self._taken(kind, slug):
            return
        if in_admin:
            _press_save(self.desk, obj, slug=slug)
        else:
            obj.slug = slug
            self._save(obj)

    @rule(kind=st.sampled_from(sorted(MODELS)), choice=st.integers(0, 2))
    def add(self, kind, choice):
        """A new section, page or byline, perhaps at an address another one gave up."""
        slug = self._slugs(kind)[choice]
        if self._taken(kind, slug):
            return
        build = {
            "section": factories.CategoryFactory.build,
            "page": factories.PageFactory.build,
            "byline": factories.AuthorFactory.build,
        }[kind]
        self._save(build(slug=slug, **({"title": slug} if kind == "page" else {})))

    @precondition(lambda self: Page.objects.exists())
    @rule(index=st.integers(0, 5), revision=st.integers(0, 20))
    def revert_a_page(self, index, revision):
        page = self._pick("page", index)
        revisions = list(page.history.order_by("history_date", "history_id"))
        old = revisions[revision % len(revisions)].instance
        if not self._taken("page", old.slug) or old.slug == page.slug:
            self._save(old)

    @rule(kind=st.sampled_from(sorted(MODELS)), index=st.integers(0, 5))
    def delete(self, kind, index):
        obj = self._pick(kind, index)
        if obj is not None:
            obj.delete()

    @invariant()
    def every_old_address_answers(self):
        current = {
            path: (kind, obj.pk, address_kind)
            for kind, model in MODELS.items()
            for obj in model.objects.all()
            for address_kind, path in obj.addresses().items()
        }
        for path, occupant in current.items():
            occupants = self.occupants.setdefault(path, [])
            if occupants[-1:] != [occupant]:
                occupants.append(occupant)

        for path, occupants in self.occupants.items():
            here = current.get(path)
            if occupants == [here] and not OldAddress.objects.filter(old_path=path).exists():
                continue  # at the only address it ever had: nothing to check
            response = self.reader.get(path)
            if here is not None:
                assert response.status_code == 200, (path, here, response.status_code)
                continue
            kind, pk, address_kind = occupants[-1]
            owner = MODELS[kind].objects.filter(pk=pk).first()
            if owner is not None:
                assert response.status_code == 301, (path, occupants, response.status_code)
                assert response["Location"] == owner.addresses()[address_kind]
            elif response.status_code == 301:  # the last one here was deleted; an earlier one
                earlier = {
                    obj.addresses()[a]
                    for k, p, a in occupants
                    if (obj := MODELS[k].objects.filter(pk=p).first()) is not None
                }
                assert response["Location"] in earlier
            else:
                assert response.status_code == 404, (path, response.status_code)


@pytest.mark.django_db
def test_every_old_address_survives_any_sequence_of_renames():
    run_state_machine_as_test(
        OldAddresses,
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
