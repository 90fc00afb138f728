"""Email addresses we are willing to mail: one rule for every form, model and service.

Django's ``EmailValidator`` accepts two forms that no reader's real mailbox has and that
point our mail server at machines rather than at a mail domain:

* domain literals, ``someone@[127.0.0.1]`` or ``someone@[IPv6:::1]`` (RFC 5321 §4.1.3): they
  make our server connect to that IP address, so a form would let anyone point it at our own
  network or at any host;
* ``someone@localhost``, which Django allows through its ``domain_allowlist``.

This rule also refuses the special-use names that can never be a reader's mail domain:
``.localhost`` (RFC 6761 §6.3, always the loopback), ``.invalid`` (RFC 6761 §6.4, never
exists) and ``.local`` (RFC 6762, the local link's multicast DNS). Everything else is
Django's rule unchanged (a dotted domain name whose top-level label is letters, RFC 3696
§2), so ordinary addresses behave exactly as before.

Use ``MailableEmailField`` on models (its form field carries the rule, so admin and model
forms get it) and ``MailableEmailFormField`` in plain forms; services that take an address
from elsewhere (CSV imports, the outbox) call ``validate_mailable_email``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models

SPECIAL_USE_TLDS = frozenset({"localhost", "invalid", "local"})
UNDELIVERABLE_MESSAGE = (
    "We can only send email to an address at a mail domain, like name@example.com — "
    "not to an IP address or a local computer name."
)


class MailableEmailValidator(EmailValidator):
    """Django's email rule without domain literals, ``localhost`` or special-use names.

    Raises ``ValidationError`` with code ``"undeliverable"`` (and the message above) for
    those, and Django's own ``"invalid"`` error for anything malformed.
    """

    domain_allowlist: list[str] = []  # Django's default allows "localhost"

    def __call__(self, value):
        if isinstance(value, str) and "@" in value:
            domain = value.rsplit("@", 1)[1].strip().lower()
            labels = domain.rstrip(".").split(".")
            refused = domain.startswith("[") or len(labels) < 2 or labels[-1] in SPECIAL_USE_TLDS
            if domain and refused:
                raise ValidationError(
                    UNDELIVERABLE_MESSAGE, code="undeliverable", params={"value": value}
                )
        super().__call__(value)

    def validate_domain_part(self, domain_part: str) -> bool:
        # Never the literal form, whatever reaches here.
        return bool(self.domain_regex.match(domain_part))


validate_mailable_email = MailableEmailValidator()


def is_mailable(address: str) -> bool:
    """Whether ``address`` passes ``validate_mailable_email`` (for guards that must not raise)."""
    try:
        validate_mailable_email(address)
    except ValidationError:
        return False
    return True


class MailableEmailFormField(forms.EmailField):
    """A form's email field with the mailable rule."""

    default_validators = [validate_mailable_email]


class MailableEmailField(models.EmailField):
    """A model's email field with the mailable rule; its form field carries the rule too, so
    admin and model forms refuse what the model would."""

    default_validators = [validate_mailable_email]
    description = "Email address we can mail"

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MailableEmailFormField, **kwargs})
