"""Email addresses we are willing to mail: one rule for every form, model and service.

**One address, one spelling.** Django's mailer does not send an address as it is typed: it
IDNA-encodes the domain (``sanitize_address`` → ``django.utils.encoding.punycode``, Python's
``idna`` codec, IDNA 2003, RFC 3490), and nameprep (RFC 3491) maps full-width and other
compatibility letters to plain ones, drops invisible characters such as U+200B and U+00AD,
folds case and reads the ideographic full stop (U+3002) as a dot. So ``a@ｅxample.com``,
``a@example.com\\u200b`` and ``a@example。com`` all reach the mailbox ``a@example.com``.
Compared as text they were three addresses: each escaped the suppression list, had its own
rate-limit bucket and its own account (issue 8). ``canonical_email`` computes the address as
the mailer delivers it, and every store, comparison, hash and limit uses that form:

1. drop default-ignorable characters (every format character, Unicode category Cf, plus the
   rest of ``Default_Ignorable_Code_Point``: variation selectors, Hangul fillers…), which
   display as nothing;
2. Unicode NFKC (full-width and other compatibility forms become plain letters), then
   lower-case (our long-standing rule: local parts are compared without case);
3. the domain through the mailer's own IDNA encoding, so it is stored in its ASCII form
   (``bücher.de`` → ``xn--bcher-kva.de``), exactly what goes on the envelope; a domain that
   encoding refuses (a prohibited character, an empty or over-long label) cannot be mailed
   and the validator refuses it.

Stored addresses are this canonical form (``MailableEmailField`` converts on every save and
every query), as Ghost does for members since 2025 (TryGhost/Ghost#24457, "prevented
homograph attacks with punycode domains on member signin"): what staff see in the admin is
what the mail server is given, with no lookalike or invisible letter to hide a duplicate.

**Where we refuse to send.** Django's ``EmailValidator`` accepts two forms that no reader's
real mailbox has and that point our mail server at machines rather than at a mail domain:

* domain literals, ``someone@[127.0.0.1]`` or ``someone@[IPv6:::1]`` (RFC 5321 §4.1.3): they
  make our server connect to that IP address, so a form would let anyone point it at our own
  network or at any host;
* ``someone@localhost``, which Django allows through its ``domain_allowlist``.

This rule also refuses the special-use names that can never be a reader's mail domain:
``.localhost`` (RFC 6761 §6.3, always the loopback), ``.invalid`` (RFC 6761 §6.4, never
exists) and ``.local`` (RFC 6762, the local link's multicast DNS). Everything else is
Django's rule unchanged (a dotted domain name whose top-level label is letters, RFC 3696
§2). All of it is judged on the canonical form, so ``x@foo.ｌｏｃａｌ`` is ``x@foo.local``.

Use ``MailableEmailField`` on models (its form field carries the rule, so admin and model
forms get it) and ``MailableEmailFormField`` in plain forms; services that take an address
from elsewhere (CSV imports, the outbox) call ``canonical_email`` and
``validate_mailable_email``.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models

SPECIAL_USE_TLDS = frozenset({"localhost", "invalid", "local"})
UNDELIVERABLE_MESSAGE = (
    "We can only send email to an address at a mail domain, like name@example.com — "
    "not to an IP address or a local computer name."
)

# Default_Ignorable_Code_Point outside category Cf (Unicode DerivedCoreProperties.txt; the
# Cf members of that property are dropped by category, whatever the Unicode version).
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors and vowel separator
    (0x2065, 0x2065),  # reserved in the invisible-operators block
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors 1-16
    (0xFFA0, 0xFFA0),  # half-width Hangul filler
    (0xFFF0, 0xFFF8),  # reserved before the specials
    (0xE0000, 0xE0FFF),  # tags and variation selectors 17-256, with their reserved room
)
# The label separators of IDNA 2003 (RFC 3490 §3.1): full stop, ideographic full stop,
# full-width full stop, half-width ideographic full stop.
_DOTS = str.maketrans(dict.fromkeys("\u3002\uff0e\uff61", "."))


def is_ignorable(char: str) -> bool:
    """Whether ``char`` is a default-ignorable character: one that displays as nothing."""
    point = ord(char)
    return unicodedata.category(char) == "Cf" or any(
        low <= point <= high for low, high in _IGNORABLE_RANGES
    )


def _visible(text: str) -> str:
    return "".join(char for char in text if not is_ignorable(char))


def _canonical(value: str) -> tuple[str, bool]:
    """The address as the mailer delivers it, and whether its domain could be encoded.

    When the IDNA encoding refuses the domain, the first item is the address after steps 1
    and 2 of the module docstring (a form that can still be looked up, never mailed).
    """
    text = _visible(unicodedata.normalize("NFKC", _visible(value or ""))).strip().lower()
    text = unicodedata.normalize("NFKC", text)
    if "@" not in text:
        return text, True
    local, domain = text.rsplit("@", 1)
    domain = domain.translate(_DOTS)
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return f"{local}@{domain}", False
    return f"{local}@{domain}", True


def canonical_email(value: str) -> str:
    """``value`` as the mailer will deliver it: the one form we store, compare and hash.

    Never raises: text that is not an address comes back trimmed, without invisible
    characters, NFKC-normalised and lower-cased, so looking it up finds nothing and the
    validator refuses it. ``None`` and "" give "".
    """
    return _canonical(value)[0]


def display_email(address: str) -> str:
    """A canonical address with its domain in Unicode (``xn--bcher-kva.de`` → ``bücher.de``),
    for the rare reader who would not recognise the ASCII form; "" if it cannot be decoded."""
    if "@" not in (address or ""):
        return address or ""
    local, domain = address.rsplit("@", 1)
    try:
        return f"{local}@{domain.encode('ascii').decode('idna')}"
    except UnicodeError:
        return ""


class MailableEmailValidator(EmailValidator):
    """Django's email rule without domain literals, ``localhost`` or special-use names,
    judged on the canonical form of the address.

    Raises ``ValidationError`` with code ``"undeliverable"`` (and the message above) for
    those, and Django's own ``"invalid"`` error for anything malformed, including a domain
    the mailer's IDNA encoding refuses.
    """

    domain_allowlist: list[str] = []  # Django's default allows "localhost"

    def __call__(self, value):
        if not isinstance(value, str):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        canonical, encodable = _canonical(value)
        if not encodable:
            raise ValidationError(self.message, code=self.code, params={"value": value})
        if "@" in canonical:
            domain = canonical.rsplit("@", 1)[1]
            labels = domain.rstrip(".").split(".")
            refused = domain.startswith("[") or len(labels) < 2 or labels[-1] in SPECIAL_USE_TLDS
            if domain and refused:
                raise ValidationError(
                    UNDELIVERABLE_MESSAGE, code="undeliverable", params={"value": value}
                )
        super().__call__(canonical)

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


class CanonicalEmailFormField(forms.EmailField):
    """A form's email field whose ``cleaned_data`` is the canonical form, checked by Django's
    own rule: for a sign-in name, which names an existing account and sends nothing (an
    account stored before the mailable rule must still sign in)."""

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_email(value) if value else value


class MailableEmailFormField(CanonicalEmailFormField):
    """A form's email field with the mailable rule; ``cleaned_data`` holds the canonical form."""

    default_validators = [validate_mailable_email]


