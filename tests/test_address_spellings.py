"""One address, however it is spelled (issue 8).

Django's mailer delivers ``alice.review@ｅxample.com`` (a full-width e), the same address
with a zero-width space, a soft hyphen or an ideographic full stop, all to the mailbox
``alice.review@example.com``: it IDNA-encodes the domain, and nameprep maps those away.
Compared as text they were different addresses, so each spelling escaped the suppression
list, had its own rate-limit bucket and made its own account. The tests below generate
spellings of one fixed address (invisible characters inserted, letters and digits swapped
for full-width and other compatibility forms, full stops for ideographic ones, capitals)
and check that every entry point treats each as the plain address, and that no spelling of
an address we refuse gets anywhere near the outbox.
"""

import contextlib
import hashlib
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.core import mail
from django.core.mail.message import sanitize_address
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lordspress.core.addresses import (
    MailableEmailField,
    canonical_email,
    canonicalise_stored_addresses,
    is_mailable,
)
from lordspress.core.http import login_name
from lordspress.core.models import RateLimitBucket, User
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import outbox_queue, outbox_queue_many
from lordspress.sitesettings.models import SiteSettings
from newsletter.imports import subscribers_import
from newsletter.models import NewsletterIssue, Subscriber, Suppression
from newsletter.selectors import email_hash, is_suppressed
from newsletter.sending import issue_start
from newsletter.suppressions import suppression_add
from tests import factories
from tests.members import SUBSCRIBE_URL, frozen_clock, signup_data
from tests.project import PROJECT_APPS
from tests.test_email_addresses import _admin_form_classes, _project_form_email_fields

PLAIN = "alice.review@example.com"
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
REFUSED = [
    "someone@printer.local",
    "someone@mail.localhost",
    "someone@nowhere.invalid",
    "someone@localhost",
    "someone@router.home.arpa",
    '"some one"@example.org',  # a local part that needs its quotes
    '"some\x01one"@example.org',  # a control character
]
LINK_URLS = ("/accounts/login/link/", "/accounts/password/reset/")

# RFC 3454 table B.1: what nameprep, so Django's mailer, maps to nothing in a domain.
NAMEPREP_DROPS = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
INVISIBLE = st.one_of(
    st.sampled_from(
        [*NAMEPREP_DROPS, "\u200e", "\u202e", "\u2066", "\u061c", "\U000e0041", "\u034f"]
        + ["\ufe0f", "\u3164", "\u180e"]
    ),
    st.characters(categories=["Cf"]),
)
LOCAL_DOTS = [".", "\uff0e"]
# A quoted local part (RFC 5322 §3.2.4) names the same mailbox as its content, and a quoted
# pair ("\\x") is the character it escapes: "alice.review" and "\\a\\lice.review" are alice.review.
QUOTES = ['"', "\uff02"]  # the full-width one is a quote once NFKC-normalised
BACKSLASHES = ["\\", "\uff3c", "\ufe68"]
DOMAIN_DOTS = [".", "\u3002", "\uff0e", "\uff61"]  # RFC 3490 §3.1 label separators


def _forms(char: str, dots: list[str]) -> list[str]:
    """``char`` and the spellings that are ``char`` once NFKC-normalised and lower-cased."""
    if "a" <= char.lower() <= "z":
        i = ord(char.lower()) - ord("a")
        return [
            char.lower(),
            char.upper(),
            chr(0xFF41 + i),  # full-width small
            chr(0xFF21 + i),  # full-width capital
            chr(0x24D0 + i),  # circled small
            chr(0x1D41A + i),  # mathematical bold small
            chr(0x1D400 + i),  # mathematical bold capital
        ]
    if "0" <= char <= "9":
        return [char, chr(0xFF10 + int(char)), chr(0x1D7CE + int(char))]
    if char == ".":
        return dots
    return [char]


def _bmp(forms: list[str]) -> list[str]:
    return [form for form in forms if ord(form) <= 0xFFFF]


