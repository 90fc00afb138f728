"""Signup, confirmation and one-click unsubscribe."""

import logging
from collections.abc import Callable

from anymail import urls as anymail_urls
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from lordspress.core.cache import public_cache
from lordspress.core.http import rate_limit_key, same_origin
from lordspress.core.middleware import allow_methods
from newsletter import selectors, signup, subscriptions
from newsletter.forms import SubscribeForm
from newsletter.limits import ADDRESS, NETWORK, RateLimited
from newsletter.links import one_time_link
from newsletter.models import EmailToken
from newsletter.tokens import TokenError, token_digest, unsubscribe_link_keep

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@method_decorator(public_cache, name="dispatch")
class SignupView(TemplateView):
    template_name = "newsletter/signup.html"


@method_decorator(public_cache, name="dispatch")
class CheckInboxView(TemplateView):
    template_name = "newsletter/check_inbox.html"


def _neutral_answer():
    return HttpResponseRedirect(reverse("newsletter:check-inbox"), status=303)


SIGNUP_NOTICES = {
    SubscribeForm.NO_START: "Please check your details and press Subscribe again.",
    SubscribeForm.STALE: (
        "This form had been open for a long time. Please check your details and press "
        "Subscribe again."
    ),
    NETWORK: (
        "Many signups have come from your network in the last few minutes. Please wait a "
        "little, then press Subscribe again."
    ),
    ADDRESS: (
        "This address has been entered several times today, so to protect its owner from "
        "unwanted mail we will send it nothing more today. If you are waiting for our email, "
        "look in your spam folder; otherwise please try again tomorrow."
    ),
}


