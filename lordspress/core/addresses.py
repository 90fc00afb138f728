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
   and the validator refuses it;
4. a quoted local part that could be written without quotes is (see below).

Stored addresses are this canonical form (``MailableEmailField`` converts on every save and
every query), as Ghost does for members since 2025 (TryGhost/Ghost#24457, "prevented
homograph attacks with punycode domains on member signin"): what staff see in the admin is
what the mail server is given, with no lookalike or invisible letter to hide a duplicate.

**Quoted local parts.** RFC 5322 §3.2.4 and §3.4.1: the quotes of a quoted local part, and the
backslash of a quoted pair, are not part of the name, so ``"victim"@example.com`` and
``"vic\\tim"@example.com`` name the mailbox ``victim@example.com``; when the name can be
written without quotes (a dot-atom) it SHOULD be. Step 4 of ``canonical_email`` does so: such a
local part is unquoted (quoted pairs resolved), so every key (suppression hash, rate-limit
bucket, unique column, sign-in name) is the plain address's. A local part that *needs* its
quotes (a space, ``@``, ``..``, a control character) or has a control character, a space, a
quote or a backslash at all is refused with its own message (code ``"local_part"``). Why refuse
rather than keep it: RFC 5321 §4.1.2 says mail hosts SHOULD NOT define such mailboxes and that
control characters MUST NOT appear in a mailbox at all; the HTML standard's "valid email
address" (what every browser's ``<input type=email>`` enforces, so what our forms submit)
refuses quoted strings outright, calling RFC 5322's rule "too lax … to be of practical use";
and a reader's real mailbox is never one of them, while each is a fresh string for whoever
wants to slip past the suppression list or a limit. (Django's ``EmailValidator`` and the
validator.js that Ghost uses accept them; we deliberately follow the browser.)

**Where we refuse to send.** Django's ``EmailValidator`` accepts forms that no reader's
real mailbox has and that point our mail server at machines rather than at a mail domain:

* domain literals, ``someone@[127.0.0.1]`` or ``someone@[IPv6:::1]`` (RFC 5321 §4.1.3): they
  make our server connect to that IP address, so a form would let anyone point it at our own
  network or at any host;
* ``someone@localhost`` (Django allows it through its ``domain_allowlist``), and any other
  name of one label (``someone@intranet``);
* the special-use and private-network names in ``SPECIAL_USE_DOMAINS`` (each with its
  source): the loopback, the local link, home and private networks, Tor, names that never
  exist. Our mail server would resolve them in *its* network, or not at all.

Not refused: ``.test`` and ``.example`` (with ``example.com``/``.net``/``.org``). RFC 6761
§6.2 and §6.5 say application software SHOULD NOT treat them as special; on the public
internet they simply do not resolve, so a message to one fails for good and the outbox
records it. The demo's staff, member and From addresses are ``@lordspress.example``:
refusing them would leave the demo's accounts and site settings unsaveable in the admin.
Everything else is Django's rule unchanged (a dotted domain name whose top-level label is
letters, RFC 3696 §2). All of it is judged on the canonical form, so ``x@foo.ｌｏｃａｌ`` is
``x@foo.local``.

Use ``MailableEmailField`` on models (its form field carries the rule, so admin and model
forms get it) and ``MailableEmailFormField`` in plain forms; services that take an address
from elsewhere (CSV imports, the outbox) call ``canonical_email`` and
``validate_mailable_email``.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models

