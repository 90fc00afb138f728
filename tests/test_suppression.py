"""The suppression list: deletion leaves a hash that blocks mail nobody asked for, the owner of
the address can come back by double opt-in, and staff see and lift entries on the record."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from newsletter.imports import subscribers_import
from newsletter.models import Subscriber, Suppression
from newsletter.selectors import email_hash
from newsletter.sending import issue_start
from newsletter.signup import OWNER_CONFIRMED
from newsletter.suppressions import suppression_lift
from tests import factories
from tests.members import SUBSCRIBE_URL, link_to, signup_data

pytestmark = pytest.mark.django_db

ADDRESS = "returning@example.org"
CONFIRM_SUBJECT = "Please confirm your subscription to Lord’s Press"
CHANGELIST = "/admin/newsletter/suppression/"


def _join(client, on_commit, address=ADDRESS, **options):
    on_commit(client.post, SUBSCRIBE_URL, signup_data(address, **options))
    on_commit(client.post, link_to("/confirm/"))
    client.post("/accounts/logout/")
    return User.objects.get(email=address)


def _leave(client, on_commit, address=ADDRESS):
    client.force_login(User.objects.get(email=address))
    on_commit(client.post, "/accounts/delete/", {"confirm": "on"})


@pytest.fixture
def deleted_reader(client, on_commit):
    _join(client, on_commit, newsletter=True)
    _leave(client, on_commit)
    mail.outbox.clear()
    return Suppression.objects.get(email_hash=email_hash(ADDRESS))


def test_a_reader_who_deleted_their_account_can_come_back_by_double_opt_in(
    client, on_commit, deleted_reader
):
    assert deleted_reader.reason == Suppression.Reason.DELETED and deleted_reader.is_active

    on_commit(client.post, SUBSCRIBE_URL, signup_data(ADDRESS.upper(), newsletter=True))
    assert [m.subject for m in mail.outbox] == [CONFIRM_SUBJECT]
    assert mail.outbox[0].to == [ADDRESS]
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    deleted_reader.refresh_from_db()
    assert deleted_reader.is_active  # nothing is lifted until the owner confirms

    on_commit(client.post, link_to("/confirm/"))
    user = User.objects.get(email=ADDRESS)
    assert [m.subject for m in mail.outbox][-1] == "Your Lord’s Press login credentials"
    deleted_reader.refresh_from_db()
    assert not deleted_reader.is_active
    assert deleted_reader.lifted_by == user
    assert deleted_reader.lift_reason == OWNER_CONFIRMED
    assert deleted_reader.lifted_at is not None
    assert Suppression.objects.count() == 1  # the history stays

    issue = _queued_issue()
    assert issue_start(issue_id=issue.pk) == 1  # and the newsletter reaches them again


def _queued_issue():
    from django.utils import timezone

    from newsletter.models import NewsletterIssue

    issue = NewsletterIssue.objects.create(subject="The season’s appointments")
    issue.articles.add(factories.ArticleFactory())
    NewsletterIssue.objects.filter(pk=issue.pk).update(
        status=NewsletterIssue.Status.SCHEDULED, queued_at=timezone.now()
    )
    return issue


def test_until_the_owner_confirms_the_suppression_blocks_imports_and_staff_mail(
    client, admin_client, on_commit, deleted_reader
):
    report = subscribers_import(rows=[{"email": ADDRESS, "provenance": "Paper form"}])
    assert report.imported == 0 and report.skipped == 1
    assert not Subscriber.objects.exists()

    on_commit(client.post, SUBSCRIBE_URL, signup_data(ADDRESS))  # pending again
    mail.outbox.clear()
    pending = Subscriber.objects.get()
    response = on_commit(
        admin_client.post,
        "/admin/newsletter/subscriber/",
        {"action": "resend_confirmation", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert "Skipped 1 already confirmed or suppressed" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "reason",
    [Suppression.Reason.COMPLAINT, Suppression.Reason.BOUNCE, Suppression.Reason.REQUEST],
)
def test_a_refusal_of_mail_is_not_overridden_by_a_signup_form(client, on_commit, reason):
    """A complaint, a bounce or a request not to be contacted came from (or about) the
    mailbox itself; a form anyone can fill does not undo it. Staff can, on the record."""
    Suppression.objects.create(email_hash=email_hash(ADDRESS), reason=reason)
    response = on_commit(client.post, SUBSCRIBE_URL, signup_data(ADDRESS))
    assert response["Location"] == "/newsletter/check-your-inbox/"  # says nothing
    assert mail.outbox == [] and not Subscriber.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_leaving_again_after_coming_back_adds_a_new_entry_and_keeps_the_old(
    client, on_commit, deleted_reader
):
    _join(client, on_commit)
    _leave(client, on_commit)
    rows = list(Suppression.objects.filter(email_hash=email_hash(ADDRESS)).order_by("pk"))
    assert [row.is_active for row in rows] == [False, True]
    assert rows[0].lifted_by is None  # that account is gone; the reason and time remain
    assert rows[0].lift_reason == OWNER_CONFIRMED


def test_only_one_active_suppression_per_address():
    Suppression.objects.create(email_hash="a" * 64, reason=Suppression.Reason.BOUNCE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suppression.objects.create(email_hash="a" * 64, reason=Suppression.Reason.COMPLAINT)


def test_a_lifted_suppression_must_say_why():
    with pytest.raises(IntegrityError), transaction.atomic():
        Suppression.objects.create(
            email_hash="b" * 64,
            reason=Suppression.Reason.BOUNCE,
            lifted_at="2025-01-01T00:00:00Z",
        )


def test_staff_find_a_suppression_by_address_or_hash(admin_client, deleted_reader):
    Suppression.objects.create(
        email_hash=email_hash("other@example.org"), reason=Suppression.Reason.BOUNCE
    )
    listing = admin_client.get(CHANGELIST)
    assert listing.status_code == 200
    assert len(listing.context["cl"].result_list) == 2
    for term in (" Returning@Example.org ", deleted_reader.email_hash[:10].upper()):
        found = admin_client.get(CHANGELIST, {"q": term})
        assert list(found.context["cl"].result_list) == [deleted_reader], term
        assert b"Account deleted" in found.content
    nobody = admin_client.get(CHANGELIST, {"q": "nobody@example.org"})
    assert list(nobody.context["cl"].result_list) == []
    assert ADDRESS.encode() not in listing.content  # only hashes are kept


def test_staff_lift_a_suppression_with_a_recorded_reason(admin_client, admin_user, deleted_reader):
    choose = {"action": "lift", "_selected_action": [deleted_reader.pk]}
    page = admin_client.post(CHANGELIST, choose)
    assert page.status_code == 200
    assert b"Why may we mail this address again?" in page.content
    assert deleted_reader.email_hash.encode() in page.content

    blank = admin_client.post(CHANGELIST, {**choose, "apply": "1", "lift_reason": "   "})
    assert b"This field is required." in blank.content
    deleted_reader.refresh_from_db()
    assert deleted_reader.is_active

    done = admin_client.post(
        CHANGELIST,
        {**choose, "apply": "1", "lift_reason": "The reader wrote to the desk on 3 March."},
        follow=True,
    )
    assert "Lifted 1 suppression(s)" in done.content.decode()
    deleted_reader.refresh_from_db()
    assert not deleted_reader.is_active
    assert deleted_reader.lifted_by == admin_user
    assert deleted_reader.lift_reason == "The reader wrote to the desk on 3 March."
    lifted = admin_client.get(CHANGELIST, {"state": "lifted"})
    assert list(lifted.context["cl"].result_list) == [deleted_reader]

    report = subscribers_import(rows=[{"email": ADDRESS, "provenance": "Letter to the desk"}])
    assert report.imported == 1  # the address may be mailed again


def test_staff_without_the_permission_see_the_list_but_cannot_lift(client, deleted_reader):
    viewer = factories.UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_suppression"))
    client.force_login(viewer)
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert b'value="lift"' not in listing.content
    client.post(
        CHANGELIST,
        {
            "action": "lift",
            "_selected_action": [deleted_reader.pk],
            "apply": "1",
            "lift_reason": "Because",
        },
    )
    deleted_reader.refresh_from_db()
    assert deleted_reader.is_active
    with pytest.raises(PermissionError):
        suppression_lift(suppression=deleted_reader, by=viewer, reason="Because")
    assert client.post(f"{CHANGELIST}{deleted_reader.pk}/delete/").status_code == 403


def test_the_lift_service_records_by_hash_and_refuses_bad_calls(admin_user, deleted_reader):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        suppression_lift(email_hash=deleted_reader.email_hash, by=admin_user, reason=" \n ")
    with pytest.raises(ValueError):
        suppression_lift(by=admin_user, reason="Asked by phone.")
    assert suppression_lift(
        email_hash=deleted_reader.email_hash.upper(), by=admin_user, reason="Asked by phone."
    )
    assert not suppression_lift(
        email_hash=deleted_reader.email_hash, by=admin_user, reason="Asked again."
    )  # nothing active to lift
    deleted_reader.refresh_from_db()
    assert deleted_reader.lift_reason == "Asked by phone."


def test_the_suppression_list_costs_the_same_queries_with_more_rows(admin_client, admin_user):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            row = Suppression.objects.create(
                email_hash=email_hash(f"r{Suppression.objects.count()}-{i}@example.org"),
                reason=Suppression.Reason.DELETED,
            )
            suppression_lift(suppression=row, by=admin_user, reason="Asked by letter.")

    add(1)
    count()
    before = count()
    add(5)
    assert count() == before
