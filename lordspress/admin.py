from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from lordspress.admin_mixins import InvalidatesChromeMixin
from lordspress.models import Page, SiteSettings, SocialLink, Sponsor, User, normalise_email
from lordspress.services import sponsor_save


class _EmailFormMixin:
    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        clash = User.objects.filter(email=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A user with this email address already exists.")
        return email


class UserCreateForm(_EmailFormMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")
        field_classes: dict = {}


class UserEditForm(_EmailFormMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "group_names", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Private details", {"fields": ("full_name",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Groups")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


@admin.register(SiteSettings)
class SiteSettingsAdmin(InvalidatesChromeMixin, admin.ModelAdmin):
    """One row; the list view goes straight to it."""

    fieldsets = (
        ("Masthead", {"fields": ("masthead_location", "tagline")}),
        ("Newsletter box", {"fields": ("newsletter_heading", "newsletter_text")}),
        ("Footer", {"fields": ("sponsors_heading", "postal_address", "contact_email")}),
        ("Analytics", {"fields": ("google_tag_id",)}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:lordspress_sitesettings_change", args=[1]))


# An address typed without a scheme is taken as https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SocialLink)
class SocialLinkAdmin(InvalidatesChromeMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("label", "url", "order")
    list_editable = ("order",)
    search_fields = ("label", "url")


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


@admin.register(Page)
class PageAdmin(InvalidatesChromeMixin, SimpleHistoryAdmin):
    list_display = ("title", "slug", "show_in_footer", "order", "updated_at")
    list_filter = ("show_in_footer",)
    list_editable = ("order",)
    search_fields = ("title", "slug", "body")
    prepopulated_fields = {"slug": ("title",)}
