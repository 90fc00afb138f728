"""Sponsors in the admin: who is shown now, who is scheduled, who has ended."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from lordspress.core.admin_mixins import HTTPS_URLS, InvalidatesChromeMixin
from lordspress.sponsors.models import Sponsor
from lordspress.sponsors.services import sponsor_save


class SponsorStatusFilter(admin.SimpleListFilter):
    title = "shown today"
    parameter_name = "shown"

    def lookups(self, request, model_admin):
        return (("yes", "Shown today"), ("no", "Not shown today"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(shown_today=True)
        if self.value() == "no":
            return queryset.filter(shown_today=False)
        return queryset


@admin.register(Sponsor)
class SponsorAdmin(InvalidatesChromeMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = (
        "name",
        "logo_preview",
        "tier",
        "active_from",
        "active_until",
        "is_shown",
        "order",
    )
    list_filter = ("tier", SponsorStatusFilter)
    list_editable = ("order",)
    search_fields = ("name", "url")
    actions = ["end_today"]

    @admin.display(description="Logo")
    def logo_preview(self, obj):
        if not obj.logo:
            return "—"
        return format_html('<img src="{}" alt="" style="max-height:32px">', obj.logo.url)

    def get_queryset(self, request):
        return super().get_queryset(request).with_shown_today()

    @admin.display(description="Shown today", boolean=True, ordering="shown_today")
    def is_shown(self, obj):
        return obj.shown_today  # the site's rule (``shown_on``), worked out by the database

    def save_model(self, request, obj, form, change):
        sponsor_save(sponsor=obj)

    @admin.action(description="End the selected sponsorships today")
    def end_today(self, request, queryset):
        today = timezone.localdate()
        for sponsor in queryset:
            sponsor.active_until = max(today, sponsor.active_from)
            sponsor_save(sponsor=sponsor)
        self.message_user(request, f"Ended {queryset.count()} sponsorship(s).")
