"""Inline forms in the admin: a posted form count builds no more forms than the inline allows.

Walks the admin registry, so a new inline is covered without a new test.
"""

import pytest
from django.contrib import admin

from lordspress.core.admin_mixins import BoundedInlineMixin
from tests.admin_forms import form_entries

pytestmark = pytest.mark.django_db


def _subscriber():
    from newsletter.models import Subscriber

    return Subscriber.objects.create(email="inline@example.org")


# Models the admin cannot add: their inlines are tried on an existing object's change page.
EXISTING = {"newsletter.Subscriber": _subscriber}

INLINED = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model_admin.inlines
]


def test_the_walk_finds_the_inlines():
    assert {model._meta.label for model, _ in INLINED} >= {"articles.Article", "consent.Service"}


@pytest.mark.parametrize("model,model_admin", INLINED, ids=lambda v: getattr(v, "__name__", ""))
def test_every_inline_is_bounded_and_a_huge_form_count_builds_no_more(
    admin_client, model, model_admin
):
    for inline in model_admin.inlines:
        assert issubclass(inline, BoundedInlineMixin), f"{inline.__name__} is not bounded"
    opts = model._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/add/"
    page = admin_client.get(url)
    if page.status_code == 403:
        assert opts.label in EXISTING, f"{opts.label} cannot be added: say how to make one"
        url = f"/admin/{opts.app_label}/{opts.model_name}/{EXISTING[opts.label]().pk}/change/"
        page = admin_client.get(url)
    data, _ = form_entries(page.content, form_id=f"{opts.model_name}_form")
    for name in data:
        if name.endswith("-TOTAL_FORMS"):
            data[name] = ["99999999999999999999"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    for formset in response.context["inline_admin_formsets"]:
        assert formset.formset.total_form_count() <= formset.opts.max_num
        assert formset.formset.non_form_errors()
