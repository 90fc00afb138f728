"""Subscribers in the admin: search, filter, export and import CSV, resend confirmations.
Consent records and the suppression list are read-only: they are evidence (staff with the
permission add a suppression, or lift one with a recorded reason; none is edited or
deleted)."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_sameorigin

from lordspress.core.addresses import MailableEmailFormField
from lordspress.core.admin import AddressSearchMixin, AddressSpellingFilter
from lordspress.core.admin_mixins import BoundedInlineMixin, ReadOnlyAdminMixin
from lordspress.core.links import absolute_url
from lordspress.core.spreadsheets import csv_writer
from lordspress.core.text import single_line
from newsletter.emails import UNSUBSCRIBE_SLOT, issue_parts
from newsletter.imports import subscribers_import
from newsletter.issues import (
    issue_digest_create,
    issue_queue,
    issue_schedule,
    issue_send_test,
    issue_unschedule,
)
from newsletter.models import (
    Delivery,
    FeedbackEvent,
    IssueArticle,
    NewsletterIssue,
    SignupConsent,
    Subscriber,
    Suppression,
)
from newsletter.selectors import issue_progress, issues_with_delivery, suppression_hashes
from newsletter.sending import issue_retry_failed
from newsletter.signup import subscriber_resend_confirmation
from newsletter.subscriptions import SUBSCRIBER_STAFF_FIELDS, subscriber_staff_update
from newsletter.suppressions import (
    STAFF_SUPPRESSION_REASONS,
    suppression_add,
    suppression_lift,
    suppressions_import,
)

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


def read_csv_upload(upload) -> tuple[set[str], list[dict[str, str]]]:
    """An uploaded CSV of addresses, read once for every import form (subscribers,
    suppressions): its column names and rows, keys lower-cased and values trimmed. Raises
    ``ValidationError`` for a file over ``MAX_IMPORT_BYTES``, not UTF-8, or with no "email"
    column."""
    if upload.size > MAX_IMPORT_BYTES:
        raise forms.ValidationError("The file is larger than 5 MB; split it, please.")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError("The file is not UTF-8 text; save it as CSV UTF-8.") from None
    reader = csv.DictReader(io.StringIO(text))
    headers = {(name or "").strip().lower() for name in (reader.fieldnames or [])}
    if "email" not in headers:
        raise forms.ValidationError("The first line must name the columns, including “email”.")
    rows = [
        {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        for row in reader
    ]
    return headers, rows


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
        headers, rows = read_csv_upload(self.cleaned_data["file"])
        if "provenance" not in headers and not self.data.get("default_provenance"):
            raise forms.ValidationError(
                "A “provenance” column (or a default provenance) is required: we import only "
                "readers whose consent we can show."
            )
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


class SuppressionImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, and optionally reason (request, complaint or bounce; "
        "empty means a request) and note. The first line must name the columns. Only a "
        "hash of each address is kept.",
    )
    note = forms.CharField(
        required=False,
        max_length=300,
        help_text="For rows without a note, e.g. “Bounce list exported from our old "
        "provider, March 2027”.",
    )

    def clean_file(self):
        return read_csv_upload(self.cleaned_data["file"])[1]


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The suppression list: evidence, so nothing is edited or deleted. Staff with the
    permission add one (``suppression_add``: a request not to be contacted, a complaint, a
    bounce) or lift one with a recorded reason (the action), which keeps the row."""

    list_display = (
        "short_hash",
        "reason",
        "source",
        "created_at",
        "created_by",
        "note",
        "active",
        "lifted_at",
        "lifted_by",
        "lift_reason",
    )
    list_filter = (SuppressionStateFilter, "reason", "source", "created_at")
    change_list_template = "admin/newsletter/suppression/change_list.html"
    list_select_related = ("lifted_by", "created_by")
    search_fields = ("email_hash",)
    search_help_text = (
        "Type an email address (we look up its hash: addresses themselves are not kept) or "
        "the start of a hash."
    )
    fields = (
        "email_hash",
        "reason",
        "source",
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

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_suppression_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Suppress the addresses of a CSV file (``suppressions_import``)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SuppressionImportForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        report = None
        if request.method == "POST" and form.is_valid():
            report = suppressions_import(
                by=request.user, rows=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                f"Suppressed {report.added} address(es); {report.already} were already "
                f"suppressed; {len(report.invalid)} invalid row(s).",
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import suppressions",
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/newsletter/suppression/import.html", context)

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


class IssueArticleInline(BoundedInlineMixin, admin.TabularInline):
    """The issue's articles in order: lower positions come first."""

    model = IssueArticle
    extra = 3
    fields = ("position", "article")
    autocomplete_fields = ("article",)
    ordering = ("position", "pk")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.editable)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.editable)


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at (London time)",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "form": "issue-schedule"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text="The worker starts sending within a minute after this time, never before.",
    )

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or use “Send now”.")
        return send_at


