"""Quoted local parts and control characters: one mailbox, one key (issue 8).

``"victim"@example.com`` and ``"vic\\tim"@example.com`` (a quoted pair: ``\\t`` is ``t``) are
the mailbox ``victim@example.com`` (RFC 5322 §3.2.4), but compared as text they were other
addresses: each escaped the suppression list, had its own rate-limit bucket and could make its
own subscriber. A local part that needs its quotes (a space, ``@``, a control character) names
no reader's mailbox and was accepted too. Now a quoted local part that can be written plainly
is (``lordspress.core.addresses._unquoted``), and the rest are refused with a message that says why.

The reference for "the same mailbox" here is Python's own parser of RFC 5322 addresses
(``email.headerregistry.Address``), not our code. ``tests/test_address_spellings.py`` sends
quoted spellings through every entry point (its ``spellings`` quote the local part too).
"""

import hashlib
import importlib
from email.errors import HeaderParseError
from email.headerregistry import Address
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import RequestFactory
from hypothesis import assume, given
from hypothesis import strategies as st

from lordspress.core.addresses import (
    _DOT_ATOM,
    LOCAL_PART_MESSAGE,
    MailableEmailFormField,
    canonical_email,
    validate_mailable_email,
)
from lordspress.core.http import login_name
from lordspress.core.models import RateLimitBucket
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import outbox_queue
from newsletter.imports import subscribers_import
from newsletter.models import Subscriber, Suppression
from newsletter.selectors import email_hash, is_suppressed, suppression_hashes
from newsletter.suppressions import suppression_add
from tests import factories
from tests.members import SUBSCRIBE_URL, frozen_clock, signup_data
from tests.test_address_spellings import _store_as, _stored, spellings
from tests.test_email_addresses import (
    NOT_FOR_MAILING,
    _admin_form_classes,
    _project_form_email_fields,
)

User = get_user_model()
DOMAIN = "example.org"
# Local parts that need their quotes, or carry what no mailbox may (RFC 5321 §4.1.2: control
# characters MUST NOT be used in a mailbox): refused everywhere, with LOCAL_PART_MESSAGE.
NEEDS_QUOTES = [
    '"vic tim"',
    '"vic\\ tim"',
    '"vic\ttim"',
    '"vic\\\ttim"',  # a quoted pair escaping a tab
    '"vic\x01tim"',
    "vic\x01tim",
    '"vic\x7ftim"',
    '"a@b"',
    '"v..x"',
    '".victim"',
    '"vic\\"tim"',
    '"vic\\\\tim"',  # an escaped backslash
    "vic tim",
]
ATEXT = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-"


def _mailbox(address: str) -> str | None:
    """The mailbox Python's RFC 5322 parser reads in ``address`` (local part unquoted, as
    we compare it: without case), or None when it reads none."""
    try:
        parsed = Address(addr_spec=address)
    except (HeaderParseError, ValueError, IndexError):
        return None
    return f"{parsed.username.lower()}@{parsed.domain.lower()}"


def _accepted(address: str) -> str | None:
    """What the signup form's field keeps for ``address``, or None when it refuses it."""
    try:
        return MailableEmailFormField().clean(address)
    except ValidationError:
        return None


def _keys(address: str) -> dict[str, object]:
    """Every key the site files an address under: the suppression list's hashes, the
    rate-limit buckets (keyed by ``canonical_email``), the unique columns, the sign-in name
    that django-axes counts failures against."""
    request = RequestFactory().post("/accounts/login/", {"username": address})
    return {
        "suppression": email_hash(address),
        "suppression lookups": suppression_hashes(address),
        "rate limits": canonical_email(address),
        "Subscriber.email": Subscriber._meta.get_field("email").get_prep_value(address),
        "User.email": User._meta.get_field("email").get_prep_value(address),
        "OutboundEmail.to": OutboundEmail._meta.get_field("to").get_prep_value(address),
        "sign-in name": login_name(request, None),
    }


local_parts = st.from_regex(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}){0,2}", fullmatch=True
)


