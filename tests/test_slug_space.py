"""The site's one-segment addresses, ``/<slug>/``: one owner (``lordspress.pages.slugs``)
decides between a section and a static page, and every kind of thing living there is known
to it (issue 9)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from articles.models import Category
from lordspress.pages.models import Page
from lordspress.pages.slugs import RESERVED_SLUGS, claims
from tests import factories


def _lives_at_slug(model) -> bool:
    """Whether ``model``'s address is ``/<its slug>/`` (asked of an unsaved row)."""
    if not hasattr(model, "get_absolute_url"):
        return False
    try:
        model._meta.get_field("slug")
        return model(slug="probe").get_absolute_url() == "/probe/"
    except Exception:  # a model whose address needs more than a slug
        return False


def test_every_model_living_at_a_slug_has_claimed_the_space():
    living = {m for m in apps.get_models() if _lives_at_slug(m)}
    assert {Category, Page} <= living  # the walk sees the two we know
    assert living == {c.model for c in claims()}


@pytest.mark.django_db
def test_the_owner_answers_a_section_a_page_or_not_found(client):
    section = factories.CategoryFactory(slug="heraldry", name="Heraldry")
    factories.PageFactory(slug="our-history", title="Our History")
    assert "Heraldry" in client.get(section.get_absolute_url()).content.decode()
    assert "Our History" in client.get("/our-history/").content.decode()
    assert client.get("/no-such-thing/").status_code == 404


@pytest.mark.django_db
def test_a_section_and_a_page_never_share_an_address():
    factories.PageFactory(slug="protocol")
    with pytest.raises(ValidationError) as caught:
        Category(name="Protocol", slug="protocol").full_clean()
    assert caught.value.message_dict["slug"] == ["A static page already uses this address."]

    factories.CategoryFactory(slug="diplomacy")
    with pytest.raises(ValidationError) as caught:
        Page(title="Diplomacy", slug="diplomacy", body="<p>x</p>").full_clean()
    assert caught.value.message_dict["slug"] == ["A section already uses this address."]


@pytest.mark.django_db
def test_the_admin_says_which_thing_has_the_address(admin_client):
    factories.CategoryFactory(slug="diplomacy")
    response = admin_client.post(
        "/admin/pages/page/add/",
        {"title": "Diplomacy", "slug": "diplomacy", "body": "<p>Text.</p>", "order": 0},
    )
    assert response.status_code == 200
    assert "A section already uses this address." in response.content.decode()
    assert not Page.objects.filter(slug="diplomacy").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", RESERVED_SLUGS)
def test_no_claimed_model_may_take_a_reserved_slug(slug):
    for c in claims():
        row = c.model(slug=slug)
        with pytest.raises(ValidationError) as caught:
            row.full_clean()
        assert "This address is used by the site itself." in caught.value.messages
