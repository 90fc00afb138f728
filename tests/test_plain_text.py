"""Plain text is stored normalised, by one rule, in every plain-text field of every app."""

import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.forms import modelform_factory
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, Category
from consent.services import policy_version_publish, snapshot_digest
from lordspress.core.fields import (
    NormalisedTextMixin,
    PlainTextField,
    SanitizedRichTextField,
    SanitizedRichTextUploadingField,
    SingleLineField,
    normalise_stored_text,
)
from lordspress.core.text import plain_text, xml_text
from newsletter.imports import subscribers_import
from newsletter.models import NewsletterIssue, Suppression
from newsletter.suppressions import suppression_lift
from tests import factories
from tests.project import PROJECT_APPS

# Text columns that hold identifiers, machine keys, hashes or evidence rather than prose:
# stored exactly as written. Slugs, email addresses, URLs and choice fields are recognised
# by their field class; everything else that is not a plain-text field must be named here,
# with the reason, so a new plain CharField fails ``test_every_text_field_...`` below.
IDENTIFIERS = {
    "articles.ArticleRedirect.old_path": "a URL path the site answered at",
    "lordspress.OldAddress.old_path": "a URL path the site answered at",
    "lordspress.OldAddress.kind": "a key of the object's addresses(): section, feed, page…",
    "articles.HistoricalArticle.image": "a stored file's name (a file field in history)",
    "articles.HistoricalArticle.image_card": "a stored file's name (a file field in history)",
    "articles.HistoricalArticle.history_change_reason": "django-simple-history's; unused",
    "pages.HistoricalPage.history_change_reason": "django-simple-history's; unused",
    "lordspress.User.password": "a password hash",
    "consent.ConsentSettings.google_tag_id": "an ID checked by a pattern",
    "outbox.OutboundEmail.kind": "a registered email kind",
    "outbox.OutboundEmail.dedupe_key": "a machine key",
    "outbox.OutboundEmail.claimed_by": "a worker's random ID",
    "outbox.OutboundEmail.message_id": "the Message-ID header we minted",
    "lordspress.RateLimitBucket.key": "a machine key",
    "newsletter.SignupConsent.form": "the key of the form used",
    "newsletter.SignupConsent.privacy_policy_version": "a version label from the code",
    "newsletter.SignupConsent.ip_truncated": "a network address",
    "newsletter.EmailToken.token_hash": "a SHA-256 hash",
    "newsletter.EmailToken.password_fingerprint": "an HMAC-SHA256 of the password hash",
    "newsletter.Suppression.email_hash": "a SHA-256 hash",
    "newsletter.NewsletterIssue.send_token": "a random token of the sending chain",
    "newsletter.Delivery.claimed_by": "a worker's random ID",
    "newsletter.Delivery.message_id": "the Message-ID header we minted",
    "newsletter.FeedbackEvent.email_hash": "a SHA-256 hash",
    "newsletter.FeedbackEvent.esp": "a mail provider's name from django-anymail",
    "newsletter.FeedbackEvent.event_id": "the provider's ID of the event",
    "newsletter.FeedbackEvent.message_id": "a Message-ID header, as the provider reports it",
    "consent.Service.script": "a static file path checked by a pattern",
    "consent.Cookie.name": "a cookie name or pattern checked by a pattern",
    "consent.Cookie.domain": "a cookie domain",
    "consent.Cookie.path": "a cookie path",
    "consent.PolicyVersion.digest": "a SHA-256 hash",
    "consent.ConsentRecord.language": "a language tag",
}

IDENTIFIER_CLASSES = (models.SlugField, models.EmailField, models.URLField)


