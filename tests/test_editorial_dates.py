"""Every date staff type in the admin is held to one sensible range (lordspress.core.dates).

The walk below opens every registered model's change form (with its inlines) as a superuser,
finds every date and date-time input in it, and submits year 1 and year 9999 in each: the
answer is the form again with a clear error on that field, never a 500, and nothing saved.
A model or field added later is walked without a new test.
"""

from datetime import date, datetime, timedelta

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_save
from lordspress.core.dates import OUT_OF_RANGE
from lordspress.sitesettings.models import SiteSettings
from lordspress.sponsors.models import Sponsor
from lordspress.sponsors.services import sponsor_save
from newsletter.models import NewsletterIssue
from tests import factories
from tests.admin_forms import form_post_data
from tests.journal import build_journal
from tests.project import PROJECT_APPS

OUT_OF_RANGE_DAYS = {"year 1": date(1, 1, 1), "year 9999": date(9999, 12, 31)}

# Inputs the walk must find, so it cannot pass by finding none (model label, input name).
MUST_BE_WALKED = {
    ("articles.article", "publish_at"),
    ("articles.article", "corrections-0-published_on"),
    ("articles.correction", "published_on"),
    ("sponsors.sponsor", "active_from"),
    ("sponsors.sponsor", "active_until"),
    ("newsletter.newsletterissue", "created_at"),
}


@pytest.fixture
def everything(db):
    """At least one row of every model whose change form has a date in it."""
    journal = build_journal(articles=2, with_images=False)
    SiteSettings.objects.get_or_create(pk=1)
    NewsletterIssue.objects.create(subject="The spring issue")
    return journal


def _forms_shown(response) -> list:
    shown = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets") or []:
        shown += list(inline.formset.forms)
    return shown


def _date_inputs(response) -> list[tuple[str, tuple[str, ...]]]:
    """``(field key, input names)`` for each date or date-time field in the change form and
    its inline forms, as the admin rendered them (a split date-time has two inputs)."""
    found = []
    for form in _forms_shown(response):
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            if isinstance(field, forms.SplitDateTimeField):
                found.append((key, (f"{key}_0", f"{key}_1")))
            elif isinstance(field, forms.DateTimeField | forms.DateField):
                found.append((key, (key,)))
    return found


def _typed(names, day: date) -> dict:
    if len(names) == 2:  # the admin's split date and time
        return {names[0]: day.isoformat(), names[1]: "23:59:59" if day.year > 1 else "00:00:00"}
    return {names[0]: day.isoformat()}


def _errors_for(response, key: str) -> list[str]:
    errors = []
    for form in _forms_shown(response):
        for name, messages in form.errors.items():
            if form.add_prefix(name) == key:
                errors += messages
    return errors


def _snapshot(obj):
    obj.refresh_from_db()
    related = {}
    for rel in obj._meta.related_objects:
        if rel.one_to_many and rel.related_model._meta.app_label in PROJECT_APPS:
            related[rel.name] = sorted(
                tuple(sorted(model_to_dict(row).items(), key=str))
                for row in getattr(obj, rel.get_accessor_name()).all()
            )
    return model_to_dict(obj), related


def test_every_admin_date_input_refuses_year_1_and_year_9999(admin_client, everything):
    walked = set()
    for model in admin.site._registry:
        obj = model._default_manager.first()
        if obj is None:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        page = admin_client.get(url)
        assert page.status_code == 200, url
        if page.context.get("adminform") is None or not page.context["has_change_permission"]:
            continue
        for key, names in _date_inputs(page):
            walked.add((opts.label_lower, key))
            for label, day in OUT_OF_RANGE_DAYS.items():
                data = form_post_data(page.content)
                data.update(_typed(names, day))
                before = _snapshot(obj)

                response = admin_client.post(url, data)

                where = f"{opts.label_lower}.{key} in {label}"
                assert response.status_code == 200, where  # the form again, not a redirect
                shown = _errors_for(response, key)
                assert OUT_OF_RANGE in shown, (where, shown)
                assert OUT_OF_RANGE.encode() in response.content, where
                assert _snapshot(obj) == before, f"{where}: something was saved"
    assert MUST_BE_WALKED <= walked, MUST_BE_WALKED - walked


def test_the_range_admits_the_dates_the_journal_uses(editor_client):
    """The bounds themselves are accepted: a schedule decades ahead is still a schedule."""
    article = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_post_data(editor_client.get(url).content)
    data.update({"publish_at_0": "2100-12-31", "publish_at_1": "23:59:59"})
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert timezone.localtime(article.publish_at).date() == date(2100, 12, 31)


# --- the services hold to it too (the shell, imports, actions) ----------------------------


def test_the_article_service_refuses_a_date_out_of_range(editor):
    article = factories.ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    when = timezone.make_aware(datetime(9999, 12, 31, 12, 0))
    with pytest.raises(ValidationError) as refused:
        article_publish(article=article, user=editor, publish_at=when)
    assert refused.value.message_dict == {"publish_at": [OUT_OF_RANGE]}
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Article.Status.DRAFT, None)


def test_a_row_stored_before_the_rule_can_still_be_saved_untouched(editor):
    """Only a value being changed is judged: an article stored with year 9999 can still be
    unpublished or edited, and its editor is told only when they type a bad date."""
    article = factories.ArticleFactory()
    far = timezone.make_aware(datetime(9999, 1, 1, 12, 0))
    Article.objects.filter(pk=article.pk).update(publish_at=far)
    article.refresh_from_db()
    article.headline = "Still editable"
    article_save(article=article, user=editor)
    article.refresh_from_db()
    assert article.headline == "Still editable"


def test_the_sponsor_service_refuses_a_date_out_of_range(db):
    sponsor = factories.SponsorFactory()
    sponsor.active_until = date(9999, 12, 31)
    with pytest.raises(ValidationError) as refused:
        sponsor_save(sponsor=sponsor)
    assert refused.value.message_dict == {"active_until": [OUT_OF_RANGE]}
    assert Sponsor.objects.get(pk=sponsor.pk).active_until is None


# --- the consent export's dates --------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_consent_export_form_refuses_out_of_range_days(admin_client, day):
    response = admin_client.get(
        reverse("admin:consent_consentrecord_export"), {"start": "", "end": day, "format": "csv"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [OUT_OF_RANGE]


def test_the_consent_export_command_refuses_out_of_range_days(db):
    with pytest.raises(CommandError, match="Enter a date between 1 January 1900"):
        call_command("export_consent_records", "--to", "9999-12-31")
    start = (timezone.now() - timedelta(days=1)).date().isoformat()
    call_command("export_consent_records", "--from", start, "--to", "2100-12-31")
