import time

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core import signing

from lordspress.addresses import MailableEmailFormField

_STARTED_SALT = "newsletter.subscribe.started"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 60 * 60 * 24 * 2


def started_token() -> str:
    """A signed "form shown at" time, for the minimum fill time check."""
    return signing.dumps(int(time.time()), salt=_STARTED_SALT)


class SubscribeForm(forms.Form):
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

    def looks_automated(self) -> bool:
        """Honeypot filled, or sent faster than a person types, or a forged start time."""
        if self.cleaned_data.get("website"):
            return True
        try:
            started = signing.loads(self.cleaned_data.get("started") or "", salt=_STARTED_SALT)
        except signing.BadSignature:
            return True
        return not isinstance(started, int) or time.time() - started < MIN_FILL_SECONDS

    def is_stale(self) -> bool:
        try:
            started = signing.loads(self.cleaned_data.get("started") or "", salt=_STARTED_SALT)
        except signing.BadSignature:
            return False
        return isinstance(started, int) and time.time() - started > MAX_FORM_AGE


class EmailOnlyForm(forms.Form):
    email = MailableEmailFormField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MemberLoginForm(AuthenticationForm):
    username = forms.EmailField(
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