@st.composite
def spellings(
    draw,
    address: str = PLAIN,
    *,
    invisible=INVISIBLE,
    local_too: bool = True,
    astral: bool = True,
):
    """Another spelling of ``address`` (never the address itself). Without ``local_too`` the
    part before the @ stays as it is; without ``astral``, only characters of the Basic
    Multilingual Plane are used (the spellings the old rule accepted as valid). The part
    before the @ may come quoted, with some of its characters escaped as quoted pairs."""
    local, domain = address.rsplit("@", 1)
    out: list[str] = []
    if not astral:
        invisible = invisible.filter(lambda char: ord(char) <= 0xFFFF)
    quoted = local_too and draw(st.booleans())

    def spell(text: str, dots: list[str], disguise: bool, escape: bool = False) -> None:
        for char in text:
            if disguise and draw(st.integers(0, 3)) == 0:
                out.append(draw(invisible))
            if escape and draw(st.integers(0, 2)) == 0:  # right before what it escapes
                out.append(draw(st.sampled_from(BACKSLASHES)))
            forms = _forms(char, dots) if astral else _bmp(_forms(char, dots))
            out.append(draw(st.sampled_from(forms)) if disguise else char)

    if quoted:
        out.append(draw(st.sampled_from(QUOTES)))
    spell(local, LOCAL_DOTS, local_too, escape=quoted)
    if quoted:
        out.append(draw(st.sampled_from(QUOTES)))
    if local_too and draw(st.booleans()):
        out.append(draw(invisible))
    out.append("@")
    spell(domain, DOMAIN_DOTS, True)
    if draw(st.booleans()):
        out.append(draw(invisible))
    spelled = "".join(out)
    if spelled == address:  # change one thing at least
        spelled = address.upper() + draw(st.sampled_from(NAMEPREP_DROPS))
    return spelled


EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _Undo(Exception):
    pass


@contextlib.contextmanager
def undone():
    """One example in a savepoint that is rolled back afterwards, with an empty mailbox."""
    mail.outbox.clear()
    with contextlib.suppress(_Undo), transaction.atomic():
        yield
        raise _Undo


def _sent_to() -> list[list[str]]:
    return [message.to for message in mail.outbox]


# --- the rule ---------------------------------------------------------------------------


@given(spelled=spellings(invisible=st.sampled_from(NAMEPREP_DROPS), local_too=False))
def test_the_mailer_delivers_every_spelling_of_the_domain_to_the_plain_address(spelled):
    """The premise, checked against Django's own mailer, and our rule agreeing with it."""
    assert sanitize_address(spelled, "utf-8").lower() == PLAIN
    assert canonical_email(spelled) == PLAIN


@given(spelled=spellings())
def test_every_spelling_has_one_canonical_form_one_hash_and_one_sign_in_name(spelled):
    assert canonical_email(spelled) == PLAIN
    assert email_hash(spelled) == email_hash(PLAIN)
    request = RequestFactory().post("/accounts/login/", {"username": spelled})
    assert login_name(request, None) == PLAIN  # django-axes counts failures per this name
    assert is_mailable(spelled)


@given(text=st.text())
def test_the_canonical_form_is_stable(text):
    once = canonical_email(text)
    assert canonical_email(once) == once


@given(spelled=spellings())
def test_every_email_field_of_every_form_and_model_cleans_a_spelling_to_the_address(spelled):
    """Walks the project's forms, the admin's forms and the models, so a new email field is
    covered without a new test."""
    cleaned = {
        f"{module}.{form}.{name}": field.clean(spelled)
        for module, form, name, field in _project_form_email_fields()
    }
    assert "newsletter.forms.SubscribeForm.email" in cleaned
    assert "newsletter.forms.MemberLoginForm.username" in cleaned
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.EmailField) and model._meta.app_label in PROJECT_APPS:
                label = f"{model._meta.label}.{field.name}"
                assert isinstance(field, MailableEmailField), label
                cleaned[label] = field.clean(spelled, None)
                cleaned[f"{label} (query)"] = field.get_prep_value(spelled)
    assert "lordspress.User.email (query)" in cleaned
    assert {where: value for where, value in cleaned.items() if value != PLAIN} == {}


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_every_admin_email_field_cleans_a_spelling_to_the_address(admin_user, spelled):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    found = {}
    for where, form_class in _admin_form_classes(request):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.EmailField):
                found[f"{where}.{name}"] = field.clean(spelled)
    assert "User admin.email" in found
    assert {where: value for where, value in found.items() if value != PLAIN} == {}


