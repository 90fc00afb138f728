from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from lordspress.addresses import canonical_email
from lordspress.admin_mixins import InvalidatesChromeMixin, ReadOnlyAdminMixin
from lordspress.models import (
    OldAddress,
    OutboundEmail,
    Page,
    SiteSettings,
    SocialLink,
    Sponsor,
    User,
    WeatherReading,
)
from lordspress.outbox import outbox_retry
from lordspress.services import page_save, sponsor_save, weather_refresh_enqueue
from lordspress.weather import configured_provider, freshness


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing a name longer than any account's address.

    Django's ``AuthenticationForm`` copies the user model's ``max_length`` onto the field
    after building it, so the page says ``maxlength`` but nothing checks it: a longer name
    went on to ``authenticate()``, and django-axes could not store the failed attempt (its
    username column holds 255 characters; on PostgreSQL the sign-in answered 500). Now the
    form says how long an address may be, and nothing is attempted.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


admin.site.login_form = StaffLoginForm


class _EmailFormMixin:
    def clean_email(self):
        email = canonical_email(self.cleaned_data["email"])
        clash = User.objects.filter(email=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        other = clash.first()
        if other is None:
            return email
        if self.instance.pk and canonical_email(self.instance.email) == email:
            # A duplicate kept by the canonical-addresses migration: say what to do.
            raise forms.ValidationError(
                f"This account's address is another spelling of {other.email}, which another "
                "account has: mail to either reaches the same mailbox. Delete whichever account "
                "is not wanted, or give this one a different address."
            )
        raise forms.ValidationError(
            f"A user with this email address already exists ({other.email}; capitals, "
            "invisible characters and full-width letters do not make a different address)."
        )


class AddressSearchMixin:
    """Admin search finds a stored address however the term spells it: a term with an @ also
    matches the canonical form of the address exactly (stored addresses are canonical)."""

    address_field = "email"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if "@" in term:
            results = results | queryset.filter(**{self.address_field: canonical_email(term)})
        return results, may_have_duplicates


class AddressSpellingFilter(admin.SimpleListFilter):
    """Rows that keep an older spelling of an address another row has (left so by the
    canonical-addresses migration, ``canonicalise_stored_addresses``), for staff to resolve.

    The scan reads every address of the list in Python (canonical form cannot be computed in
    SQL), and runs only when the filter is chosen.
    """

    title = "address spelling"
    parameter_name = "spelling"
    field_name = "email"

    def lookups(self, request, model_admin):
        return [("older", "Older spelling of another row’s address")]

    def queryset(self, request, queryset):
        if self.value() != "older":
            return queryset
        older = [
            pk
            for pk, value in queryset.values_list("pk", self.field_name).iterator(chunk_size=2000)
            if value and canonical_email(value) != value
        ]
        return queryset.filter(pk__in=older)


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
class UserAdmin(AddressSearchMixin, BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "group_names", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", AddressSpellingFilter)
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

    def save_model(self, request, obj, form, change):
        page_save(page=obj)  # the change form and a revert: keeps the old address


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    """Recorded by the save services when a slug changes; staff may look and remove one."""

    list_display = ("old_path", "target", "kind", "created_at")
    list_filter = ("content_type",)
    search_fields = ("old_path",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WeatherReading)
class WeatherReadingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The masthead's weather: what is stored, how old it is, and what went wrong last.

    Read-only (only the refresh service writes it); "Queue a refresh now" asks the worker.
    """

    change_list_template = "admin/lordspress/weatherreading/change_list.html"
    change_form_template = "admin/lordspress/weatherreading/change_form.html"
    list_display = ("__str__", "provider", "age", "masthead_state", "last_error_summary")
    list_display_links = ("__str__",)
    fieldsets = (
        (
            "Stored reading",
            {
                "fields": (
                    "reading",
                    "provider",
                    "location",
                    "observed_at",
                    "fetched_at",
                    "age",
                    "masthead_state",
                )
            },
        ),
        (
            "Refreshing",
            {
                "fields": (
                    "last_attempt_at",
                    "last_error",
                    "last_error_at",
                    "refresh_queued_at",
                    "configuration",
                )
            },
        ),
    )
    readonly_fields = (
        "reading",
        "provider",
        "location",
        "observed_at",
        "fetched_at",
        "age",
        "masthead_state",
        "last_attempt_at",
        "last_error",
        "last_error_at",
        "refresh_queued_at",
        "configuration",
    )

    def get_urls(self):
        refresh = self.admin_site.admin_view(require_POST(self.refresh_view))
        return [
            path("refresh/", refresh, name="lordspress_weatherreading_refresh"),
            *super().get_urls(),
        ]

    def refresh_view(self, request):
        if not request.user.has_perm("lordspress.refresh_weatherreading"):
            raise PermissionDenied
        if configured_provider() is None:
            self.message_user(
                request, "Weather is switched off (WEATHER_PROVIDER=off).", messages.WARNING
            )
        else:
            weather_refresh_enqueue(force=True)
            self.message_user(
                request,
                "A weather refresh is queued; the worker stores the new reading within a "
                "minute. Reload this page to see it.",
                messages.SUCCESS,
            )
        return redirect(reverse("admin:lordspress_weatherreading_changelist"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._refresh_context(request)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **self._refresh_context(request)}
        return super().changelist_view(request, extra_context)

    def _refresh_context(self, request) -> dict:
        return {
            "can_queue_weather_refresh": request.user.has_perm("lordspress.refresh_weatherreading"),
            "weather_configuration": self.configuration(None),
        }

    @admin.display(description="Reading")
    def reading(self, obj):
        return obj.summary() or "No reading yet"

    @admin.display(description="Age")
    def age(self, obj):
        if obj.fetched_at is None:
            return "—"
        return f"{timesince(obj.fetched_at)} ago"

    @admin.display(description="On the site")
    def masthead_state(self, obj):
        state = freshness(obj.fetched_at, timezone.now())
        if settings.WEATHER_PROVIDER == "off":
            return "Hidden: weather is switched off"
        if obj.fetched_at is not None and obj.location != settings.WEATHER_LOCATION:
            return f"Hidden: the reading is for {obj.location}, not {settings.WEATHER_LOCATION}"
        return {
            "missing": "Hidden until the first reading",
            "fresh": "Shown",
            "dated": "Shown “as of” its time (older than 30 minutes)",
            "expired": "Hidden (older than 6 hours)",
        }[state]

    @admin.display(description="Last error")
    def last_error_summary(self, obj):
        if not obj.last_error:
            return "—"
        when = timezone.localtime(obj.last_error_at).strftime("%d %b %H:%M")
        current = "" if obj.is_failing else " (since recovered)"
        return f"{when}: {obj.last_error}{current}"

    @admin.display(description="Configuration")
    def configuration(self, obj):
        provider = configured_provider()
        if provider is None:
            return "WEATHER_PROVIDER=off: no weather is fetched or shown."
        return (
            f"{provider.name} for {settings.WEATHER_LOCATION} "
            f"({settings.WEATHER_LATITUDE:g}, {settings.WEATHER_LONGITUDE:g}); "
            f"a refresh is queued when the reading is over "
            f"{settings.WEATHER_REFRESH_SECONDS // 60} minutes old."
        )


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
