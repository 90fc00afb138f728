"""The outbox in the admin: what was sent, what waits, what failed and why."""

from django.contrib import admin

from lordspress.core.admin import AddressSearchMixin
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import outbox_retry


@admin.register(OutboundEmail)
class OutboundEmailAdmin(AddressSearchMixin, admin.ModelAdmin):
    """The outbox: what was sent, what waits, what failed and why. Staff can only retry."""

    address_field = "to"

    list_display = ("kind", "to", "status", "priority", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "kind", "priority")
    search_fields = ("to", "kind", "last_error")
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry the selected emails now", permissions=["change"])
    def retry(self, request, queryset):
        count = outbox_retry(emails=queryset)
        self.message_user(request, f"{count} email(s) will be sent again shortly.")
