"""Bounces, complaints and unsubscribes reported by mail providers (django-anymail's webhooks,
each with the provider's own signature check), and the suppression list in the admin."""

import base64
import hashlib
import hmac
import io
import json
import secrets
import time
from urllib.parse import unquote

import pytest
from django.core import mail

from newsletter.emails import unsubscribe_mailto
from newsletter.issues import issue_queue, issue_set_articles
from newsletter.models import Delivery, FeedbackEvent, NewsletterIssue, Subscriber, Suppression
from newsletter.selectors import email_hash, is_suppressed
from newsletter.sending import issue_drain, issue_start
from tests import factories

pytestmark = pytest.mark.django_db

MAILGUN_KEY = "test-mailgun-signing-key-0123456789"
TRACKING = "/newsletter/feedback/mailgun/tracking/"


@pytest.fixture(autouse=True)
def _providers(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def readers():
    return [
        Subscriber.objects.create(
            email=f"{name}@example.org", status=Subscriber.Status.CONFIRMED, newsletter=True
        )
        for name in ("ann", "bob", "cat")
    ]


@pytest.fixture
def sent_issue(readers):
    issue = NewsletterIssue.objects.create(subject="The week")
    issue_set_articles(issue=issue, articles=[factories.ArticleFactory()])
    issue_queue(issue=issue)
    issue_start(issue_id=issue.pk)
    issue_drain(issue_id=issue.pk)
    assert len(mail.outbox) == 3
    return issue


def _signature(key: str = MAILGUN_KEY) -> dict:
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    digest = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": digest}


def _mailgun(client, event: str, recipient: str, *, key=MAILGUN_KEY, **data):
    payload = {
        "signature": _signature(key),
        "event-data": {
            "event": event,
            "id": secrets.token_hex(8),
            "timestamp": time.time(),
            "recipient": recipient,
            **data,
        },
    }
    return client.post(TRACKING, json.dumps(payload), content_type="application/json"), payload


def _hard_bounce(client, recipient, message_id="", **kwargs):
    return _mailgun(
        client,
        "failed",
        recipient,
        severity="permanent",
        reason="bounce",
        message={"headers": {"message-id": message_id.strip("<>")}},
        **{"delivery-status": {"code": 550, "message": "5.1.1 No such user"}},
        **kwargs,
    )


def test_a_signed_hard_bounce_suppresses_the_address_and_the_next_issue_skips_it(
    client, sent_issue
):
    delivery = Delivery.objects.get(subscriber__email="bob@example.org")
    response, _ = _hard_bounce(client, "bob@example.org", delivery.message_id)
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.BOUNCE
    assert suppression.source == "webhook: Mailgun"
    assert suppression.email_hash == email_hash("bob@example.org")
    assert suppression.created_by is None
    event = FeedbackEvent.objects.get()
    assert event.kind == FeedbackEvent.Kind.BOUNCE and event.delivery == delivery
    assert "bob@example.org" not in json.dumps(list(FeedbackEvent.objects.values()), default=str)
    assert not Subscriber.objects.get(email="bob@example.org").newsletter

    mail.outbox.clear()
    following = NewsletterIssue.objects.create(subject="The week after")
    issue_set_articles(issue=following, articles=[factories.ArticleFactory()])
    issue_queue(issue=following)
    assert issue_start(issue_id=following.pk) == 2  # not counted in the audience
    issue_drain(issue_id=following.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "cat@example.org"]


def test_an_invalid_signature_changes_nothing(client, sent_issue):
    response, _ = _hard_bounce(client, "bob@example.org", key="not-the-key")
    assert response.status_code == 400
    payload = {"signature": _signature(), "event-data": {"event": "complained"}}
    payload["signature"]["token"] = "tampered"
    response = client.post(TRACKING, json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    for broken in (b"", b"{", b'{"signature": 1}', b"\xff\xfe"):
        assert client.post(TRACKING, broken, content_type="application/json").status_code == 400
    assert not Suppression.objects.exists() and not FeedbackEvent.objects.exists()
    assert Subscriber.objects.get(email="bob@example.org").newsletter


def test_a_complaint_suppresses_and_stops_the_newsletter(client, readers):
    response, _ = _mailgun(client, "complained", "ann@example.org")
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.COMPLAINT
    assert not Subscriber.objects.get(email="ann@example.org").newsletter
    assert is_suppressed(email="ANN@example.org")


def test_soft_bounces_are_counted_not_suppressed_until_the_threshold(client, readers):
    for attempt in (1, 2):
        _mailgun(client, "failed", "cat@example.org", severity="temporary", reason="generic")
        assert not Suppression.objects.exists(), attempt
    assert FeedbackEvent.objects.filter(kind=FeedbackEvent.Kind.SOFT_BOUNCE).count() == 2
    _mailgun(client, "failed", "cat@example.org", severity="temporary", reason="generic")
    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.BOUNCE
    assert "3 soft bounces" in suppression.note


def test_a_repeated_report_counts_once(client, readers):
    _, payload = _mailgun(client, "failed", "cat@example.org", severity="temporary")
    for _ in range(3):  # the provider retries the same event (same token)
        client.post(TRACKING, json.dumps(payload), content_type="application/json")
    assert FeedbackEvent.objects.count() == 1
    assert not Suppression.objects.exists()


def test_reports_about_addresses_that_are_not_subscribers_suppress_nothing(client, readers):
    response, _ = _hard_bounce(client, "stranger@example.org")
    assert response.status_code == 200
    assert not Suppression.objects.exists()
    assert FeedbackEvent.objects.count() == 1  # kept as evidence, as a hash


def test_an_unsubscribe_at_the_provider_stops_the_newsletter(client, readers):
    _mailgun(client, "unsubscribed", "ann@example.org")
    assert not Subscriber.objects.get(email="ann@example.org").newsletter
    assert not Suppression.objects.exists()


def test_providers_that_are_not_set_up_are_not_listening(client, settings, readers):
    settings.ANYMAIL = {}
    response, _ = _hard_bounce(client, "bob@example.org")
    assert response.status_code == 404  # not a 500: no signing key, no webhook
    # Postmark's only guard is the shared basic-auth secret: without it, no endpoint.
    postmark = "/newsletter/feedback/postmark/tracking/"
    complaint = {
        "RecordType": "SpamComplaint",
        "Email": "bob@example.org",
        "ID": 42,
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "BouncedAt": "2027-03-01T10:00:00Z",
    }
    body = json.dumps(complaint)
    assert client.post(postmark, body, content_type="application/json").status_code == 404
    for address in ("/newsletter/feedback/nobody/tracking/", "/newsletter/feedback/mailgun/x/"):
        assert client.post(address, body, content_type="application/json").status_code == 404
    settings.ANYMAIL = {"WEBHOOK_SECRET": "desk:a-long-shared-secret"}
    wrong = "Basic " + base64.b64encode(b"desk:guess").decode()
    right = "Basic " + base64.b64encode(b"desk:a-long-shared-secret").decode()
    response = client.post(
        postmark, body, content_type="application/json", HTTP_AUTHORIZATION=wrong
    )
    assert response.status_code == 400
    assert not Suppression.objects.exists()
    response = client.post(
        postmark, body, content_type="application/json", HTTP_AUTHORIZATION=right
    )
    assert response.status_code == 200
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT


def _inbound(client, subject: str):
    mime = (
        "From: Bob <bob@example.org>\r\nTo: unsubscribe@lordspress.example\r\n"
        f"Subject: {subject}\r\n\r\nPlease take me off.\r\n"
    )
    return client.post(
        "/newsletter/feedback/mailgun/inbound/",
        {**_signature(), "body-mime": mime, "recipient": "unsubscribe@lordspress.example"},
    )


def test_mail_to_the_unsubscribe_address_unsubscribes_the_reader_it_names(client, readers):
    bob = Subscriber.objects.get(email="bob@example.org")
    subject = unquote(unsubscribe_mailto(bob).split("subject=", 1)[1])
    assert subject.startswith("unsubscribe ")
    assert _inbound(client, "unsubscribe forged-token").status_code == 200
    assert Subscriber.objects.get(pk=bob.pk).newsletter
    assert _inbound(client, subject).status_code == 200
    assert not Subscriber.objects.get(pk=bob.pk).newsletter
    assert Subscriber.objects.filter(newsletter=True).count() == 2


def test_staff_import_suppressions_from_csv_and_see_their_source(admin_client, readers):
    csv = (
        "email,reason,note\n"
        "ann@example.org,bounce,Old provider's bounce list\n"
        "ANN@example.org,complaint,\n"  # the same mailbox: already suppressed
        "nobody-at-all,request,\n"
        "x@example.org,frobnicate,\n"
        "new@example.org,,\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "suppressions.csv"
    page = admin_client.post("/admin/newsletter/suppression/import/", {"file": upload})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Suppressed: 2" in text and "Already suppressed: 1" in text and "Invalid: 2" in text
    assert "nobody-at-all" not in text  # the report names lines, not addresses
    assert not Subscriber.objects.get(email="ann@example.org").newsletter
    rows = Suppression.objects.order_by("pk")
    assert [(r.reason, r.source) for r in rows] == [
        (Suppression.Reason.BOUNCE, "import"),
        (Suppression.Reason.REQUEST, "import"),
    ]
    # Importing again adds nothing.
    upload.seek(0)
    admin_client.post("/admin/newsletter/suppression/import/", {"file": upload})
    assert Suppression.objects.count() == 2
    listing = admin_client.get("/admin/newsletter/suppression/").content.decode()
    assert "import" in listing and "Import CSV" in listing
    # And staff lift one on the record.
    response = admin_client.post(
        "/admin/newsletter/suppression/",
        {
            "action": "lift",
            "_selected_action": [rows[0].pk],
            "apply": "1",
            "lift_reason": "The reader wrote asking to be mailed again.",
        },
    )
    assert response.status_code == 302
    lifted = Suppression.objects.get(pk=rows[0].pk)
    assert lifted.lifted_at and lifted.lifted_by and lifted.lift_reason


def test_a_suppression_import_needs_the_permission(writer_client):
    upload = io.BytesIO(b"email\nann@example.org\n")
    upload.name = "s.csv"
    response = writer_client.post("/admin/newsletter/suppression/import/", {"file": upload})
    assert response.status_code == 403
    assert not Suppression.objects.exists()
