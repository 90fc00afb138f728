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
        active = Sponsor.objects.active().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
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

    @admin.display(description="Shown today", boolean=True)
    def is_shown(self, obj):
        today = timezone.localdate()
        return obj.active_from <= today and (obj.active_until is None or obj.active_until >= today)

    def save_model(self, request, obj, form, change):
        sponsor_save(sponsor=obj)

    @admin.action(description="End the selected sponsorships today")
    def end_today(self, request, queryset):
        today = timezone.localdate()
        for sponsor in queryset:
            sponsor.active_until = max(today, sponsor.active_from)
            sponsor_save(sponsor=sponsor)
        self.message_user(request, f"Ended {queryset.count()} sponsorship(s).")
