"""Subscribers in the admin: search, filter, export and import CSV, resend confirmations.
Consent records and the suppression list are read-only: they are evidence (staff with the
permission add a suppression, or lift one with a recorded reason; none is edited or
deleted)."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from lordspress.core.addresses import MailableEmailFormField
from lordspress.core.admin import AddressSearchMixin, AddressSpellingFilter
from lordspress.core.admin_mixins import BoundedInlineMixin, ReadOnlyAdminMixin
from lordspress.core.spreadsheets import csv_writer
from lordspress.core.text import single_line
from newsletter.imports import subscribers_import
from newsletter.issues import issue_queue, issue_send_test
from newsletter.models import NewsletterIssue, SignupConsent, Subscriber, Suppression
from newsletter.selectors import issues_with_delivery, suppression_hashes
from newsletter.signup import subscriber_resend_confirmation
from newsletter.subscriptions import SUBSCRIBER_STAFF_FIELDS, subscriber_staff_update
from newsletter.suppressions import STAFF_SUPPRESSION_REASONS, suppression_add, suppression_lift

EXPORT_COLUMNS = [
    "email",
    "name",
    "status",
    "newsletter",
    "source",
    "provenance",
    "signed_up",
    "confirmed",
    "unsubscribed",
]
IMPORT_COLUMNS = ("email", "name", "newsletter", "provenance", "confirmed_consent")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SignupConsentInline(BoundedInlineMixin, admin.TabularInline):
    model = SignupConsent
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "created_at",
        "form",
        "newsletter_opt_in",
        "privacy_policy_version",
        "ip_truncated",
        "confirmed_at",
    )

    def has_add_permission(self, request, obj=None):
        return False


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, provenance (required: where and how the reader agreed), "
        "and optionally name, newsletter (yes/no), confirmed_consent (yes only with proof "
        "of a confirmed opt-in). The first line must name the columns.",
    )
    default_provenance = forms.CharField(
        required=False,
        max_length=300,
        help_text="Used for rows whose provenance cell is empty.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; split it, please.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it as CSV UTF-8."
            ) from None
        reader = csv.DictReader(io.StringIO(text))
        headers = {(name or "").strip().lower() for name in (reader.fieldnames or [])}
        if "email" not in headers:
            raise forms.ValidationError("The first line must name the columns, including “email”.")
        if "provenance" not in headers and not self.data.get("default_provenance"):
            raise forms.ValidationError(
                "A “provenance” column (or a default provenance) is required: we import only "
                "readers whose consent we can show."
            )
        rows = []
        for row in reader:
            rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in row.items()})
        return rows


@admin.register(Subscriber)
class SubscriberAdmin(AddressSearchMixin, admin.ModelAdmin):
    list_display = ("email", "name", "status", "newsletter", "source", "created_at", "confirmed_at")
    list_filter = ("status", "newsletter", "source", "created_at", AddressSpellingFilter)
    search_fields = ("email", "name", "provenance")
    date_hierarchy = "created_at"
    fields = (
        "email",
        "name",
        "status",
        "newsletter",
        "user",
        "source",
        "provenance",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    )
    inlines = [SignupConsentInline]
    actions = ["resend_confirmation", "export_csv"]
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def has_add_permission(self, request):
        return False  # readers join by confirming their address; staff import with proof

    def get_readonly_fields(self, request, obj=None):
        # The service's rule: staff change only SUBSCRIBER_STAFF_FIELDS, and only the reader
        # turns the newsletter on.
        readonly = [name for name in self.fields if name not in SUBSCRIBER_STAFF_FIELDS]
        if obj is not None and not obj.newsletter:
            readonly.append("newsletter")
        return readonly

    def save_model(self, request, obj, form, change):
        subscriber_staff_update(subscriber=obj)

    @admin.action(description="Resend the confirmation email")
    def resend_confirmation(self, request, queryset):
        sent = sum(subscriber_resend_confirmation(subscriber=s) for s in queryset)
        skipped = queryset.count() - sent
        self.message_user(
            request,
            f"Queued {sent} confirmation email(s)."
            + (f" Skipped {skipped} already confirmed or suppressed." if skipped else ""),
            messages.SUCCESS,
        )

    @admin.action(description="Export the selected subscribers as CSV")
    def export_csv(self, request, queryset):
        return self._csv_response(queryset)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_subscriber_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_all_view),
                name="newsletter_subscriber_export",
            ),
            *super().get_urls(),
        ]

    def export_all_view(self, request):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        return self._csv_response(self.get_queryset(request))

    def _csv_response(self, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        writer = csv_writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for s in queryset.order_by("created_at"):
            writer.writerow(
                [
                    s.email,
                    s.name,
                    s.status,
                    "yes" if s.newsletter else "no",
                    s.source,
                    s.provenance,
                    s.created_at.isoformat(),
                    s.confirmed_at.isoformat() if s.confirmed_at else "",
                    s.unsubscribed_at.isoformat() if s.unsubscribed_at else "",
                ]
            )
        return response

    def import_view(self, request):
        if not self.has_change_permission(request):
            messages.error(request, "You may not import subscribers.")
            return redirect("admin:newsletter_subscriber_changelist")
        form = ImportForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        report = None
        if request.method == "POST" and form.is_valid():
            report = subscribers_import(
                rows=form.cleaned_data["file"],
                default_provenance=form.cleaned_data["default_provenance"],
            )
            messages.success(
                request,
                f"Imported {report.imported} ({report.confirmed} with confirmed consent, the rest "
                f"asked to confirm by email); skipped {report.skipped} already known; "
                f"{len(report.invalid)} invalid.",
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import subscribers",
            "form": form,
            "report": report,
            "columns": IMPORT_COLUMNS,
            "changelist_url": reverse("admin:newsletter_subscriber_changelist"),
        }
        return render(request, "admin/newsletter/subscriber/import.html", context)


@admin.register(SignupConsent)
class SignupConsentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "subscriber",
        "created_at",
        "form",
        "newsletter_opt_in",
        "privacy_policy_version",
        "ip_truncated",
        "confirmed_at",
    )
    list_filter = ("form", "newsletter_opt_in", "created_at")
    search_fields = ("subscriber__email",)
    date_hierarchy = "created_at"
    list_select_related = ("subscriber",)


class SuppressionStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("lifted", "Lifted")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(lifted_at__isnull=True)
        if self.value() == "lifted":
            return queryset.filter(lifted_at__isnull=False)
        return queryset


class LiftSuppressionForm(forms.Form):
    lift_reason = forms.CharField(
        label="Why may we mail this address again?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Recorded with your name and the time, for example: “The reader wrote to "
        "the desk on 3 March asking to receive the newsletter again.”",
    )

    def clean_lift_reason(self) -> str:
        """The reason as it will be stored: control characters alone are no reason."""
        reason = single_line(self.cleaned_data["lift_reason"])
        if not reason:
            raise forms.ValidationError("This field is required.", code="required")
        return reason


class AddSuppressionForm(forms.Form):
    email = MailableEmailFormField(
        label="Email address",
        max_length=254,
        help_text="Only a hash of it is kept. Every spelling of the address (capitals, "
        "invisible characters, full-width letters) is the same address.",
    )
    reason = forms.ChoiceField(
        label="Why",
        choices=[(reason.value, reason.label) for reason in STAFF_SUPPRESSION_REASONS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=300,
        help_text="How we learnt of it, for example “Letter of 3 March to the desk”. Do not "
        "write the address or the reader's name.",
    )


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The suppression list: evidence, so nothing is edited or deleted. Staff with the
    permission add one (``suppression_add``: a request not to be contacted, a complaint, a
    bounce) or lift one with a recorded reason (the action), which keeps the row."""

    list_display = (
        "short_hash",
        "reason",
        "created_at",
        "created_by",
        "note",
        "active",
        "lifted_at",
        "lifted_by",
        "lift_reason",
    )
    list_filter = (SuppressionStateFilter, "reason", "created_at")
    list_select_related = ("lifted_by", "created_by")
    search_fields = ("email_hash",)
    search_help_text = (
        "Type an email address (we look up its hash: addresses themselves are not kept) or "
        "the start of a hash."
    )
    fields = (
        "email_hash",
        "reason",
        "created_at",
        "created_by",
        "note",
        "lifted_at",
        "lifted_by",
        "lift_reason",
    )
    actions = ["lift"]

    @admin.display(description="Address hash", ordering="email_hash")
    def short_hash(self, obj):
        return f"{obj.email_hash[:16]}…"

    @admin.display(description="Active", boolean=True, ordering="lifted_at")
    def active(self, obj):
        return obj.is_active

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if "@" in term:
            return queryset.filter(email_hash__in=suppression_hashes(term)), False
        if term:
            return queryset.filter(email_hash__startswith=term.lower()), False
        return queryset, False

    def has_lift_permission(self, request):
        return request.user.has_perm("newsletter.lift_suppression")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("newsletter.add_suppression")

    def add_view(self, request, form_url="", extra_context=None):
        """Suppress an address through ``suppression_add`` (never a model form: the address
        is hashed and the row is evidence)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddSuppressionForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                result = suppression_add(by=request.user, **form.cleaned_data)
            except PermissionError as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect("admin:newsletter_suppression_changelist")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self._report_added(request, result)
                return redirect("admin:newsletter_suppression_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Suppress an address",
            "form": form,
        }
        return TemplateResponse(request, "admin/newsletter/suppression/add.html", context)

    def _report_added(self, request, result) -> None:
        row = result.suppression
        if result.created:
            text = (
                f"The address is suppressed ({row.get_reason_display().lower()}): we will not "
                "mail it. Only its hash is kept, with your name and the time."
            )
        else:
            text = (
                f"The address was already suppressed ({row.get_reason_display().lower()}, "
                f"since {timezone.localtime(row.created_at):%d %B %Y}); nothing was added."
            )
        if result.newsletters_stopped:
            text += " Its newsletter is stopped."
        if result.emails_cancelled:
            text += f" {result.emails_cancelled} email(s) waiting to be sent were cancelled."
        self.message_user(request, text, messages.SUCCESS if result.created else messages.INFO)

    @admin.action(description="Lift the selected suppressions…", permissions=["lift"])
    def lift(self, request, queryset):
        active = list(queryset.filter(lifted_at__isnull=True))
        if not active:
            self.message_user(
                request, "The selected suppressions had been lifted already.", messages.WARNING
            )
            return None
        form = LiftSuppressionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                lifted = sum(
                    suppression_lift(
                        suppression=row, by=request.user, reason=form.cleaned_data["lift_reason"]
                    )
                    for row in active
                )
            except PermissionError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                f"Lifted {lifted} suppression(s); the reason is recorded with your name. "
                "These addresses may be mailed again.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Lift suppressions",
            "form": form,
            "suppressions": active,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/newsletter/suppression/lift.html", context)


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    """Compose an issue from published articles, send a proof to yourself, then send it."""

    list_display = ("subject", "status", "recipients", "sent", "failed", "queued_at")
    list_filter = ("status",)
    search_fields = ("subject", "introduction")
    autocomplete_fields = ("articles",)
    readonly_fields = ("status", "queued_at", "prepared_at", "recipients")
    actions = ["send_test", "send_now"]

    def get_queryset(self, request):
        return issues_with_delivery(issues=super().get_queryset(request))

    @admin.display(description="Sent", ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count or 0

    @admin.display(description="Failed", ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count or 0

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status == NewsletterIssue.Status.DRAFT)

    @admin.action(description="Send a test of the selected issues to me")
    def send_test(self, request, queryset):
        for issue in queryset:
            issue_send_test(issue=issue, to=request.user.email)
        self.message_user(request, f"A test is on its way to {request.user.email}.")

    @admin.action(
        description="Send the selected issues to every subscriber", permissions=["change"]
    )
    def send_now(self, request, queryset):
        queued = sum(issue_queue(issue=issue) for issue in queryset)
        skipped = queryset.count() - queued
        self.message_user(
            request,
            f"{queued} issue(s) are being sent."
            + (f" {skipped} had been sent already." if skipped else ""),
            messages.SUCCESS if queued else messages.WARNING,
        )
