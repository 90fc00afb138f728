from lordspress.chrome import site_chrome_invalidate


class InvalidatesChromeMixin:
    """For admins of anything shown around every page (sections, pages, sponsors…)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        site_chrome_invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        site_chrome_invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        site_chrome_invalidate()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        site_chrome_invalidate()


class ReadOnlyAdminMixin:
    """For evidence and machine-written rows (consent records, readings): staff may look,
    never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