# Domains no reader's mailbox is at, and the source that says so. A name here refuses itself
# and every name under it. (IANA keeps the registry of special-use names; ``.internal`` and
# the private-network names are reserved or kept out of the root by other means, named.)
SPECIAL_USE_DOMAINS: dict[str, str] = {
    "localhost": "RFC 6761 §6.3: the loopback, this very machine",
    "invalid": "RFC 6761 §6.4: guaranteed never to exist",
    "local": "RFC 6762 §3: multicast DNS names on the local link",
    "localdomain": "the conventional /etc/hosts domain of the loopback, never delegated",
    "arpa": "RFC 3172: infrastructure names, not mail domains (home.arpa: RFC 8375, home networks)",
    "onion": "RFC 7686 §2: Tor names; software that does not speak Tor SHOULD refuse them",
    "alt": "RFC 9476: names outside the DNS",
    "internal": "ICANN Board, 29 July 2024 (SAC113): reserved for private networks",
    "intranet": "RFC 6762 Appendix G: used on private networks",
    "private": "RFC 6762 Appendix G: used on private networks",
    "lan": "RFC 6762 Appendix G: used on private networks",
    "home": "RFC 6762 Appendix G; ICANN Board 2018.02.04.12: never to be delegated",
    "corp": "RFC 6762 Appendix G; ICANN Board 2018.02.04.12: never to be delegated",
    "mail": "ICANN Board 2018.02.04.12: never to be delegated (name collisions)",
}
UNDELIVERABLE_MESSAGE = (
    "We can only send email to an address at a public mail domain, like name@example.com — "
    "not to an IP address or a local or private network name."
)
LOCAL_PART_MESSAGE = (
    "The part before the @ can only have letters, digits and the usual punctuation — "
    "no quotation marks, spaces or control characters."
)
# RFC 5322 §3.4.1 dot-atom of atext (§3.2.3), the only local part we accept: ASCII, no quotes.
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")

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


def _unquoted(local: str) -> str:
    """``local`` without its quotes when it is a quoted string (RFC 5322 §3.2.4) whose
    content, quoted pairs resolved (``\\t`` is ``t``), is a dot-atom: ``"vic\\tim"`` →
    ``victim``. Anything else comes back as it was (the validator refuses it)."""
    if len(local) < 2 or local[0] != '"' or local[-1] != '"':
        return local
    content, escaped = [], False
    for char in local[1:-1]:
        if escaped:
            content.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return local  # an unescaped quote inside: not one quoted string
        else:
            content.append(char)
    unquoted = "".join(content)
    return unquoted if not escaped and _DOT_ATOM.fullmatch(unquoted) else local


def _canonical(value: str) -> tuple[str, bool]:
    """The address as the mailer delivers it, and whether its domain could be encoded.

    When the IDNA encoding refuses the domain, the first item is the address after steps 1,
    2 and 4 of the module docstring (a form that can still be looked up, never mailed).
    """
    text = _visible(unicodedata.normalize("NFKC", _visible(value or ""))).strip().lower()
    text = unicodedata.normalize("NFKC", text)
    if "@" not in text:
        return text, True
    local, domain = text.rsplit("@", 1)
    local = _unquoted(local)
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


def is_special_use(domain: str) -> bool:
    """Whether ``domain`` (canonical: ASCII, lower case) is, or is under, a name in
    ``SPECIAL_USE_DOMAINS``."""
    name = domain.rstrip(".")
    return any(name == special or name.endswith(f".{special}") for special in SPECIAL_USE_DOMAINS)


def _needs_quotes(local: str) -> bool:
    """Whether a (canonical) local part has what only a quoted string may carry: a quote, a
    backslash, white space or a control character (Unicode category Cc)."""
    return any(
        char in '"\\' or char.isspace() or unicodedata.category(char) == "Cc" for char in local
    )


class MailableEmailValidator(EmailValidator):
    """Django's email rule without domain literals, one-label or special-use domains, and
    with no quoted local part, judged on the canonical form of the address.

    Raises ``ValidationError`` with code ``"undeliverable"`` (``UNDELIVERABLE_MESSAGE``) for
    those domains; ``"local_part"`` (``LOCAL_PART_MESSAGE``) for a local part with quotes, a
    backslash, white space or a control character that canonicalisation could not remove;
    and Django's own ``"invalid"`` for anything else malformed, including a domain the
    mailer's IDNA encoding refuses. What passes has a local part that is an ASCII dot-atom.
    """

    domain_allowlist: list[str] = []  # Django's default allows "localhost"

    def __call__(self, value):
        if not isinstance(value, str):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        canonical, encodable = _canonical(value)
        if not encodable:
            raise ValidationError(self.message, code=self.code, params={"value": value})
        if "@" in canonical:
            local, domain = canonical.rsplit("@", 1)
            labels = domain.rstrip(".").split(".")
            refused = domain.startswith("[") or len(labels) < 2 or is_special_use(domain)
            if domain and refused:
                raise ValidationError(
                    UNDELIVERABLE_MESSAGE, code="undeliverable", params={"value": value}
                )
            if _needs_quotes(local):
                raise ValidationError(
                    LOCAL_PART_MESSAGE, code="local_part", params={"value": value}
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
