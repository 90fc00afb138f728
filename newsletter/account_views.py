"""Members' accounts: sign in (password or emailed link), passwords, preferences, data."""

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lordspress.core.http import rate_limit_key
from lordspress.core.middleware import allow_methods
from lordspress.core.signin_limits import CheckedPasswordChangeView
from newsletter import accounts, selectors, subscriptions
from newsletter.forms import (
    DeleteAccountForm,
    EmailOnlyForm,
    MemberLoginForm,
    PreferencesForm,
)
from newsletter.limits import ADDRESS, NETWORK, RateLimited
from newsletter.links import one_time_link
from newsletter.models import EmailToken
from newsletter.tokens import TokenError, token_digest
from newsletter.views import MODEL_BACKEND, _link_problem, _usable


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = MemberLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(link_form=EmailOnlyForm(), **kwargs)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("articles:home")


LINK_LIMIT_MESSAGES = {
    NETWORK: "Many links have been asked for from your network in the last hour. "
    "Please try again later.",
    ADDRESS: "Several links have been asked for this address in the last hour. If you are "
    "waiting for one, look in your spam folder; otherwise please try again in an hour.",
}


def _limited(form, limited: RateLimited) -> int:
    """Say on the form that a limit was reached (limits count requests, not accounts, so
    this tells nothing about the address); returns the status for the response."""
    form.add_error("email", LINK_LIMIT_MESSAGES[limited.scope])
    return 429


@allow_methods("POST")
@never_cache
def request_link(request):
    """Email a sign-in link. The answer, and the request's work, are the same for every
    address; a background task decides whether to send."""
    form = EmailOnlyForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            accounts.sign_in_link_request(
                email=form.cleaned_data["email"], client_key=rate_limit_key(request)
            )
        except RateLimited as limited:
            status = _limited(form, limited)
        else:
            return HttpResponseRedirect(reverse("accounts:link-sent"), status=303)
    return render(
        request,
        "accounts/login.html",
        {"form": MemberLoginForm(request), "link_form": form},
        status=status,
    )


@allow_methods("GET")
@never_cache
def link_sent(request):
    return render(request, "accounts/link_sent.html")


@allow_methods("GET", "POST")
@never_cache
@one_time_link(
    purpose="sign-in",
    page="accounts:sign-in-link",
    keep=token_digest,
    usable=_usable(
        lambda link: selectors.token_check(digest=link, purpose=EmailToken.Purpose.SIGN_IN)
    ),
)
def sign_in(request, link: str):
    """GET shows a button and changes nothing (mail scanners open links); POST signs in.
    ``link``: the token's ``token_digest`` (``newsletter.links``)."""
    if request.method == "POST":
        try:
            user = accounts.sign_in_with_token(token_digest=link)
        except TokenError as error:
            return _link_problem(request, error.reason, purpose="sign-in")
        login(request, user, backend=MODEL_BACKEND)
        return redirect("accounts:home")
    try:
        selectors.token_check(digest=link, purpose=EmailToken.Purpose.SIGN_IN)
    except TokenError as error:
        return _link_problem(request, error.reason, purpose="sign-in")
    return render(request, "accounts/sign_in.html")


@allow_methods("GET", "POST")
@never_cache
@one_time_link(
    purpose="set-password",
    page="accounts:set-password-link",
    keep=token_digest,
    usable=_usable(lambda link: selectors.password_token_user(token_digest=link)),
)
def set_password(request, link: str):
    """``link``: the token's ``token_digest`` (``newsletter.links``)."""
    try:
        user = selectors.password_token_user(token_digest=link)
    except TokenError as error:
        return _link_problem(request, error.reason, purpose="password")
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.password_set_with_token(
                token_digest=link, password=form.cleaned_data["new_password1"]
            )
        except TokenError as error:
            return _link_problem(request, error.reason, purpose="password")
        if not user.is_staff:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, "Your password is set. You are signed in.")
            return redirect("accounts:home")
        return redirect("accounts:login")
    return render(request, "accounts/set_password.html", {"form": form, "account": user})


@allow_methods("GET", "POST")
@never_cache
def password_reset(request):
    """Email a link to choose a new password. The answer, and the request's work, are the
    same for every address; a background task decides whether to send."""
    form = EmailOnlyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                accounts.password_reset_request(
                    email=form.cleaned_data["email"], client_key=rate_limit_key(request)
                )
            except RateLimited as limited:
                status = _limited(form, limited)
            else:
                return HttpResponseRedirect(reverse("accounts:password-reset-sent"), status=303)
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@allow_methods("GET")
@never_cache
def password_reset_sent(request):
    return render(request, "accounts/password_reset_sent.html")


class PasswordChangeView(CheckedPasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


@allow_methods("GET", "POST")
@login_required
@never_cache
def home(request):
    """The member's page: newsletter preference, their data, and leaving."""
    subscriber = selectors.subscriber_for_user(user=request.user)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"newsletter": bool(subscriber and subscriber.newsletter)},
    )
    if request.method == "POST" and form.is_valid():
        if subscriber is None:
            messages.error(request, "This account has no newsletter subscription.")
        else:
            subscriptions.subscriber_set_newsletter(
                subscriber=subscriber, wanted=form.cleaned_data["newsletter"]
            )
            messages.success(
                request,
                "You will receive the newsletter."
                if form.cleaned_data["newsletter"]
                else "You will no longer receive the newsletter. Your account stays open.",
            )
        return redirect("accounts:home")
    return render(
        request,
        "accounts/home.html",
        {"subscriber": subscriber, "form": form, "delete_form": DeleteAccountForm()},
    )


@allow_methods("GET")
@login_required
@never_cache
def export(request):
    data = selectors.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="lordspress-my-data-{stamp}.json"'
    return response


@allow_methods("POST")
@login_required
@never_cache
def delete(request):
    form = DeleteAccountForm(request.POST)
    if request.user.is_staff:
        messages.error(request, "Staff accounts are removed by an administrator.")
        return redirect("accounts:home")
    if not form.is_valid():
        subscriber = selectors.subscriber_for_user(user=request.user)
        return render(
            request,
            "accounts/home.html",
            {"subscriber": subscriber, "form": PreferencesForm(), "delete_form": form},
            status=400,
        )
    user = request.user
    logout(request)
    accounts.account_delete(user=user)
    return redirect("accounts:deleted")


@allow_methods("GET")
@never_cache
def deleted(request):
    return render(request, "accounts/deleted.html")