class MailableEmailField(models.EmailField):
    """A model's email field with the mailable rule, stored and queried in canonical form.

    ``to_python`` (which Django's ``CharField.get_prep_value`` calls for every save and every
    lookup such as ``filter(email=…)`` or ``email__in``) and ``pre_save`` (which also sets the
    instance's attribute) turn any spelling into ``canonical_email``, so neither a service
    nor a query can store or compare another spelling. Pattern lookups (``icontains``) are
    left as typed, as Django leaves them. Its form field carries the rule too, so admin and
    model forms refuse what the model would.
    """

    default_validators = [validate_mailable_email]
    description = "Email address we can mail"

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_email(value) if isinstance(value, str) and value else value

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MailableEmailFormField, **kwargs})


def canonicalise_stored_addresses(app_label: str):
    """The code of a data migration: store ``app_label``'s addresses (every
    ``MailableEmailField``) in canonical form, as the field stores them now.

    One update a row, each in a savepoint. When two rows are spellings of one mailbox and
    the field is unique (two accounts or subscribers made before addresses were canonical,
    e.g. ``a@example.com`` and ``a@ｅxample.com``), the row already spelled canonically (but
    for capitals) keeps the address, else the oldest row takes it; the others
    keep their spelling, with nothing merged or deleted (merging accounts or consent records
    is a person's decision), and are counted on the console. Staff find them in the admin
    (the "Address spelling" filter on users and subscribers) and delete or re-address the
    duplicate; every lookup, hash and limit already treats them as the one canonical address.
    """

    def forwards(apps, schema_editor) -> None:
        from django.db import DataError, IntegrityError, transaction

        alias = schema_editor.connection.alias
        kept = 0
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, MailableEmailField):
                    continue
                rows = model._base_manager.using(alias)
                stored = rows.order_by("pk").values_list("pk", field.attname)
                # Rows spelled canonically but for capitals first: they hold the address.
                work = sorted(
                    (value.lower() != canonical_email(value), pk, value)
                    for pk, value in stored
                    if value and canonical_email(value) != value
                )
                for _, pk, value in work:
                    try:
                        with transaction.atomic(using=alias):
                            rows.filter(pk=pk).update(**{field.attname: canonical_email(value)})
                    except (IntegrityError, DataError):
                        kept += 1
        if kept:
            print(  # noqa: T201 - the person migrating must hear of it
                f"\n  {kept} {app_label} row(s) keep an older spelling of an address another "
                "row has: find them in the admin with the “Address spelling” filter."
            )

    return forwards