# --- entry points -----------------------------------------------------------------------


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_the_signup_form_and_its_limit_take_every_spelling_as_the_address(
    client, on_commit, spelled
):
    with undone(), frozen_clock():
        assert on_commit(client.post, SUBSCRIBE_URL, signup_data(spelled)).status_code == 303
        assert _sent_to() == [[PLAIN]]
        assert list(Subscriber.objects.values_list("email", flat=True)) == [PLAIN]
        for _ in range(2):
            on_commit(client.post, SUBSCRIBE_URL, signup_data(PLAIN))
        assert Subscriber.objects.count() == 1
        # Three signups a day per address, whatever the spelling: a fourth is refused.
        assert client.post(SUBSCRIBE_URL, signup_data(spelled)).status_code == 429


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_an_import_takes_every_spelling_as_the_address(spelled):
    row = {"email": spelled, "provenance": "Paper form, 2024", "confirmed_consent": "yes"}
    with undone():
        Suppression.objects.create(email_hash=email_hash(PLAIN), reason=Suppression.Reason.DELETED)
        report = subscribers_import(rows=[row])
        assert (report.imported, report.skipped, report.invalid) == (0, 1, [])
        assert not Subscriber.objects.exists() and not User.objects.exists()

        Suppression.objects.update(lifted_at=timezone.now(), lift_reason="The owner asked.")
        report = subscribers_import(rows=[row, {**row, "email": PLAIN}])
        assert (report.imported, report.skipped) == (1, 1)
        assert Subscriber.objects.get().email == PLAIN and User.objects.get().email == PLAIN
        assert list(OutboundEmail.objects.values_list("to", flat=True)) == [PLAIN]


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_links_password_sign_in_and_their_limits_take_every_spelling_as_the_address(
    client, on_commit, spelled
):
    with undone(), frozen_clock():
        member = factories.UserFactory(email=PLAIN)
        for url in LINK_URLS:
            on_commit(client.post, url, {"email": PLAIN})
            on_commit(client.post, url, {"email": spelled})
        assert _sent_to() == [[PLAIN]] * 4
        buckets = RateLimitBucket.objects.filter(key__contains="-address:")
        assert sorted(buckets.values_list("hits", flat=True)) == [2, 2]  # one bucket each

        response = client.post("/accounts/login/", {"username": spelled, "password": PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(member.pk)
        client.logout()


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_the_user_admin_takes_every_spelling_as_the_address(admin_client, spelled):
    add = {"email": spelled, "full_name": "", "usable_password": "false"}
    with undone():
        response = admin_client.post("/admin/lordspress/user/add/", add)
        assert response.status_code == 302
        assert User.objects.get(is_superuser=False).email == PLAIN

        response = admin_client.post("/admin/lordspress/user/add/", add)
        assert "A user with this email address already exists" in response.content.decode()
        other = factories.UserFactory(email="other@example.org")
        response = admin_client.post(
            f"/admin/lordspress/user/{other.pk}/change/",
            {"email": spelled, "full_name": "", "is_active": "on"},
        )
        assert "A user with this email address already exists" in response.content.decode()
        assert User.objects.filter(email=PLAIN).count() == 1
        other.refresh_from_db()
        assert other.email == "other@example.org"


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_the_suppression_list_takes_every_spelling_as_the_address(
    admin_client, admin_user, spelled
):
    with undone():
        added = suppression_add(by=admin_user, email=spelled, reason="request")
        assert added.suppression.email_hash == email_hash(PLAIN)
        assert is_suppressed(email=PLAIN) and is_suppressed(email=spelled)
        assert not suppression_add(by=admin_user, email=PLAIN, reason="complaint").created
        page = admin_client.get("/admin/newsletter/suppression/", {"q": spelled})
        assert email_hash(PLAIN)[:16] in page.content.decode()


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_the_outbox_stores_every_spelling_as_the_address(spelled):
    with undone():
        assert outbox_queue(kind="newsletter.sign_in", to=spelled, context={}).to == PLAIN
        outbox_queue_many(kind="newsletter.issue", emails=[(spelled, {}, "issue:1:1")])
        assert list(OutboundEmail.objects.values_list("to", flat=True)) == [PLAIN, PLAIN]


@pytest.mark.django_db
@EXAMPLES
@given(
    spelled=st.sampled_from(REFUSED).flatmap(
        lambda address: st.one_of(
            spellings(address, local_too=False, astral=False), spellings(address)
        )
    )
)
def test_no_spelling_of_a_refused_address_is_queued(client, admin_client, on_commit, spelled):
    """Refused domains are judged on the canonical form: ``x@foo.ｌｏｃａｌ`` is ``x@foo.local``."""
    with undone():
        assert not is_mailable(spelled)
        assert on_commit(client.post, SUBSCRIBE_URL, signup_data(spelled)).status_code == 400
        for url in LINK_URLS:
            assert on_commit(client.post, url, {"email": spelled}).status_code == 400
        report = subscribers_import(
            rows=[{"email": spelled, "provenance": "Paper form", "confirmed_consent": "yes"}]
        )
        assert report.imported == 0 and len(report.invalid) == 1
        assert outbox_queue(kind="newsletter.sign_in", to=spelled, context={}) is None
        assert outbox_queue_many(kind="newsletter.issue", emails=[(spelled, {}, "k")]) == 0
        response = admin_client.post(
            "/admin/lordspress/user/add/",
            {"email": spelled, "full_name": "", "usable_password": "false"},
        )
        assert response.status_code == 200
        assert not OutboundEmail.objects.exists() and not Subscriber.objects.exists()
        assert mail.outbox == [] and User.objects.filter(is_superuser=False).count() == 0


# --- addresses stored before ------------------------------------------------------------


def _store_as(model, pk: int, column: str, value: str) -> None:
    """Write ``value`` as it was stored before addresses were canonical (no field code)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


def _stored(model, pk: int, column: str) -> str:
    return model.objects.filter(pk=pk).values_list(column, flat=True).get()


# The migrations that ran ``canonicalise_stored_addresses``, to run it on the models as they
# were then (OutboundEmail and SiteSettings were the "lordspress" app's until issue 9).
_CANONICALISED_IN = {
    "lordspress": "0013_canonical_email_addresses",
    "newsletter": "0009_canonical_email_addresses",
}


def _migrate(app_label: str) -> None:
    key = (app_label, _CANONICALISED_IN[app_label])
    then = MigrationLoader(connection).project_state(key, at_end=False).apps
    canonicalise_stored_addresses(app_label)(then, SimpleNamespace(connection=connection))


@pytest.mark.django_db
def test_stored_addresses_become_canonical_and_duplicates_are_kept_for_staff(admin_client, capsys):
    """The data migration: every stored spelling becomes the address; where two rows are one
    mailbox, the canonical (or else the oldest) keeps it and the other keeps its spelling,
    losing nothing, for staff to find and resolve."""
    first, second, idn = (factories.UserFactory() for _ in range(3))
    earlier, later = factories.UserFactory(), factories.UserFactory(email="bob@example.org")
    _store_as(User, first.pk, "email", f"{PLAIN}\u200b")
    _store_as(User, second.pk, "email", PLAIN.replace("e", "ｅ", 1))
    _store_as(User, idn.pk, "email", "reader@bücher.de")
    _store_as(User, earlier.pk, "email", "bob@exam\u00adple.org")  # older than the plain one
    outgoing = OutboundEmail.objects.create(kind="newsletter.sign_in", to="x@example.org")
    _store_as(OutboundEmail, outgoing.pk, "to", "X@EXAMPLE。ORG")
    SiteSettings.objects.update_or_create(pk=1, defaults={"contact_email": "desk@example.org"})
    _store_as(SiteSettings, 1, "contact_email", "desk@ｅxample.org\ufeff")
    subscribers = [
        Subscriber.objects.create(
            email=f"s{n}@example.org", status=Subscriber.Status.CONFIRMED, newsletter=True
        )
        for n in range(2)
    ]
    _store_as(Subscriber, subscribers[0].pk, "email", f"{PLAIN}\u2060")
    _store_as(Subscriber, subscribers[1].pk, "email", PLAIN.upper())

    _migrate("lordspress")
    _migrate("newsletter")

    assert _stored(User, first.pk, "email") == PLAIN  # the oldest takes the address
    assert _stored(User, second.pk, "email") == PLAIN.replace("e", "ｅ", 1)  # kept, not lost
    assert _stored(User, idn.pk, "email") == "reader@xn--bcher-kva.de"
    assert _stored(User, earlier.pk, "email") == "bob@exam\u00adple.org"
    assert _stored(User, later.pk, "email") == "bob@example.org"
    assert _stored(OutboundEmail, outgoing.pk, "to") == "x@example.org"
    assert _stored(SiteSettings, 1, "contact_email") == "desk@example.org"
    # The row spelled as the address but for capitals holds it, though it is newer.
    assert _stored(Subscriber, subscribers[0].pk, "email") == f"{PLAIN}\u2060"
    assert _stored(Subscriber, subscribers[1].pk, "email") == PLAIN
    printed = capsys.readouterr().out
    assert "2 lordspress row(s) keep an older spelling" in printed
    assert "1 newsletter row(s) keep an older spelling" in printed

    # Staff find the duplicates, and are told what to do when they open one.
    page = admin_client.get("/admin/lordspress/user/", {"spelling": "older"}).content.decode()
    assert f"/admin/lordspress/user/{second.pk}/change/" in page
    assert f"/admin/lordspress/user/{earlier.pk}/change/" in page
    assert f"/admin/lordspress/user/{first.pk}/change/" not in page
    page = admin_client.get("/admin/newsletter/subscriber/", {"spelling": "older"})
    assert f"/admin/newsletter/subscriber/{subscribers[0].pk}/change/" in page.content.decode()
    response = admin_client.post(
        f"/admin/lordspress/user/{second.pk}/change/",
        {"email": PLAIN.replace("e", "ｅ", 1), "full_name": "", "is_active": "on"},
    )
    assert f"another spelling of {PLAIN}, which another account has" in response.content.decode()

    # Meanwhile one mailbox gets one copy of a newsletter.
    issue = NewsletterIssue.objects.create(
        subject="The week", status=NewsletterIssue.Status.SCHEDULED
    )
    assert issue_start(issue_id=issue.pk) == 1


@pytest.mark.django_db
def test_a_suppression_hashed_from_a_unicode_domain_still_holds():
    """Before addresses were canonical, an address at an internationalised domain was hashed
    as typed (its Unicode form); the row keeps protecting every spelling of the address."""
    old = hashlib.sha256("reader@bücher.de".encode()).hexdigest()
    Suppression.objects.create(email_hash=old, reason=Suppression.Reason.DELETED)
    for spelled in ("reader@bücher.de", "reader@xn--bcher-kva.de", "READER@BÜCHER.DE\u200b"):
        assert is_suppressed(email=spelled), spelled
    report = subscribers_import(rows=[{"email": "reader@BÜCHER.de", "provenance": "Paper"}])
    assert report.skipped == 1 and not Subscriber.objects.exists()


@pytest.mark.django_db
@EXAMPLES
@given(spelled=spellings())
def test_admin_searches_find_an_address_however_it_is_typed(admin_client, spelled):
    with undone():
        user = factories.UserFactory(email=PLAIN)
        subscriber = Subscriber.objects.create(email=PLAIN, user=user)
        outgoing = OutboundEmail.objects.create(kind="newsletter.sign_in", to=PLAIN)
        for changelist, pk in (
            ("/admin/lordspress/user/", user.pk),
            ("/admin/newsletter/subscriber/", subscriber.pk),
            ("/admin/outbox/outboundemail/", outgoing.pk),
        ):
            page = admin_client.get(changelist, {"q": spelled}).content.decode()
            assert f"{changelist}{pk}/change/" in page, changelist


@pytest.mark.django_db
def test_an_address_longer_than_mail_allows_is_refused_with_a_reason():
    """254 characters (RFC 5321 §4.5.3.1.3), counted on the canonical form: an import says
    so instead of failing on the column, and the outbox does not queue it."""
    long_address = "reader@" + ".".join(["a" * 60] * 5) + ".org"  # 315 characters
    report = subscribers_import(rows=[{"email": long_address, "provenance": "Paper form"}])
    assert report.invalid == [
        f"line 2: “{long_address}” is longer than an email address can be (254 characters)"
    ]
    with transaction.atomic():
        assert outbox_queue(kind="newsletter.sign_in", to=long_address, context={}) is None
    assert not Subscriber.objects.exists() and not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_a_member_under_a_deletions_suppression_gets_no_note_from_a_signup(client, on_commit):
    """A live account whose address a deletion suppressed (a second spelling of a deleted
    member's mailbox, canonical now): a signup form anyone fills mails it nothing."""
    user = factories.UserFactory(email=PLAIN)
    Subscriber.objects.create(email=PLAIN, user=user, status=Subscriber.Status.CONFIRMED)
    Suppression.objects.create(email_hash=email_hash(PLAIN), reason=Suppression.Reason.DELETED)
    on_commit(client.post, SUBSCRIBE_URL, signup_data(PLAIN))
    on_commit(client.post, "/accounts/password/reset/", {"email": PLAIN})
    assert mail.outbox == [] and not OutboundEmail.objects.exists()
