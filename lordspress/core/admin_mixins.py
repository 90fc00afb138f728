from django.db import models, transaction

from lordspress.core.cache import site_chrome_invalidate


def _invalidate() -> None:
    # Now, for this transaction's own reads, and again once committed: a page rendered in
    # between from the old rows would otherwise be kept under the new public version.
    site_chrome_invalidate()
    transaction.on_commit(site_chrome_invalidate)


class InvalidatesChromeMixin:
    """For admins of anything shown around every page (sections, pages, sponsors…)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        _invalidate()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _invalidate()


class ReadOnlyAdminMixin:
    """For evidence and machine-written rows (consent records, readings): staff may look,
    never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BoundedInlineMixin:
    """Inlines that build no more forms than a desk could mean.

    Django builds as many inline forms as a POST's ``TOTAL_FORMS`` says, up to
    ``max_num + 1000`` by default (``formsets.DEFAULT_MAX_NUM``): a hand-made POST saying
    "99999999999999999999" made the change page build 2,000 forms (24 s, a 10 MB page). Here
    the cap is ``max_num`` itself; more gets the formset's own "Please submit at most N forms".
    """

    max_num = 200

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.get_max_num(request, obj, **kwargs) or self.max_num)
        return super().get_formset(request, obj, **kwargs)


# An address typed without a scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