@given(local=local_parts, data=st.data())
def test_every_accepted_spelling_of_a_mailbox_has_the_mailboxs_keys(local, data):
    """Two spellings of one mailbox (quoted, escaped, capitals, full-width, invisible
    characters), both accepted: every key is the same, and the plain address's."""
    plain = f"{local}@{DOMAIN}"
    first = data.draw(spellings(plain))
    second = data.draw(spellings(plain))
    assert _accepted(first) == _accepted(second) == plain
    assert _keys(first) == _keys(second) == _keys(plain)


HOSTILE_ASCII = st.text(alphabet=list('aBz.."\\ \t\x00\x01\x1f\x7f@(),:;<>[]'), max_size=12)


@given(
    text=st.one_of(HOSTILE_ASCII, HOSTILE_ASCII.map(lambda text: f'"{text}"')),
    case=st.sampled_from([str.lower, str.upper, str]),
)
def test_an_accepted_address_is_the_mailbox_rfc_5322_reads_in_it(text, case):
    """Hostile local parts (quotes, quoted pairs, controls, spaces, specials): whatever is
    accepted is the mailbox Python's RFC 5322 parser reads there, written as a plain dot-atom,
    so no other spelling of that mailbox can have another key."""
    address = case(f"{text}@{DOMAIN}")
    kept = _accepted(address)
    if kept is None:
        return
    local = kept.rsplit("@", 1)[0]
    assert _DOT_ATOM.fullmatch(local), kept
    # The form trims what str.strip() calls whitespace around the address, as Django's
    # fields do; that includes the controls \x1c-\x1f ("\x1fB@…" is read as "b@…").
    assert kept == _mailbox(address.strip()) == canonical_email(address)
    assert canonical_email(kept) == kept


# Quoted-string content made of what a dot-atom may hold, each character perhaps escaped.
QUOTED_CONTENT = st.lists(
    st.sampled_from([*"aBz09!#$%&'*+/=?^_`{|}~-.", "\\a", "\\.", "\\~"]), min_size=1, max_size=12
).map("".join)


@given(text=QUOTED_CONTENT)
def test_quotes_that_are_not_needed_are_never_refused(text):
    """A quoted local part whose content could be written plainly is accepted, as its plain
    form: we refuse only what needs quoting."""
    address = f'"{text}"@{DOMAIN}'
    mailbox = _mailbox(address)
    assume(mailbox is not None and _DOT_ATOM.fullmatch(mailbox.rsplit("@", 1)[0]))
    assert _accepted(address) == mailbox


@pytest.mark.parametrize("local", NEEDS_QUOTES)
def test_a_local_part_that_needs_quotes_is_refused_with_a_reason(local):
    address = f"{local}@{DOMAIN}"
    with pytest.raises(ValidationError) as refused:
        validate_mailable_email(address)
    assert refused.value.code == "local_part"
    assert refused.value.messages == [LOCAL_PART_MESSAGE]


@pytest.mark.django_db
@pytest.mark.parametrize("local", NEEDS_QUOTES)
def test_every_entry_point_refuses_a_local_part_that_needs_quotes(
    client, admin_client, admin_user, on_commit, local
):
    """The walks find every email field of the project's forms, its admin's forms and its
    models; then the signup and link forms, the import, the outbox and the suppression list."""
    address = f"{local}@{DOMAIN}"
    accepting = [
        f"{module}.{form}.{name}"
        for module, form, name, field in _project_form_email_fields()
        if (module, form, name) not in NOT_FOR_MAILING and _accepts(field, address)
    ]
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for where, form_class in _admin_form_classes(request):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.EmailField) and _accepts(field, address):
                accepting.append(f"{where}.{name}")
    assert accepting == []

    page = on_commit(client.post, SUBSCRIBE_URL, signup_data(address))
    assert page.status_code == 400
    assert "no quotation marks, spaces or control characters" in page.content.decode()
    for url in ("/accounts/login/link/", "/accounts/password/reset/"):
        assert on_commit(client.post, url, {"email": address}).status_code == 400
    report = subscribers_import(rows=[{"email": address, "provenance": "Paper form"}])
    assert report.invalid == [
        f"line 2: “{address}” has quotation marks, spaces or control characters before the @"
    ]
    assert outbox_queue(kind="newsletter.sign_in", to=address, context={}) is None
    with pytest.raises(ValidationError):
        suppression_add(by=admin_user, email=address, reason="request")
    page = admin_client.post(
        "/admin/newsletter/suppression/add/", {"email": address, "reason": "request"}
    )
    assert "no quotation marks, spaces or control characters" in page.content.decode()
    assert not Subscriber.objects.exists() and not OutboundEmail.objects.exists()
    assert not Suppression.objects.exists() and not RateLimitBucket.objects.exists()


