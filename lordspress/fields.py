"""Model fields whose stored value is always sanitised HTML.

Sanitising is a property of the data, not of one code path: it happens when a form validates
the field (so a preview shows what will be stored) and again whenever the ORM writes it
(admin, services, seed command, shell), so nothing unsanitised can reach the database
through a model save.
"""

from ckeditor.fields import RichTextField
from ckeditor_uploader.fields import RichTextUploadingField

from lordspress.sanitize import sanitize_html


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
