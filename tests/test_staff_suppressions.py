"""Staff record a reader's request not to be contacted, a spam complaint or a hard bounce:
only the address's hash is kept, with who and why; the newsletter stops, waiting mail is
cancelled, and no import, signup form or link request mails the address again."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError

from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from newsletter.imports import subscribers_import
from newsletter.models import Subscriber, Suppression
from newsletter.selectors import email_hash
from newsletter.signup import subscriber_subscribe
from newsletter.suppressions import suppression_add
from tests import factories
from tests.members import SUBSCRIBE_URL, signup_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/newsletter/suppression/add/"
LIST_URL = "/admin/newsletter/suppression/"
ADDRESS = "wrote.to.us@example.org"


def _member(address=ADDRESS, *, newsletter=True):
    user = factories.UserFactory(email=address)
    return Subscriber.objects.create(
        email=address, user=user, status=Subscriber.Status.CONFIRMED, newsletter=newsletter
    )


def test_an_editor_records_a_letter_asking_not_to_be_contacted(editor_client, editor, on_commit):
    """The desk answers readers' letters, so Editors may add a suppression (not lift one)."""
    subscriber = _member()
    waiting = OutboundEmail.objects.create(kind="newsletter.sign_in", to=ADDRESS)

    listing = editor_client.get(LIST_URL).content.decode()
    assert ADD_URL in listing  # the "Add" button is there for them
    form = editor_client.get(ADD_URL)
    assert form.status_code == 200
    response = on_commit(
        editor_client.post,
        ADD_URL,
        {"email": " Wrote.To.Us@Example.org", "reason": "request", "note": "Letter of 3 March"},
        follow=True,
    )

    page = response.content.decode()
    assert "The address is suppressed (asked not to be contacted)" in page
    assert "Its newsletter is stopped." in page
    assert "1 email(s) waiting to be sent were cancelled." in page
    row = Suppression.objects.get()
    assert row.email_hash == email_hash(ADDRESS) and row.is_active
    assert (row.reason, row.created_by, row.note) == ("request", editor, "Letter of 3 March")
    assert ADDRESS not in str(Suppression.objects.values().get())  # only the hash is kept
    subscriber.refresh_from_db()
    assert not subscriber.newsletter and subscriber.unsubscribed_at is not None
    waiting.refresh_from_db()
    assert waiting.status == OutboundEmail.Status.CANCELLED
    assert not editor.has_perm("newsletter.lift_suppression")


def test_a_suppressed_address_gets_nothing_from_imports_forms_or_links(client, admin_user):
    suppression_add(by=admin_user, email=ADDRESS, reason="complaint", note="Complaint via FBL")

    report = subscribers_import(
        rows=[{"email": ADDRESS, "provenance": "Paper form", "confirmed_consent": "yes"}]
    )
    assert (report.imported, report.skipped) == (0, 1)
    client.post(SUBSCRIBE_URL, signup_data(ADDRESS))
    assert subscriber_subscribe(email=ADDRESS, form="box") == "suppressed"
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_a_request_replaces_a_deletion_so_a_signup_can_no_longer_lift_it(
    client, on_commit, admin_user
):
    """A deletion's suppression is lifted when the owner confirms a new signup; a request
    not to be contacted is not, so the request takes the deletion's place, on the record."""
    deleted = Suppression.objects.create(
        email_hash=email_hash(ADDRESS), reason=Suppression.Reason.DELETED
    )
    result = suppression_add(by=admin_user, email=ADDRESS, reason="request")

    assert result.created
    deleted.refresh_from_db()
    assert not deleted.is_active and deleted.lifted_by == admin_user
    assert (
        deleted.lift_reason
        == "Replaced by a suppression added by staff (asked not to be contacted)."
    )
    on_commit(client.post, SUBSCRIBE_URL, signup_data(ADDRESS))
    assert mail.outbox == []
    assert Suppression.objects.get(lifted_at__isnull=True).reason == "request"


def test_suppressing_twice_adds_nothing_and_says_so(admin_client, admin_user):
    first = suppression_add(by=admin_user, email=ADDRESS, reason="bounce")
    response = admin_client.post(
        ADD_URL, {"email": ADDRESS, "reason": "request", "note": ""}, follow=True
    )
    assert "The address was already suppressed (hard bounce, since" in response.content.decode()
    assert list(Suppression.objects.all()) == [first.suppression]


def test_staff_without_the_permission_cannot_add(client):
    clerk = factories.UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_suppression"))
    client.force_login(clerk)
    assert ADD_URL not in client.get(LIST_URL).content.decode()
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, {"email": ADDRESS, "reason": "request"}).status_code == 403
    with pytest.raises(PermissionError):
        suppression_add(by=clerk, email=ADDRESS, reason="request")
    reader = factories.UserFactory()
    reader.user_permissions.add(Permission.objects.get(codename="add_suppression"))
    with pytest.raises(PermissionError):  # a permission alone is not staff
        suppression_add(by=User.objects.get(pk=reader.pk), email=ADDRESS, reason="request")
    assert not Suppression.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not an address", "reason": "request"}, "Enter a valid email address."),
        ({"email": "someone@printer.local", "reason": "request"}, "We can only send email"),
        ({"email": ADDRESS, "reason": "deleted"}, "Select a valid choice."),
        ({"email": ADDRESS}, "This field is required."),
    ],
)
def test_a_bad_entry_is_shown_why_and_adds_nothing(admin_client, data, message):
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Suppression.objects.exists()


def test_the_service_refuses_a_reason_staff_may_not_give(admin_user):
    with pytest.raises(ValidationError):
        suppression_add(by=admin_user, email=ADDRESS, reason=Suppression.Reason.DELETED)
    with pytest.raises(ValidationError):
        suppression_add(by=admin_user, email="x@[127.0.0.1]", reason="request")
    assert not Suppression.objects.exists()


def test_editors_hold_the_permission_from_the_migration():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_suppression", "view_suppression"} <= codenames
    assert "lift_suppression" not in codenames


def test_a_member_who_asked_not_to_be_contacted_gets_no_link_from_a_form(
    client, on_commit, admin_user
):
    """Sign-in links and password resets are asked for on forms anyone can fill."""
    _member(newsletter=False)
    suppression_add(by=admin_user, email=ADDRESS, reason="request")
    on_commit(client.post, "/accounts/login/link/", {"email": ADDRESS})
    on_commit(client.post, "/accounts/password/reset/", {"email": ADDRESS})
    assert mail.outbox == []