def _accepts(field, address) -> bool:
    try:
        field.clean(address)
    except ValidationError:
        return False
    return True


# --- the reported inputs, end to end ----------------------------------------------------

QUOTED_VICTIM = [
    '"victim"@example.com',
    '"vic\\tim"@example.com',
    '"\\v\\i\\c\\t\\i\\m"@Example.com',
]


@pytest.mark.django_db
def test_quoting_an_address_slips_past_neither_the_suppression_list_nor_its_limit(
    client, admin_user, on_commit
):
    suppression_add(by=admin_user, email="victim@example.com", reason="request")
    with frozen_clock():
        for address in QUOTED_VICTIM:
            assert is_suppressed(email=address)
            assert on_commit(client.post, SUBSCRIBE_URL, signup_data(address)).status_code == 303
        # Three signups a day per address, however it is spelled: the fourth is refused.
        assert client.post(SUBSCRIBE_URL, signup_data("victim@example.com")).status_code == 429
    assert not OutboundEmail.objects.exists() and not Subscriber.objects.exists()


@pytest.mark.django_db
def test_quoting_an_address_makes_no_second_subscriber_or_account(client, on_commit):
    with frozen_clock():
        for address in ["victim@example.com", *QUOTED_VICTIM[:2]]:
            on_commit(client.post, SUBSCRIBE_URL, signup_data(address))
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["victim@example.com"]
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {"victim@example.com"}
    factories.UserFactory(email="victim@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.UserFactory(email=QUOTED_VICTIM[0])


# --- addresses stored before ------------------------------------------------------------


@pytest.mark.django_db
def test_stored_quoted_addresses_become_plain_and_their_suppressions_follow(capsys):
    """Migration newsletter 0011: stored quoted spellings become the plain address, and a
    suppression keyed on a quoted spelling's hash now blocks the plain address."""
    migration = importlib.import_module("newsletter.migrations.0012_unquoted_local_parts")
    user, other = factories.UserFactory(), factories.UserFactory()
    subscriber = Subscriber.objects.create(email="s@example.org")
    _store_as(User, user.pk, "email", '"victim"@example.com')
    _store_as(User, other.pk, "email", '"vic\\tim"@example.com')  # a duplicate: kept, reported
    _store_as(Subscriber, subscriber.pk, "email", '"reader"@example.org')
    quoted_hash = hashlib.sha256(b'"reader"@example.org').hexdigest()
    Suppression.objects.create(email_hash=quoted_hash, reason=Suppression.Reason.REQUEST)
    assert not is_suppressed(email="reader@example.org")  # the old fault

    schema_editor = SimpleNamespace(connection=connection)
    # The models as that migration saw them (OutboundEmail was the "lordspress" app's then).
    key = ("newsletter", "0012_unquoted_local_parts")
    then = MigrationLoader(connection).project_state(key, at_end=False).apps
    for operation in migration.Migration.operations:
        operation.code(then, schema_editor)

    assert _stored(User, user.pk, "email") == "victim@example.com"
    assert _stored(User, other.pk, "email") == '"vic\\tim"@example.com'
    assert _stored(Subscriber, subscriber.pk, "email") == "reader@example.org"
    assert is_suppressed(email="reader@example.org") and is_suppressed(email='"reader"@example.org')
    assert "1 lordspress row(s) keep an older spelling" in capsys.readouterr().out
