"""The visitor's side: the choice endpoint and the no-JavaScript settings page."""

from django import forms
from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from consent.middleware import DECISION_ATTRIBUTE
from consent.models import ConsentAction, ConsentSurface
from consent.registry import PublishedRegistry, current_registry, registry_for_version
from consent.services import consent_decide
from consent.state import ConsentState, Status, sends_gpc, set_consent_cookie
from lordspress.core.http import same_origin
from lordspress.core.middleware import allow_methods
from lordspress.core.numbers import parse_ascii_number

# What a visitor may ask for; "withdraw" is worked out by the server, not chosen.
VISITOR_ACTIONS = [
    (a.value, a.label)
    for a in (
        ConsentAction.ACCEPT_ALL,
        ConsentAction.REJECT_ALL,
        ConsentAction.CUSTOM,
        ConsentAction.GPC,
    )
]


class ConsentForm(forms.Form):
    action = forms.ChoiceField(
        choices=VISITOR_ACTIONS,
        error_messages={"required": "Choose Accept all, Reject all or Save choices."},
    )
    surface = forms.ChoiceField(choices=ConsentSurface.choices)
    category = forms.MultipleChoiceField(required=False)
    service = forms.MultipleChoiceField(required=False)
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, registry: PublishedRegistry, **kwargs):
        super().__init__(*args, **kwargs)
        self.registry = registry
        self.fields["category"].choices = [(k, k) for k in registry.offered_categories]
        self.fields["service"].choices = [(k, k) for k in registry.offered_services]

    def clean(self):
        data = super().clean()
        if (data.get("action") == ConsentAction.GPC) != (data.get("surface") == ConsentSurface.GPC):
            raise forms.ValidationError("A Global Privacy Control refusal comes from the signal.")
        return data


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return "/"


def _state_json(state: ConsentState) -> dict:
    return {
        "consentId": state.consent_id.hex if state.consent_id else None,
        "version": state.version,
        "categories": sorted(state.categories),
        "services": sorted(state.services),
        "decidedAt": state.decided_at.isoformat() if state.decided_at else None,
        "valid": state.is_valid,
    }


def _refuse(request, message: str, status: int):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(
        request,
        "consent/settings.html",
        _settings_context(request, error=message),
        status=status,
    )


# CSRF: the banner is part of every page, and pages are cached publicly, so a per-visitor
# CSRF token cannot be in its form. Instead this endpoint accepts only POSTs that the browser
# declares came from this site (Origin, or Referer when an old browser sends no Origin;
# Sec-Fetch-Site must not be cross-site), which is what a token would have proved. That
# matters because a forged "Accept all" would be consent the visitor never gave. What it can
# do is bounded too: it only records a choice and sets the consent cookie; it reads nothing
# back and changes nothing else.
@allow_methods("POST")
@csrf_exempt
@never_cache
def consent_save(request):
    if not same_origin(request, missing_ok=False):
        return _refuse(
            request,
            "Your choice could not be saved because it did not come from a page of this site. "
            "Please make it again below.",
            403,
        )
    # The version the reader's page showed; ASCII digits only (lordspress.core.numbers), so a
    # "١" is not taken for version 1.
    seen_version = parse_ascii_number(request.POST.get("version"), max_digits=9)
    registry = (
        registry_for_version(seen_version) if seen_version is not None else None
    ) or current_registry()
    form = ConsentForm(request.POST, registry=registry)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _refuse(request, f"Your choice could not be saved: {message}", 400)
    data = form.cleaned_data
    previous: ConsentState = request.consent
    if data["action"] == ConsentAction.GPC:
        if not sends_gpc(request):
            return _refuse(
                request, "Your browser did not send a Global Privacy Control signal.", 400
            )
        if previous.is_valid:
            # An explicit choice outranks the signal: nothing new to record.
            return JsonResponse({"kept": True, **_state_json(previous)})
    state, _record = consent_decide(
        previous=previous,
        action=data["action"],
        surface=data["surface"],
        registry=registry,
        categories=data["category"],
        services=data["service"],
        language=get_language() or settings.LANGUAGE_CODE,
    )
    if _wants_json(request):
        response = JsonResponse(_state_json(state))
    elif data["surface"] == ConsentSurface.SETTINGS_PAGE:
        response = HttpResponseRedirect(reverse("consent:settings") + "?saved=1", status=303)
    else:
        # Without JavaScript the banner cannot hide itself on a cached page; the fragment lets
        # the stylesheet hide it on the page the visitor returns to.
        target = _safe_next(request, data["next"]).split("#")[0]
        response = HttpResponseRedirect(target + "#consent-saved", status=303)
    set_consent_cookie(response, state)
    setattr(response, DECISION_ATTRIBUTE, state)
    return response


def _settings_context(request, **extra) -> dict:
    state: ConsentState = request.consent
    registry = current_registry()
    allowed = [c.name for c in registry.categories if not c.is_necessary and state.allows(c.key)]
    return {
        "state": state,
        "registry": registry,
        "allowed_names": allowed,
        "checked_categories": state.categories if state.is_valid else frozenset(),
        "checked_services": state.services if state.is_valid else frozenset(),
        "status": Status,
        "saved": request.GET.get("saved") == "1",
        **extra,
    }


@method_decorator(never_cache, name="dispatch")
class ConsentSettingsView(TemplateView):
    """The plain-form settings page: shows the visitor's own choice, so it is never cached
    publicly. With JavaScript, the footer link opens the same form as a dialog instead."""

    template_name = "consent/settings.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_settings_context(self.request)}
