"""Cookie consent in the admin: the registry (a working copy), published policy versions and
the consent records (read-only for everyone, exportable, findable by consent ID)."""

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from consent.exports import EXPORT_FORMATS, export_response
from consent.models import (
    Category,
    ConsentRecord,
    ConsentSettings,
    Cookie,
    PolicyVersion,
    Service,
)
from consent.registry import DEFAULT_BANNER_TEXT, PublishedRegistry
from consent.services import (
    consent_settings_save,
    consent_settings_validate,
    cookie_save,
    policy_version_publish,
    registry_has_unpublished_changes,
    registry_snapshot,
    registry_unwritable_entries,
)
from lordspress.core.admin_mixins import BoundedInlineMixin, ReadOnlyAdminMixin
from lordspress.core.dates import validate_editorial_date

WORKING_COPY_NOTE = (
    "Readers see the registry as published in the latest policy version. Changes here take "
    "effect when you publish a new version (Cookie consent → Policy versions), which asks "
    "every reader to choose again."
)


class WorkingCopyNoteMixin:
    """Reminds editors that registry edits wait for the next published version."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and registry_has_unpublished_changes():
            self.message_user(request, WORKING_COPY_NOTE, messages.WARNING)
        return super().changelist_view(request, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, WORKING_COPY_NOTE, messages.INFO)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.message_user(request, WORKING_COPY_NOTE, messages.INFO)
        return super().response_change(request, obj)


@admin.register(Category)
class CategoryAdmin(WorkingCopyNoteMixin, admin.ModelAdmin):
    """The four purposes are fixed; their wording is the editors'."""

    list_display = ("name", "key", "order", "entry_count")
    list_editable = ("order",)
    fields = ("key", "name", "description", "order")
    readonly_fields = ("key",)
    search_fields = ("name", "description")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering, so it is restated.
        return (
            super()
            .get_queryset(request)
            .annotate(cookie_total=Count("cookies"))
            .order_by("order", "key")
        )

    @admin.display(description="Cookies and keys", ordering="cookie_total")
    def entry_count(self, obj):
        return obj.cookie_total


class CookieInline(BoundedInlineMixin, admin.StackedInline):
    """Every field the model validates is here: an error ``Cookie.clean()`` reports on a
    field the form lacks (a strictly necessary row's justification) would be a 500."""

    model = Cookie
    extra = 0
    fields = (
        ("name", "kind", "category"),
        ("provider", "party", "duration"),
        "purpose",
        "justification",
        ("domain", "path"),
    )


@admin.register(Service)
class ServiceAdmin(WorkingCopyNoteMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "key", "category", "provider", "party", "script")
    list_select_related = ("category",)
    list_filter = ("category", "party")
    search_fields = ("name", "key", "provider", "purpose")
    prepopulated_fields = {"key": ("name",)}
    inlines = [CookieInline]

    def save_formset(self, request, form, formset, change):
        # The service's cookie rows are saved by the service that checks what may be declared.
        if formset.model is not Cookie:
            return super().save_formset(request, form, formset, change)
        for cookie in formset.save(commit=False):
            cookie_save(cookie=cookie)
        for cookie in formset.deleted_objects:
            cookie.delete()
        formset.save_m2m()


@admin.register(Cookie)
class CookieAdmin(WorkingCopyNoteMixin, admin.ModelAdmin):
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    list_display = ("name", "kind", "category", "service", "provider", "party", "duration")
    list_select_related = ("category", "service")
    list_filter = ("category", "kind", "party", "service")
    search_fields = ("name", "provider", "purpose")
    autocomplete_fields = ("service",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "category", "service")}),
        ("What readers are told", {"fields": ("provider", "party", "purpose", "duration")}),
        ("Strictly necessary only", {"fields": ("justification",)}),
        ("Where it is set (for deletion)", {"fields": ("domain", "path", "order")}),
    )

    def save_model(self, request, obj, form, change):
        cookie_save(cookie=obj)


# --- Policy versions ------------------------------------------------------------------------


class PublishForm(forms.ModelForm):
    confirm = forms.BooleanField(
        label="Ask every reader again",
        help_text="Publishing makes every earlier choice invalid: the banner returns for every "
        "reader, and nothing optional runs until they choose again.",
    )

    class Meta:
        model = PolicyVersion
        fields = ("banner_text", "change_note")
        widgets = {"banner_text": forms.Textarea(attrs={"rows": 4, "cols": 90})}

    def clean(self):
        data = super().clean()
        problems = registry_unwritable_entries()
        if problems:
            raise forms.ValidationError(
                [
                    "These registry entries must be corrected before a version can be "
                    "published (open each in Cookies and storage keys or Services):",
                    *problems,
                ]
            )
        return data


