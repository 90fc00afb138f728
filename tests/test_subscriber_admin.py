"""Subscribers in the admin: find, filter, export, import with provenance, resend."""

import csv
import io
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from lordspress.core.models import User
from lordspress.outbox.models import OutboundEmail
from newsletter.models import Subscriber
from newsletter.signup import subscriber_subscribe
from tests.members import SUBSCRIBE_URL, link_to, signup_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/newsletter/subscriber/"


@pytest.fixture
def subscribers(client, on_commit):
    on_commit(client.post, SUBSCRIBE_URL, signup_data("pending@example.org", name="Pen Ding"))
    on_commit(client.post, SUBSCRIBE_URL, signup_data("member@example.org", newsletter=True))
    on_commit(client.post, link_to("/confirm/"))
    client.post("/accounts/logout/")


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("readers.csv", text.encode(), content_type="text/csv")


def test_list_search_and_filter(admin_client, subscribers):
    listing = admin_client.get(CHANGELIST)
    assert b"pending@example.org" in listing.content and b"member@example.org" in listing.content
    found = admin_client.get(CHANGELIST, {"q": "Pen Ding"})
    assert [s.email for s in found.context["cl"].result_list] == ["pending@example.org"]
    confirmed = admin_client.get(CHANGELIST, {"status__exact": "confirmed"})
    assert [s.email for s in confirmed.context["cl"].result_list] == ["member@example.org"]


def test_export_csv(admin_client, subscribers):
    response = admin_client.get(CHANGELIST + "export/")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_email = {row["email"]: row for row in rows}
    assert by_email["member@example.org"]["status"] == "confirmed"
    assert by_email["member@example.org"]["newsletter"] == "yes"
    assert by_email["pending@example.org"]["status"] == "pending"


def test_import_needs_provenance(admin_client):
    response = admin_client.post(
        CHANGELIST + "import/", {"file": _upload("email,name\nreader@example.org,Reader\n")}
    )
    assert response.status_code == 200
    assert "provenance" in str(response.context["form"].errors["file"])
    assert not Subscriber.objects.exists()


def test_import_confirms_only_with_proof_and_twice_adds_nothing(admin_client, on_commit):
    text = (
        "email,name,newsletter,provenance,confirmed_consent\n"
        "proved@example.org,Proved,yes,Old list: double opt-in 2024-03-01,yes\n"
        "unproved@example.org,Unproved,yes,Event sign-up sheet 2025,\n"
        "not-an-address,Nobody,no,Somewhere,\n"
        "noprov@example.org,No Provenance,no,,\n"
    )
    response = on_commit(admin_client.post, CHANGELIST + "import/", {"file": _upload(text)})
    report = response.context["report"]
    assert (report.imported, report.confirmed, report.skipped) == (2, 1, 0)
    assert len(report.invalid) == 2

    proved = Subscriber.objects.get(email="proved@example.org")
    unproved = Subscriber.objects.get(email="unproved@example.org")
    assert proved.status == Subscriber.Status.CONFIRMED and proved.user is not None
    assert unproved.status == Subscriber.Status.PENDING and unproved.user is None
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["proved@example.org"] == "Your Lord’s Press login credentials"
    assert subjects["unproved@example.org"] == "Please confirm your subscription to Lord’s Press"

    emails_before = OutboundEmail.objects.count()
    again = on_commit(admin_client.post, CHANGELIST + "import/", {"file": _upload(text)})
    assert again.context["report"].imported == 0 and again.context["report"].skipped == 2
    assert Subscriber.objects.count() == 2 and OutboundEmail.objects.count() == emails_before


def test_import_rejects_a_file_that_is_not_csv_text(admin_client):
    response = admin_client.post(
        CHANGELIST + "import/",
        {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00garbage", "text/csv")},
    )
    assert response.status_code == 200
    assert "UTF-8" in str(response.context["form"].errors["file"])


def test_resend_confirmation(admin_client, subscribers, on_commit):
    pending = Subscriber.objects.get(email="pending@example.org")
    before = len(mail.outbox)
    on_commit(
        admin_client.post,
        CHANGELIST,
        {"action": "resend_confirmation", "_selected_action": [pending.pk]},
    )
    assert [m.to for m in mail.outbox[before:]] == [["pending@example.org"]]


def test_staff_cannot_switch_the_newsletter_on_for_a_reader(admin_client, subscribers):
    pending = Subscriber.objects.get(email="pending@example.org")
    page = admin_client.get(f"{CHANGELIST}{pending.pk}/change/")
    assert 'name="newsletter"' not in page.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_racing_confirmations_make_one_account_and_one_credentials_email():
    from django.db import connections

    from newsletter.signup import subscriber_confirm
    from newsletter.tokens import token_digest, token_mint

    subscriber_subscribe(email="racer@example.org", form="box")
    subscriber = Subscriber.objects.get()
    tokens = [
        token_mint(
            purpose="confirm",
            subscriber=subscriber,
            lifetime=timedelta(hours=1),
        )
        for _ in range(4)
    ]  # several emails, clicked at once
    barrier = threading.Barrier(len(tokens))
    errors = []

    def click(token):
        try:
            barrier.wait()
            subscriber_confirm(token_digest=token_digest(token))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert User.objects.filter(email="racer@example.org").count() == 1
    assert OutboundEmail.objects.filter(kind="newsletter.credentials").count() == 1
    assert all(type(e).__name__ == "TokenError" for e in errors), errors
