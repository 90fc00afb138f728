import time

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core import signing

from lordspress.core.addresses import CanonicalEmailFormField, MailableEmailFormField

_STARTED_SALT = "newsletter.subscribe.started"
MAX_FORM_AGE = 60 * 60 * 24 * 2


def started_token() -> str:
    """A signed "form shown at" time (seconds since the epoch), carried by the form."""
    return signing.dumps(int(time.time()), salt=_STARTED_SALT)


class SubscribeForm(forms.Form):
    """The signup form on every (cached, shared) page.

    Its defences against robots, and what each one answers (``robot_check``):

    * a honeypot field people never see (hidden, out of the tab order, no autofill): filled,
      the request is dropped with the usual neutral answer, since telling a robot why would
      teach it; no person can fill it;
    * a signed "form shown at" token: missing or forged, the form comes back asking the
      reader to press Subscribe again (with a fresh token); more than two days old, the same;
    * per-network and per-address rate limits (``newsletter.limits``, counted by
      ``signup.signup_request``), answered with a visible request to try later;
    * double opt-in: nothing happens until the owner of the address confirms by email.

    There is no minimum fill time: a person whose browser fills the form in (autofill, then
    a click) is as quick as a robot, and the token comes from a cached page, so its age says
    how old the cache is, not how fast the visitor was. Ghost's signup forms likewise rely
    on a honeypot and rate limits, not on timers.
    """

    TRAP = "trap"
    NO_START = "no-start"
    STALE = "stale"

    email = MailableEmailFormField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}),
    )
    name = forms.CharField(
        label="Name (optional)",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    newsletter = forms.BooleanField(label="Send me the Lord’s Press newsletter", required=False)
    # A field people never see or fill; form-filling robots do.
    website = forms.CharField(label="Leave this field empty", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def robot_check(self) -> str | None:
        """None when a valid form passes every defence, else TRAP, NO_START or STALE."""
        if self.cleaned_data.get("website"):
            return self.TRAP
        try:
            started = signing.loads(self.cleaned_data.get("started") or "", salt=_STARTED_SALT)
        except signing.BadSignature:
            return self.NO_START
        if not isinstance(started, int):
            return self.NO_START
        return self.STALE if time.time() - started > MAX_FORM_AGE else None


class EmailOnlyForm(forms.Form):
    email = MailableEmailFormField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MemberLoginForm(AuthenticationForm):
    username = CanonicalEmailFormField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class PreferencesForm(forms.Form):
    newsletter = forms.BooleanField(label="Send me the Lord’s Press newsletter", required=False)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and my subscription will be deleted for good.",
        required=True,
    )
