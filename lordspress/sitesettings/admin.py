"""Site settings (one row) and follow links in the admin."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from lordspress.core.admin_mixins import HTTPS_URLS, InvalidatesChromeMixin
from lordspress.sitesettings.models import SiteSettings, SocialLink


@admin.register(SiteSettings)
class SiteSettingsAdmin(InvalidatesChromeMixin, admin.ModelAdmin):
    """One row; the list view goes straight to it."""

    fieldsets = (
        ("Masthead", {"fields": ("masthead_location", "tagline")}),
        ("Newsletter box", {"fields": ("newsletter_heading", "newsletter_text")}),
        ("Footer", {"fields": ("sponsors_heading", "postal_address", "contact_email")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:sitesettings_sitesettings_change", args=[1]))


@admin.register(SocialLink)
class SocialLinkAdmin(InvalidatesChromeMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("label", "url", "order")
    list_editable = ("order",)
    search_fields = ("label", "url")