def _signup_again(request, form, *, notice: str = "", status: int = 400, retry_after=None):
    """The signup page again, with what was typed, a fresh form token and why."""
    response = render(
        request, "newsletter/signup.html", {"form": form, "notice": notice}, status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# The subscribe form sits on every page, and those pages are cached and shared by all
# readers, so they cannot carry a per-visitor CSRF token (nor set its cookie). Instead this
# endpoint is CSRF-exempt and checks that the POST comes from our own origin; it is
# rate-limited per IP address and per address; and a forged signup is harmless because
# nothing happens until the owner of the address confirms by email (double opt-in).
#
# A reader is never told "check your inbox" when nothing will be sent for a reason that has
# to do with them: a robot defence or a limit answers with the form and a request to try
# again. Only the honeypot (a field no person sees) gets the neutral answer, and the only
# other silence is about the address itself (a member, a suppressed address), which must
# not show. The request does the same work for every address; a background task decides.
@allow_methods("POST")
@csrf_exempt
@never_cache
def subscribe(request):
    if not same_origin(request, missing_ok=True):
        return render(request, "newsletter/wrong_origin.html", status=403)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _signup_again(request, form)
    robot = form.robot_check()
    if robot == SubscribeForm.TRAP:
        return _neutral_answer()
    if robot is not None:
        return _signup_again(request, form, notice=SIGNUP_NOTICES[robot])
    try:
        signup.signup_request(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            newsletter=form.cleaned_data["newsletter"],
            form="page" if request.POST.get("source") == "page" else "box",
            client_key=rate_limit_key(request),
        )
    except RateLimited as limited:
        return _signup_again(
            request,
            form,
            notice=SIGNUP_NOTICES[limited.scope],
            status=429,
            retry_after=limited.retry_after,
        )
    return _neutral_answer()


def _link_problem(request, reason: str, *, purpose: str):
    return render(
        request,
        "newsletter/link_problem.html",
        {"reason": reason, "purpose": purpose},
        status=400,
    )


def _usable(check) -> Callable[[str], bool]:
    """``check(link)`` raising ``TokenError`` as a yes/no, for ``one_time_link``."""

    def usable(link: str) -> bool:
        try:
            check(link)
        except TokenError:
            return False
        return True

    return usable


@allow_methods("GET", "POST")
@never_cache
@one_time_link(
    purpose="confirm",
    page="newsletter:confirm-link",
    keep=token_digest,
    usable=_usable(
        lambda link: selectors.token_check(digest=link, purpose=EmailToken.Purpose.CONFIRM)
    ),
)
def confirm(request, link: str):
    """GET shows a button and changes nothing (mail scanners open links); POST confirms.
    ``link``: the token's ``token_digest`` (``newsletter.links``)."""
    if request.method == "POST":
        try:
            result = signup.subscriber_confirm(token_digest=link)
        except TokenError as error:
            if error.reason == "used" and request.user.is_authenticated:
                return redirect("newsletter:welcome")  # a second click on the same button
            return _link_problem(request, error.reason, purpose="confirm")
        if not result.user.is_staff:  # staff keep signing in with their password
            login(request, result.user, backend=MODEL_BACKEND)
            return redirect("newsletter:welcome")
        return redirect("accounts:login")
    try:
        selectors.token_check(digest=link, purpose=EmailToken.Purpose.CONFIRM)
    except TokenError as error:
        return _link_problem(request, error.reason, purpose="confirm")
    return render(request, "newsletter/confirm.html")


@allow_methods("GET")
@login_required
@never_cache
def welcome(request):
    return render(request, "newsletter/welcome.html")


# Mail readers' one-click unsubscribe (RFC 8058) POSTs to the address with the token, without
# cookies or a CSRF token: the signed token in the address is the authority, and unsubscribing
# harms nobody. newsletter/urls.py exempts that address from CSRF; the token-free one, whose
# token comes from the session, keeps the check.
@allow_methods("GET", "POST")
@never_cache
@one_time_link(
    purpose="unsubscribe",
    page="newsletter:unsubscribe-link",
    keep=unsubscribe_link_keep,
    usable=_usable(lambda link: selectors.unsubscribe_link_subscriber(kept=link)),
)
def unsubscribe(request, link: str):
    """``link``: what ``tokens.unsubscribe_link_keep`` made of the token."""
    try:
        subscriber = selectors.unsubscribe_link_subscriber(kept=link)
    except TokenError as error:
        return _link_problem(request, error.reason, purpose="unsubscribe")
    if request.method == "POST":
        subscriptions.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


# Mail providers' reports (django-anymail's webhook views, one per provider): bounces and
# complaints (``tracking``), and mail to the unsubscribe mailbox (``inbound``). Received by
# ``newsletter.feedback``.
logger = logging.getLogger(__name__)
_ANYMAIL_VIEWS = {
    pattern.name: pattern.callback
    for pattern in anymail_urls.urlpatterns
    if getattr(pattern, "name", None)
}


@csrf_exempt
@never_cache
@allow_methods("POST", "HEAD")
def feedback_webhook(request, provider: str, kind: str):
    """``/newsletter/feedback/<provider>/<tracking|inbound>/``: the provider's own webhook
    view, with its own signature check (Mailgun, SendGrid, Postal, Amazon SES…) or the
    shared basic-auth secret (``ANYMAIL_WEBHOOK_SECRET``). A provider that is not set up,
    or whose only guard is that secret while it is unset, is not listening: 404, never a
    500, and no unguarded endpoint anyone could post fake bounces to. A bad signature is
    anymail's 400 and changes nothing."""
    view = _ANYMAIL_VIEWS.get(f"{provider}_{kind}_webhook")
    if view is None or kind not in {"tracking", "inbound"}:
        raise Http404("No such webhook.")
    view_class = getattr(view, "view_class", None)
    if getattr(view_class, "warn_if_no_basic_auth", True) and not settings.ANYMAIL.get(
        "WEBHOOK_SECRET"
    ):
        raise Http404("This provider's webhook needs ANYMAIL_WEBHOOK_SECRET.")
    try:
        return view(request)
    except ImproperlyConfigured:
        raise Http404("This provider's webhook is not set up.") from None
    except (TypeError, KeyError, ValueError, AttributeError, IndexError):
        # A payload of the wrong shape that anymail's parser does not catch itself (it
        # reads what it expects): the request's fault, not ours. Logged, as it may also be
        # a provider that changed its format.
        logger.warning("Unreadable %s %s webhook", provider, kind, exc_info=True)
        return HttpResponseBadRequest("Unreadable webhook payload.")