PREVIEW_WIDTHS = {"desktop": 600, "phone": 375}
# The previewed email may be styled (its CSS is inlined as style attributes) but runs nothing.
PREVIEW_CSP = (
    "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
# The admin pages of this module load only their own scripts.
PAGE_CSP = "script-src 'self'; object-src 'none'; base-uri 'self'; frame-src 'self'"


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    """Compose an issue (subject, preheader, rich introduction, articles in order), preview
    it, send a proof to yourself, schedule it or send it now, and watch it go out."""

    list_display = (
        "subject",
        "status",
        "send_at",
        "recipients",
        "queued",
        "sent",
        "failed",
        "skipped",
        "progress_link",
    )
    list_filter = ("status",)
    search_fields = ("subject", "preheader", "introduction")
    fields = ("subject", "preheader", "introduction", "created_at")
    readonly_fields = (
        "status",
        "send_at",
        "queued_at",
        "prepared_at",
        "finished_at",
        "recipients",
    )
    inlines = [IssueArticleInline]
    actions = ["send_test", "send_now", "retry_failed"]
    change_form_template = "admin/newsletter/newsletterissue/change_form.html"
    change_list_template = "admin/newsletter/newsletterissue/change_list.html"

    def get_fields(self, request, obj=None):
        return self.fields + (self.readonly_fields if obj is not None else ())

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.editable:
            return self.fields + self.readonly_fields
        return self.readonly_fields

    def get_queryset(self, request):
        return issues_with_delivery(issues=super().get_queryset(request))

    @admin.display(description="Queued", ordering="queued_count")
    def queued(self, obj):
        return obj.queued_count

    @admin.display(description="Sent", ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description="Failed", ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    @admin.display(description="Skipped", ordering="skipped_count")
    def skipped(self, obj):
        return obj.skipped_count

    @admin.display(description="Progress")
    def progress_link(self, obj):
        if obj.status == NewsletterIssue.Status.DRAFT:
            return "—"
        url = reverse("admin:newsletter_newsletterissue_progress", args=[obj.pk])
        return format_html('<a href="{}">Progress</a>', url)

    def has_send_permission(self, request):
        return request.user.has_perm("newsletter.change_newsletterissue")

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == NewsletterIssue.Status.DRAFT)

    @admin.action(description="Send a proof of the selected issues to me")
    def send_test(self, request, queryset):
        for issue in queryset:
            issue_send_test(issue=issue, to=request.user.email)
        self.message_user(request, f"A proof is on its way to {request.user.email}.")

    @admin.action(
        description="Send the selected issues to every subscriber now", permissions=["send"]
    )
    def send_now(self, request, queryset):
        queued = 0
        for issue in queryset:
            try:
                queued += issue_queue(issue=issue)
            except ValidationError as error:
                self.message_user(request, f"{issue}: {error.messages[0]}", messages.ERROR)
        skipped = queryset.count() - queued
        self.message_user(
            request,
            f"{queued} issue(s) are being sent."
            + (f" {skipped} were sending or sent already." if skipped else ""),
            messages.SUCCESS if queued else messages.WARNING,
        )

    @admin.action(
        description="Retry the failed emails of the selected issues", permissions=["send"]
    )
    def retry_failed(self, request, queryset):
        count = sum(issue_retry_failed(issue=issue) for issue in queryset)
        self.message_user(
            request,
            f"{count} failed email(s) will be sent again."
            if count
            else "The selected issues have no failed emails.",
            messages.SUCCESS if count else messages.WARNING,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("digest/", view(self.digest_view), name="newsletter_newsletterissue_digest"),
            path(
                "<int:object_id>/preview/",
                view(self.preview_view),
                name="newsletter_newsletterissue_preview",
            ),
            path(
                "<int:object_id>/preview/email/",
                view(self.preview_html_view),
                name="newsletter_newsletterissue_preview_html",
            ),
            path(
                "<int:object_id>/progress/",
                view(self.progress_view),
                name="newsletter_newsletterissue_progress",
            ),
            path(
                "<int:object_id>/progress.json",
                view(self.progress_json_view),
                name="newsletter_newsletterissue_progress_json",
            ),
            path(
                "<int:object_id>/sending/",
                view(self.sending_view),
                name="newsletter_newsletterissue_sending",
            ),
            *super().get_urls(),
        ]

    def _issue(self, request, object_id):
        issue = self.get_object(request, str(object_id))
        if issue is None or not self.has_view_permission(request, issue):
            raise Http404("No such issue.")
        return issue

    def _page(self, request, template, issue, **context):
        response = TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": issue,
                "issue": issue,
                **context,
            },
        )
        response["Content-Security-Policy"] = PAGE_CSP
        return response

    def preview_view(self, request, object_id):
        """The email as a reader gets it: the HTML in a frame 600 or 375 pixels wide, and the
        plain text."""
        issue = self._issue(request, object_id)
        width = request.GET.get("width", "desktop")
        width = width if width in PREVIEW_WIDTHS else "desktop"
        parts = issue_parts(issue=issue)
        return self._page(
            request,
            "admin/newsletter/newsletterissue/preview.html",
            issue,
            title=f"Preview: {issue.subject}",
            subject=parts.subject,
            preheader=issue.preheader,
            text=parts.text.replace(UNSUBSCRIBE_SLOT, absolute_url(reverse("accounts:home"))),
            width=width,
            widths=PREVIEW_WIDTHS,
            frame_width=PREVIEW_WIDTHS[width],
        )

    @method_decorator(xframe_options_sameorigin)
    def preview_html_view(self, request, object_id):
        issue = self._issue(request, object_id)
        html = issue_parts(issue=issue).html.replace(
            UNSUBSCRIBE_SLOT, absolute_url(reverse("accounts:home"))
        )
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = PREVIEW_CSP
        return response

    def progress_view(self, request, object_id):
        issue = self._issue(request, object_id)
        return self._page(
            request,
            "admin/newsletter/newsletterissue/progress.html",
            issue,
            title=f"Sending: {issue.subject}",
            progress=issue_progress(issue=issue),
            retry_allowed=self.has_send_permission(request),
        )

    def progress_json_view(self, request, object_id):
        issue = self._issue(request, object_id)
        response = JsonResponse(issue_progress(issue=issue).as_dict())
        response["Cache-Control"] = "no-store"
        return response

    def sending_view(self, request, object_id):
        """The change page's buttons: proof, schedule, send now, unschedule, retry failures
        (POST only; each a service)."""
        issue = self._issue(request, object_id)
        change_url = reverse("admin:newsletter_newsletterissue_change", args=[issue.pk])
        if request.method != "POST":
            return redirect(change_url)
        what = request.POST.get("do", "")
        if what == "proof":
            issue_send_test(issue=issue, to=request.user.email)
            self.message_user(request, f"A proof is on its way to {request.user.email}.")
            return redirect(change_url)
        if not self.has_send_permission(request):
            raise PermissionDenied
        if what == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                for error in form.errors.get("send_at", []):
                    self.message_user(request, error, messages.ERROR)
                return redirect(change_url)
            done = issue_schedule(issue=issue, send_at=form.cleaned_data["send_at"])
            if done:
                when = timezone.localtime(issue.send_at)
                self.message_user(request, f"Scheduled for {when:%d %B %Y, %H:%M}.")
            else:
                self.message_user(request, "It is sending or sent already.", messages.WARNING)
            return redirect(change_url)
        if what == "now":
            try:
                done = issue_queue(issue=issue)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
                return redirect(change_url)
            if not done:
                self.message_user(request, "It is sending or sent already.", messages.WARNING)
                return redirect(change_url)
            return redirect("admin:newsletter_newsletterissue_progress", issue.pk)
        if what == "unschedule":
            if issue_unschedule(issue=issue):
                self.message_user(request, "Back to draft: it will not be sent.")
            else:
                self.message_user(request, "It was not scheduled.", messages.WARNING)
            return redirect(change_url)
        if what == "retry":
            count = issue_retry_failed(issue=issue)
            self.message_user(request, f"{count} failed email(s) will be sent again.")
            return redirect("admin:newsletter_newsletterissue_progress", issue.pk)
        self.message_user(request, "Nothing was done.", messages.WARNING)
        return redirect(change_url)

    def digest_view(self, request):
        """ "Draft this week's digest": a draft issue of the week's published articles."""
        if request.method != "POST" or not self.has_add_permission(request):
            return redirect("admin:newsletter_newsletterissue_changelist")
        issue = issue_digest_create()
        if issue is None:
            self.message_user(
                request, "No article was published in the last seven days.", messages.WARNING
            )
            return redirect("admin:newsletter_newsletterissue_changelist")
        self.message_user(request, "A draft of this week's digest: check it, then send it.")
        return redirect("admin:newsletter_newsletterissue_change", issue.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["schedule_form"] = ScheduleForm(
            initial={"send_at": timezone.localtime(obj.send_at) if obj and obj.send_at else None}
        )
        context["can_send"] = self.has_send_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Each reader's copy of an issue: what happened to it and why (read-only; failures are
    retried from the issue)."""

    list_display = ("issue", "subscriber", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "issue")
    list_select_related = ("issue", "subscriber")
    search_fields = ("message_id",)
    search_help_text = "A Message-ID, as a mail provider's report gives it."
    fields = (
        "issue",
        "subscriber",
        "status",
        "attempts",
        "next_attempt_at",
        "message_id",
        "last_error",
        "created_at",
        "sent_at",
    )


@admin.register(FeedbackEvent)
class FeedbackEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What mail providers reported (bounces, complaints): evidence, read-only."""

    list_display = ("kind", "esp", "created_at", "short_hash", "message_id", "description")
    list_filter = ("kind", "esp", "created_at")
    search_fields = ("email_hash", "message_id")

    @admin.display(description="Address hash", ordering="email_hash")
    def short_hash(self, obj):
        return f"{obj.email_hash[:16]}…"
