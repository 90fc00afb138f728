"""Static pages in the admin, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lordspress.core.admin_mixins import InvalidatesChromeMixin
from lordspress.pages.models import Page
from lordspress.pages.services import page_save


@admin.register(Page)
class PageAdmin(InvalidatesChromeMixin, SimpleHistoryAdmin):
    list_display = ("title", "slug", "show_in_footer", "order", "updated_at")
    list_filter = ("show_in_footer",)
    list_editable = ("order",)
    search_fields = ("title", "slug", "body")
    prepopulated_fields = {"slug": ("title",)}

    def save_model(self, request, obj, form, change):
        page_save(page=obj)  # the change form and a revert: keeps the old address
