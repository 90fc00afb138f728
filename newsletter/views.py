"""Signup, confirmation and one-click unsubscribe."""

from datetime import timedelta

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from lordspress.cache import public_cache
from lordspress.http import client_ip, same_origin
from lordspress.middleware import allow_methods
from lordspress.ratelimit import rate_limit_hit
from newsletter import services
from newsletter.forms import SubscribeForm, started_token

SUBSCRIBES_PER_IP_PER_MINUTE = 5
SUBSCRIBES_PER_IP_PER_HOUR = 20
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)


@method_decorator(public_cache, name="dispatch")
class SignupView(TemplateView):
    template_name = "newsletter/signup.html"


@method_decorator(public_cache, name="dispatch")
class CheckInboxView(TemplateView):
    template_name = "newsletter/check_inbox.html"


def _neutral_answer():
    return HttpResponseRedirect(reverse("newsletter:check-inbox"), status=303)


# The subscribe form sits on every page, and those pages are cached and shared by all
# readers, so they cannot carry a per-visitor CSRF token (nor set its cookie). Instead this
# endpoint is CSRF-exempt and checks that the POST comes from our own origin; it is
# rate-limited per IP address; and a forged signup is harmless because nothing happens until
# the owner of the address confirms by email (double opt-in).
@allow_methods("POST")
@csrf_exempt
@never_cache
def subscribe(request):
    if not same_origin(request, missing_ok=True):
        return render(request, "newsletter/wrong_origin.html", status=403)
    form = SubscribeForm(request.POST)
    source = "page" if request.POST.get("source") == "page" else "box"
    if not form.is_valid():
        return render(
            request,
            "newsletter/signup.html",
            {"form": form, "started": started_token()},
            status=400,
        )
    if form.is_stale():
        return render(
            request,
            "newsletter/signup.html",
            {"form": form, "started": started_token(), "stale": True},
            status=400,
        )
    ip = client_ip(request)
    within_limits = rate_limit_hit(
        scope="subscribe-minute", key=ip, limit=SUBSCRIBES_PER_IP_PER_MINUTE, window=_MINUTE
    ) and rate_limit_hit(
        scope="subscribe-hour", key=ip, limit=SUBSCRIBES_PER_IP_PER_HOUR, window=_HOUR
    )
    if within_limits and not form.looks_automated():
        services.subscriber_subscribe(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            newsletter=form.cleaned_data["newsletter"],
            form=source,
            ip=ip,
        )
    return _neutral_answer()


def _link_problem(request, reason: str, *, purpose: str):
    return render(
        request,
        "newsletter/link_problem.html",
        {"reason": reason, "purpose": purpose},
        status=400,
    )


@allow_methods("GET", "POST")
@never_cache
def confirm(request, token: str):
    """GET shows a button and changes nothing (mail scanners open links); POST confirms."""
    if request.method == "POST":
        try:
            result = services.subscriber_confirm(raw_token=token)
        except services.TokenError as error:
            if error.reason == "used" and request.user.is_authenticated:
                return redirect("newsletter:welcome")  # a second click on the same button
            return _link_problem(request, error.reason, purpose="confirm")
        if not result.user.is_staff:  # staff keep signing in with their password
            login(request, result.user, backend=MODEL_BACKEND)
            return redirect("newsletter:welcome")
        return redirect("accounts:login")
    try:
        services.token_check(raw=token, purpose=services.EmailToken.Purpose.CONFIRM)
    except services.TokenError as error:
        return _link_problem(request, error.reason, purpose="confirm")
    return render(request, "newsletter/confirm.html")


@allow_methods("GET")
@login_required
@never_cache
def welcome(request):
    return render(request, "newsletter/welcome.html")


# Mail readers' one-click unsubscribe (RFC 8058) POSTs here without cookies or a CSRF token;
# the signed token in the address is the authority, and unsubscribing harms nobody.
@allow_methods("GET", "POST")
@csrf_exempt
@never_cache
def unsubscribe(request, token: str):
    subscriber = services.subscriber_from_unsubscribe_token(token)
    if subscriber is None:
        return _link_problem(request, "unknown", purpose="unsubscribe")
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})
