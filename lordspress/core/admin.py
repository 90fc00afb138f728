from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from lordspress.core.addresses import canonical_email
from lordspress.core.models import OldAddress, User


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


class SignInAttemptAdmin(AccessAttemptAdmin):
    """django-axes' list of counted sign-in failures, with its one action mended: axes'
    "Clean up expired attempts" reads the time of the current sign-in attempt from the
    request, which only its sign-in path sets, so from the admin it always failed (500).
    Here the time is now: records older than ``AXES_COOLOFF_TIME`` go."""

    actions = ["cleanup_expired_attempts"]

    @admin.action(description="Clean up expired attempts")
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


# django-axes' admin, registered here (AXES_ENABLE_ADMIN is off) with the mended action.
admin.site.register(AccessAttempt, SignInAttemptAdmin)
admin.site.register(AccessLog, AccessLogAdmin)
admin.site.register(AccessFailureLog, AccessFailureLogAdmin)
