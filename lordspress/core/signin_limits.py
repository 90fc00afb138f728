"""Limits on password sign-in: per account and address, and per address alone.

django-axes counts failed password checks for each (sign-in name, IP address) pair and locks
that pair out at ``AXES_FAILURE_LIMIT`` (5) for ``AXES_COOLOFF_TIME``. Alone, that lets one
address try four passwords on every account it can name (password spraying, issue 8). axes can
also count per address (``AXES_LOCKOUT_PARAMETERS``), but with the same single limit for every
parameter, and a success would then wipe the address's whole count; so this handler adds the
per-address rule itself: once an address has ``SIGN_IN_FAILURES_PER_IP`` failed sign-ins within
the cool-off window, every password sign-in from it is refused until the window passes,
whatever the account, right password or not.

"Address" here is the client's ``lordspress.core.http.rate_limit_key`` (an IPv4 address, or the /64
of an IPv6 one), which axes records as the attempt's IP address (``AXES_CLIENT_IP_CALLABLE``):
both limits, axes' and this one, count a whole IPv6 /64 as one client.

The count is read from axes' own records (``AccessAttempt`` rows of that address still within
the cool-off), so staff see and lift a lockout where they already do: admin → Axes → Access
attempts (delete the address's rows). The lockout is answered by axes' middleware with the same
page for every account, known or not: it never says whether an address is registered.

Every password check that goes through ``django.contrib.auth.authenticate`` with a request is
covered: the members' sign-in, the admin sign-in, and both password change pages (members' and
admin's), whose current-password check goes through ``CheckedPasswordChangeForm`` below.

The default threshold, 100 an hour, follows Ghost's ``global_block`` (99 free tries per address
per hour, its config defaults.json): generous enough for an office or a mobile network behind
one address, far below what spraying thousands of accounts needs.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import Sum
from django.http import HttpRequest
from django.urls import reverse

from lordspress.core.logging import redact


def ip_failures(request: HttpRequest) -> int:
    """Failed password sign-ins from the request's address (its rate-limit key, which axes
    stores as ``ip_address``) still within the cool-off window.

    Needs the ``axes_*`` attributes axes sets on the request (``AxesProxyHandler``).
    """
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def ip_locked_out(request: HttpRequest) -> bool:
    return ip_failures(request) >= settings.SIGN_IN_FAILURES_PER_IP


def _redact_address(request: HttpRequest | None) -> None:
    """The address axes is about to store (``axes_path_info``), with any token redacted."""
    if request is not None and hasattr(request, "axes_path_info"):
        request.axes_path_info = redact(request.axes_path_info)


class SignInLimitsHandler(AxesDatabaseHandler):
    """axes' database handler plus the per-address limit (``AXES_HANDLER`` names it)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or ip_locked_out(request)

    # axes stores the request's address with every sign-in, sign-out and failure (AccessLog,
    # AccessAttempt, AccessFailureLog: admin → Axes). A one-time link signs in at an address
    # that carries its token (a POST to /accounts/sign-in/<token>/ or /newsletter/confirm/…),
    # so the address is stored as the logs write it, redacted (lordspress.core.logging).
    def user_logged_in(self, sender, request, user, **kwargs):
        _redact_address(request)
        super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        _redact_address(request)
        super().user_logged_out(sender, request, user, **kwargs)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        _redact_address(request)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if self.is_whitelisted(request, credentials) or not ip_locked_out(request):
            return
        # As axes does for its own limit: the middleware turns the flag into the lockout page.
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


class CheckedPasswordChangeForm(PasswordChangeForm):
    """Django's password change form, with the current password checked by ``authenticate``.

    So a wrong current password counts as a failed sign-in (a stolen session cannot be used
    to guess the password at leisure), and a locked-out account or address cannot test
    passwords here either: axes refuses and its middleware answers with the lockout page.
    """

    def __init__(self, user, *args, request: HttpRequest, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class CheckedAdminPasswordChangeForm(CheckedPasswordChangeForm):
    required_css_class = "required"  # as django.contrib.admin.forms.AdminPasswordChangeForm


class CheckedPasswordChangeView(auth_views.PasswordChangeView):
    """``PasswordChangeView`` that hands the request to the checked form."""

    form_class = CheckedPasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


def admin_password_change(request: HttpRequest):
    """The admin's "Change password" page with the checked form.

    Django 5.2's ``AdminSite.password_change`` hard-codes its form, so ``lordspress/urls.py``
    routes the admin's address here first; the rest is that method, line for line.
    """
    request.current_app = admin.site.name
    return CheckedPasswordChangeView.as_view(
        form_class=CheckedAdminPasswordChangeForm,
        success_url=reverse("admin:password_change_done", current_app=admin.site.name),
        extra_context=admin.site.each_context(request),
    )(request)
