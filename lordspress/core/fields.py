"""Model fields whose stored value is always clean: sanitised HTML, normalised plain text, or
a web address a browser reads as Django does.

Cleaning is a property of the data, not of one code path: it happens when a form validates
the field (so a preview shows what will be stored) and again whenever the ORM writes it
(admin, services, seed command, shell), so nothing unclean can reach the database through
a model save. The plain-text fields go one step further: ``to_python`` is also what Django
applies to values in ``update()``, ``bulk_create()``, fixtures and lookups, so those paths
store and find the normalised text too. Only raw SQL can bypass them, which is why the XML
outputs also guard themselves (``lordspress.core.text.xml_text``).
"""

from ckeditor.fields import RichTextField
from ckeditor_uploader.fields import RichTextUploadingField
from django.db import models

from lordspress.core.sanitize import sanitize_html, validate_web_address
from lordspress.core.text import plain_text


class _SanitizedMixin:
    def clean(self, value, model_instance):
        return super().clean(sanitize_html(value), model_instance)

    def pre_save(self, model_instance, add):
        cleaned = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, cleaned)
        return cleaned


class SanitizedRichTextField(_SanitizedMixin, RichTextField):
    """Rich text without image uploads (static pages)."""


class SanitizedRichTextUploadingField(_SanitizedMixin, RichTextUploadingField):
    """Rich text with CKEditor image uploads (article bodies)."""


class NormalisedTextMixin:
    """Stores ``lordspress.core.text.plain_text(value, single_line=self.single_line)``.

    ``to_python`` runs in ``Field.clean`` (forms and ``full_clean``: validators and the
    blank check see the normalised text, so a headline of only a tab is "required") and in
    ``get_prep_value`` (every write and lookup); ``pre_save`` puts the stored value back on
    the instance so the object in memory matches its row.
    """

    single_line: bool

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        return plain_text(value, single_line=self.single_line)

    def pre_save(self, model_instance, add):
        value = self.to_python(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value


class SingleLineField(NormalisedTextMixin, models.CharField):
    """One line of plain text: a headline, a name, a caption, a subject, a page title.

    No line break, tab or run of spaces survives, so it can become an email header, a
    feed title or an HTML attribute as it is.
    """

    single_line = True


class PlainTextField(NormalisedTextMixin, models.TextField):
    """Plain text in paragraphs (a byline's biography, a correction, a postal address)."""

    single_line = False


def normalise_stored_text(app_label: str, *, skip: tuple[str, ...] = ()):
    """The code of a data migration: store ``app_label``'s existing rows as the plain-text
    fields would store them now (rows written before the fields normalised).

    Models named in ``skip`` are left as written: evidence that is never rewritten (a cookie
    policy version, whose digest covers its text) and revision history. A row whose
    normalised text would collide with a unique value of another row, or no longer fit its
    column, keeps that field as it is (its other fields are normalised): losing no data
    matters more, and every output copes with it.
    """

    def forwards(apps, schema_editor) -> None:
        from django.db import DataError, IntegrityError, transaction

        alias = schema_editor.connection.alias
        for model in apps.get_app_config(app_label).get_models():
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, NormalisedTextMixin)
            ]
            if model._meta.object_name in skip or not fields:
                continue
            rows = model._base_manager.using(alias)
            changes = []
            for pk, *values in rows.values_list("pk", *(f.attname for f in fields)):
                changed = {
                    field.attname: field.to_python(value)
                    for field, value in zip(fields, values, strict=True)
                    if value is not None and field.to_python(value) != value
                }
                if changed:
                    changes.append((pk, changed))
            for pk, changed in changes:
                for attname, value in changed.items():  # one by one: a collision keeps one
                    try:
                        with transaction.atomic(using=alias):
                            rows.filter(pk=pk).update(**{attname: value})
                    except (IntegrityError, DataError):
                        continue

    return forwards


class WebAddressField(models.URLField):
    """An absolute http(s) address that readers follow (sponsors, social links, privacy
    policies). Django's URLField also accepts ftp and ftps and judges the address as text;
    this one also applies the sanitiser's rule (lordspress.core.sanitize.validate_web_address),
    on every form and every ``full_clean``."""

    default_validators = [*models.URLField.default_validators, validate_web_address]