def _table(registry: PublishedRegistry):
    rows = format_html_join(
        "",
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (row["entry"].name, row["category"], row["entry"].provider, row["entry"].duration,
             f"{row['entry'].kind_label}, {row['entry'].party_label.lower()}")
            for row in registry.table_rows
        ),
    )  # fmt: skip
    services = format_html_join(", ", "{} ({})", ((s.name, s.category) for s in registry.services))
    return format_html(
        "<table><thead><tr><th>Name</th><th>Category</th><th>Provider</th><th>Duration</th>"
        "<th>Type</th></tr></thead><tbody>{}</tbody></table><p>Services: {}</p>",
        rows,
        services or "none",
    )


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    """Adding a version publishes it. A published version is never changed or deleted."""

    form = PublishForm
    list_display = ("__str__", "published_at", "published_by", "record_count", "short_digest")
    list_select_related = ("published_by",)
    readonly_fields = ("frozen_registry",)
    date_hierarchy = "published_at"
    search_fields = ("banner_text", "change_note")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("banner_text", "change_note", "frozen_registry", "confirm")
        return (
            "number",
            "published_at",
            "published_by",
            "banner_text",
            "change_note",
            "digest",
            "frozen_registry",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("frozen_registry",)
        return self.get_fields(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(record_total=Count("records"))
            .order_by("-number")
        )

    def get_changeform_initial_data(self, request):
        latest = PolicyVersion.objects.order_by("-number").first()
        return {"banner_text": latest.banner_text if latest else DEFAULT_BANNER_TEXT}

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Registry")
    def frozen_registry(self, obj):
        if obj is None or obj.pk is None:
            live = PublishedRegistry.from_snapshot(
                version=0, published_at=None, banner_text="", snapshot=registry_snapshot()
            )
            return format_html(
                "<p>This is the registry as it stands; publishing freezes it.</p>{}",
                _table(live),
            )
        return _table(PublishedRegistry.from_version(obj))

    @admin.display(description="Decisions recorded")
    def record_count(self, obj):
        return obj.record_total

    @admin.display(description="Digest")
    def short_digest(self, obj):
        return obj.digest[:12]

    def save_model(self, request, obj, form, change):
        published = policy_version_publish(
            banner_text=form.cleaned_data["banner_text"],
            change_note=form.cleaned_data.get("change_note", ""),
            published_by=request.user,
        )
        obj.pk = published.pk
        obj.number = published.number
        obj.published_at = published.published_at
        obj.registry = published.registry
        obj.digest = published.digest

    def save_related(self, request, form, formsets, change):
        pass  # nothing related; the version was written by the service

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            f"Version {obj.number} is published. Every reader will be asked to choose again.",
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)


# --- Consent records ----------------------------------------------------------------------


class ExportForm(forms.Form):
    start = forms.DateField(
        label="From (UTC)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_editorial_date],
    )
    end = forms.DateField(
        label="To (UTC, inclusive)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_editorial_date],
    )
    format = forms.ChoiceField(choices=[(f, f.upper()) for f in EXPORT_FORMATS], initial="csv")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("“From” must not be after “To”.")
        return data


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Evidence: nobody may add, change or delete a record here (the retention job deletes
    old ones). Search takes a consent ID, with or without dashes."""

    list_display = (
        "created_at",
        "consent_id",
        "action",
        "surface",
        "policy_version",
        "allowed",
        "language",
    )
    list_filter = ("action", "surface", "policy_version", "created_at")
    date_hierarchy = "created_at"
    search_fields = ("consent_id",)
    search_help_text = "Find the decisions of one visitor by their consent ID."
    list_select_related = ("policy_version",)
    fields = (
        "consent_id",
        "created_at",
        "policy_version",
        "action",
        "surface",
        "choices",
        "services",
        "language",
    )
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description="Allowed")
    def allowed(self, obj):
        granted = [key for key, value in (obj.choices or {}).items() if value]
        return ", ".join(granted)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        try:
            consent_id = uuid.UUID(term)
        except ValueError:
            return queryset.none(), False
        return queryset.filter(consent_id=consent_id), False

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="consent_consentrecord_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "export_url": reverse("admin:consent_consentrecord_export"),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ExportForm(request.GET or None)
        if form.is_bound and form.is_valid():
            return export_response(
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                fmt=form.cleaned_data["format"],
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Export consent records",
            "form": form,
        }
        return TemplateResponse(request, "admin/consent/consentrecord/export.html", context)


class ConsentSettingsForm(forms.ModelForm):
    class Meta:
        model = ConsentSettings
        fields = ["google_tag_id"]

    def _post_clean(self):
        super()._post_clean()
        try:  # the service's rule, shown on its field
            consent_settings_validate(consent_settings=self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(ConsentSettings)
class ConsentSettingsAdmin(admin.ModelAdmin):
    """One row (the Google tag); the list view goes straight to it."""

    form = ConsentSettingsForm
    fieldsets = (("Google tag", {"fields": ("google_tag_id",)}),)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ConsentSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:consent_consentsettings_change", args=[1]))

    def save_model(self, request, obj, form, change):
        consent_settings_save(consent_settings=obj)