def _text_fields():
    """(label, field) for every text column of every model of the project's apps."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield f"{model._meta.label}.{field.name}", field


def _is_identifier(label, field) -> bool:
    return label in IDENTIFIERS or isinstance(field, IDENTIFIER_CLASSES) or bool(field.choices)


def test_every_text_field_is_a_plain_text_field_or_a_named_identifier():
    wrong = [
        f"{label} is a {type(field).__name__}"
        for label, field in _text_fields()
        if not _is_identifier(label, field)
        and not isinstance(field, SanitizedRichTextField | SanitizedRichTextUploadingField)
        and not isinstance(
            field,
            SingleLineField if isinstance(field, models.CharField) else PlainTextField,
        )
    ]
    assert wrong == [], (
        "Use SingleLineField (one line: names, titles, subjects) or PlainTextField (paragraphs) "
        "from lordspress.core.fields, or name the field in IDENTIFIERS with the reason."
    )
    labels = {label for label, _ in _text_fields()}
    assert set(IDENTIFIERS) <= labels, "IDENTIFIERS names a field that no longer exists"
    normalising = {label for label, f in _text_fields() if isinstance(f, NormalisedTextMixin)}
    assert normalising.isdisjoint(IDENTIFIERS), "an identifier is normalised after all"
    assert len(normalising) > 40  # the walk found the project's models


def test_the_fields_named_in_the_issue_are_single_line():
    for model, name in [
        (Article, "headline"),
        (Article, "standfirst"),
        (Article, "image_caption"),
        (Category, "name"),
        (NewsletterIssue, "subject"),
    ]:
        assert isinstance(model._meta.get_field(name), SingleLineField), (model, name)


# --- the normaliser ---------------------------------------------------------------------------

BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
hostile_text = st.text(
    st.characters(exclude_categories=()) | st.sampled_from("\x00\x07\t\n\r\v\f\x85\u2028 \u00a0")
)


@given(hostile_text)
def test_single_line_text_is_one_clean_line(value):
    text = plain_text(value, single_line=True)
    assert not XML_FORBIDDEN.search(text)
    assert not any(char in text for char in BREAKS + "\t")
    assert "  " not in text and text == text.strip()
    assert plain_text(text, single_line=True) == text


@given(hostile_text)
def test_multi_line_text_keeps_its_lines_without_forbidden_characters(value):
    text = plain_text(value, single_line=False)
    assert not XML_FORBIDDEN.search(text)
    assert not any(char in text for char in BREAKS.replace("\n", ""))
    assert plain_text(text, single_line=False) == text
    assert xml_text(text) == text


def test_examples_of_what_is_stored():
    assert plain_text("The Duke\vof Wrexley ", single_line=True) == "The Duke of Wrexley"
    assert plain_text("Line one\r\nLine two", single_line=True) == "Line one Line two"
    assert plain_text("Louis\u00a0XIV", single_line=True) == "Louis\u00a0XIV"
    assert plain_text("Cafe\u0301", single_line=True) == "Café"  # NFC
    assert plain_text("One.  \r\n\r\nTwo.\x07", single_line=False) == "One.\n\nTwo."
    assert plain_text("5 Carlton\u2028London\tSW1", single_line=False) == "5 Carlton\nLondon\tSW1"


# --- every write path --------------------------------------------------------------------------


def _stored(model, pk, name):
    return model.objects.filter(pk=pk).values_list(name, flat=True).get()


@pytest.mark.django_db
def test_every_write_path_stores_the_normalised_text():
    dirty = "The Duke\vof\x00 Wrexley\r\nwrites\u2028"
    clean = "The Duke of Wrexley writes"
    article = factories.ArticleFactory(headline=dirty, standfirst=dirty)  # Model.save()
    assert article.headline == clean  # the instance in memory, too
    assert _stored(Article, article.pk, "headline") == clean
    assert _stored(Article, article.pk, "standfirst") == clean

    Article.objects.filter(pk=article.pk).update(headline="Re: " + dirty)  # QuerySet.update()
    assert _stored(Article, article.pk, "headline") == "Re: " + clean

    [bulk] = Article.objects.bulk_create(  # bulk_create()
        [Article(headline=dirty, slug="bulk", standfirst="S", body="<p>B</p>",
                 category=article.category, author=article.author)]
    )  # fmt: skip
    assert _stored(Article, bulk.pk, "headline") == clean

    form_class = modelform_factory(NewsletterIssue, fields=["subject", "preheader"])
    # (Django's form fields already refuse NUL with a message of their own.)
    data = {"subject": "Spring\r\nBcc: all@example.org", "preheader": dirty.replace("\0", "")}
    form = form_class(data=data)
    assert form.is_valid(), form.errors
    issue = form.save()  # forms and the admin
    assert _stored(NewsletterIssue, issue.pk, "subject") == "Spring Bcc: all@example.org"
    assert _stored(NewsletterIssue, issue.pk, "preheader") == clean

    # Control characters only: the form's own strip() keeps them, the normaliser does not.
    blank = form_class(data={"subject": "\x07\x1b\u2028", "preheader": ""})
    assert not blank.is_valid()
    assert blank.errors["subject"] == ["This field cannot be blank."]


@pytest.mark.django_db
def test_the_data_migration_normalises_rows_stored_before_and_loses_none():
    first = factories.CategoryFactory(name="Diplomacy", slug="diplomacy")
    second = factories.CategoryFactory(name="Heraldry", slug="heraldry")
    article = factories.ArticleFactory(category=first)
    table = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table(Article._meta.db_table)} SET headline = %s WHERE id = %s",  # noqa: S608
            ["The Duke\vof Wrexley", article.pk],
        )
        # Normalised, this name would collide with the first section's: it is kept as it is.
        cursor.execute(
            f"UPDATE {table(Category._meta.db_table)} SET name = %s, description = %s "  # noqa: S608
            "WHERE id = %s",
            ["Diplomacy\v", "Arms\r\nand armour", second.pk],
        )
    normalise_stored_text("articles", skip=("HistoricalArticle",))(
        apps, SimpleNamespace(connection=connection)
    )
    assert _stored(Article, article.pk, "headline") == "The Duke of Wrexley"
    assert _stored(Category, first.pk, "name") == "Diplomacy"
    assert _stored(Category, second.pk, "name") == "Diplomacy\v"
    assert _stored(Category, second.pk, "description") == "Arms\nand armour"


@pytest.mark.django_db
def test_a_cookie_policy_digest_covers_the_banner_text_as_stored():
    version = policy_version_publish(banner_text="We use cookies.  \r\n\r\nYou choose.\x07")
    version.refresh_from_db()
    assert version.banner_text == "We use cookies.\n\nYou choose."
    assert version.digest == snapshot_digest(
        banner_text=version.banner_text, registry=version.registry
    )


@pytest.mark.django_db
def test_services_that_require_text_check_it_as_it_will_be_stored(admin_user, admin_client):
    """A required text of control characters only is empty once stored: the services and the
    admin say so with their own message, instead of storing nothing or breaking a constraint."""
    nothing = "\x07\x1b\u2028"
    row = Suppression.objects.create(email_hash="0" * 64, reason=Suppression.Reason.DELETED)
    with pytest.raises(ValidationError):
        suppression_lift(suppression=row, by=admin_user, reason=nothing)
    form = {"action": "lift", "_selected_action": [row.pk], "apply": "1", "lift_reason": nothing}
    page = admin_client.post("/admin/newsletter/suppression/", form)
    assert page.status_code == 200 and b"This field is required." in page.content
    report = subscribers_import(rows=[{"email": "reader@example.org", "provenance": nothing}])
    assert report.invalid == ["line 2: no provenance for reader@example.org"]
    with pytest.raises(ValueError, match="needs its banner text"):
        policy_version_publish(banner_text=nothing)
