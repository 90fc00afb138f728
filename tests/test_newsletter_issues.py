"""Newsletter issues: composed in the admin, scheduled, sent once per reader as deliveries."""

import email
import hashlib
import re
from datetime import timedelta
from itertools import product

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from articles.access import teaser_html
from articles.models import Article
from lordspress.core.addresses import canonical_email, display_email
from lordspress.core.sanitize import sanitize_html
from lordspress.outbox.models import OutboundEmail
from lordspress.sitesettings.models import SiteSettings
from newsletter import sending
from newsletter.issues import (
    issue_digest_create,
    issue_queue,
    issue_schedule,
    issue_send_test,
    issue_set_articles,
    issue_unschedule,
)
from newsletter.models import Delivery, NewsletterIssue, Subscriber, Suppression
from newsletter.selectors import email_hash, issue_progress, issue_reader, issue_recipients
from newsletter.sending import BATCH_PRIORITY, issue_drain, issue_start, send_issue_batch
from tests import factories
from tests.members import SUBSCRIBE_URL, link_to, signup_data

pytestmark = pytest.mark.django_db

SENTINEL = "the Garter stall plates were quietly rehung"


@pytest.fixture
def readers(client, on_commit):
    """Two readers who want the newsletter, one who does not, one still pending."""
    for address, wants in [
        ("a@example.org", True),
        ("b@example.org", True),
        ("c@example.org", False),
    ]:
        on_commit(client.post, SUBSCRIBE_URL, signup_data(address, newsletter=wants))
        on_commit(client.post, link_to("/confirm/"))
        client.post("/accounts/logout/")
    on_commit(client.post, SUBSCRIBE_URL, signup_data("pending@example.org", newsletter=True))
    mail.outbox.clear()


@pytest.fixture
def issue():
    free = factories.ArticleFactory(headline="A state visit to Lisbon")
    report = factories.ArticleFactory(
        headline="Registers of nobility",
        kind=Article.Kind.SPECIAL_REPORT,
        body=(
            "<p>Opening of the register.</p><p>A second paragraph.</p><p>[members-only]</p>"
            f"<p>In Windsor {SENTINEL}.</p><p>And more after that.</p>"
        ),
    )
    draft = factories.ArticleFactory(
        headline="Not yet published", status=Article.Status.DRAFT, publish_at=None
    )
    issue = NewsletterIssue.objects.create(
        subject="Lord’s Press, the week in review",
        preheader="Lisbon, the registers, and a barony",
        introduction="<p>Good day.</p><p>This week:</p>",
    )
    issue_set_articles(issue=issue, articles=[free, report, draft])
    return issue


def _send_now(on_commit, issue):
    return on_commit(issue_queue, issue=issue)


def test_an_issue_reaches_confirmed_readers_who_asked_for_it_once(readers, issue, on_commit):
    assert _send_now(on_commit, issue)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT and issue.recipients == 2
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 2

    # Sending again, starting again, or a batch task queued twice sends nothing more.
    assert on_commit(issue_queue, issue=issue) is False
    NewsletterIssue.objects.filter(pk=issue.pk).update(status=NewsletterIssue.Status.SCHEDULED)
    assert on_commit(issue_start, issue_id=issue.pk) == 2  # the same two deliveries
    on_commit(issue_drain, issue_id=issue.pk)
    on_commit(send_issue_batch.enqueue, issue_id=issue.pk, token="an old token")
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(issue=issue).count() == 2
    assert not OutboundEmail.objects.filter(kind="newsletter.issue").exists()


def test_the_database_holds_one_delivery_per_issue_and_reader(readers, issue):
    reader = Subscriber.objects.get(email="a@example.org")
    Delivery.objects.create(issue=issue, subscriber=reader)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, subscriber=reader)


def _parsed(message):
    return email.message_from_bytes(message.message().as_bytes())


def test_the_issue_email(readers, issue, on_commit):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"postal_address": "14 Bury Street\nLondon SW1Y 6AL"}
    )
    _send_now(on_commit, issue)
    message = next(m for m in mail.outbox if m.to == ["a@example.org"])
    html = message.alternatives[0][0]
    assert message.subject == "Lord’s Press, the week in review"
    # The articles, as any visitor may read them: no members-only text, a sign-in link.
    assert "A state visit to Lisbon" in message.body and "Registers of nobility" in message.body
    assert "Not yet published" not in message.body
    assert SENTINEL not in message.body and SENTINEL not in html
    assert "Opening of the register." in message.body
    assert "The rest is for members. Sign in to read it: https://www.lordspress.example/" in (
        message.body
    )
    assert "/accounts/login/?next=" in html
    # RFC 8058 and 2369: https and mailto, one click; a visible unsubscribe and preferences.
    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.fullmatch(
        r"<(https://[^>]+)>, <(mailto:[^>]+)>", headers["List-Unsubscribe"]
    ).groups()
    assert "/newsletter/unsubscribe/" in https
    assert mailto.startswith("mailto:unsubscribe@lordspress.example?subject=unsubscribe%20")
    assert f"Unsubscribe: {https}" in message.body
    assert f'href="{https}"' in html
    assert "Manage your preferences: https://www.lordspress.example/accounts/" in message.body
    assert ">Manage your preferences</a>" in html
    # The postal address, from the site settings.
    assert "14 Bury Street" in message.body and "London SW1Y 6AL" in html
    # One stored, unique Message-ID.
    delivery = Delivery.objects.get(subscriber__email="a@example.org")
    assert headers["Message-ID"] == delivery.message_id
    other = next(m for m in mail.outbox if m.to == ["b@example.org"])
    assert other.extra_headers["Message-ID"] != delivery.message_id
    # Multipart: plain text and HTML; the CSS inlined; one column of 600 px; the preheader
    # first and hidden.
    parsed = _parsed(message)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in parsed.get_payload()] == [
        "text/plain",
        "text/html",
    ]
    assert "<style" not in html and 'style="' in html
    assert 'width="600"' in html and "max-width: 600px" in html
    body = html.split("<body", 1)[1]
    preheader = re.search(r"<div[^>]*>Lisbon, the registers, and a barony", body)
    assert preheader and "display: none" in preheader.group(0)
    assert body.index("Lisbon, the registers") < body.index("Good day.")


def test_images_carry_alt_text_and_dimensions(readers, on_commit, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import make_image_bytes

    article = factories.ArticleFactory(
        headline="The new arms of the barony",
        image=SimpleUploadedFile("arms.jpg", make_image_bytes((1600, 900)), "image/jpeg"),
        image_alt="A shield, argent, a lion rampant gules",
    )
    issue = NewsletterIssue.objects.create(subject="Arms")
    issue_set_articles(issue=issue, articles=[article])
    _send_now(on_commit, issue)
    html = mail.outbox[0].alternatives[0][0]
    image = re.search(r"<img [^>]+>", html).group(0)
    assert 'alt="A shield, argent, a lion rampant gules"' in image
    assert re.search(r'width="\d+"', image) and re.search(r'height="\d+"', image)
    assert 'src="https://www.lordspress.example/media/' in image
    for tag in re.findall(r"<img [^>]+>", html):
        assert " alt=" in tag and " width=" in tag and " height=" in tag, tag


def test_members_only_text_is_cut_by_the_sites_own_rule(readers, issue, on_commit):
    """The email's excerpt of a members-only article is ``teaser_html`` of its body, the very
    text a visitor who is not a member reads on the site."""
    _send_now(on_commit, issue)
    html = mail.outbox[0].alternatives[0][0]
    report = Article.objects.get(headline="Registers of nobility")
    teaser = teaser_html(report.body)
    assert teaser and "Opening of the register." in teaser
    for paragraph in re.findall(r"<p>(.*?)</p>", teaser):
        assert paragraph in html
    assert "And more after that." not in html


def test_articles_appear_in_the_editors_order(readers, on_commit):
    first, second, third = (factories.ArticleFactory(headline=f"Number {n}") for n in "123")
    issue = NewsletterIssue.objects.create(subject="Order")
    issue_set_articles(issue=issue, articles=[third, first, second])
    _send_now(on_commit, issue)
    body = mail.outbox[0].body
    assert body.index("Number 3") < body.index("Number 1") < body.index("Number 2")


def test_the_introduction_is_sanitised_exactly_as_article_bodies_are():
    dirty = (
        '<p onclick="alert(1)">Good <strong>day</strong>.<script>alert(2)</script></p>'
        '<p><a href="javascript:alert(3)">x</a> <img src="https://evil.example/p.gif"></p>'
    )
    issue = NewsletterIssue.objects.create(subject="Clean", introduction=dirty)
    issue.refresh_from_db()
    article = factories.ArticleFactory(body=dirty)
    article.refresh_from_db()
    assert issue.introduction == sanitize_html(dirty) == article.body
    assert "script" not in issue.introduction and "onclick" not in issue.introduction


def test_a_reader_who_leaves_before_their_email_goes_is_skipped(readers, issue, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    issue_queue(issue=issue)
    assert issue_start(issue_id=issue.pk) == 2
    Subscriber.objects.filter(email="b@example.org").update(newsletter=False)
    issue_drain(issue_id=issue.pk)
    assert [m.to[0] for m in mail.outbox] == ["a@example.org"]
    assert Delivery.objects.get(subscriber__email="b@example.org").status == (
        Delivery.Status.SKIPPED
    )
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT  # skipped is not a failure


class UnsubscribeAfterFirst(EmailBackend):
    """Django's test mailbox; after the first message it goes out, the next reader
    unsubscribes (as if they clicked while the issue was being sent)."""

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if len(mail.outbox) == 1:
            Subscriber.objects.exclude(email=mail.outbox[0].to[0]).update(newsletter=False)
        return sent


def test_someone_who_unsubscribes_halfway_through_a_batch_gets_nothing_more(
    readers, issue, settings
):
    settings.EMAIL_BACKEND = "tests.test_newsletter_issues.UnsubscribeAfterFirst"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    issue_queue(issue=issue)
    issue_start(issue_id=issue.pk)
    issue_drain(issue_id=issue.pk)
    assert len(mail.outbox) == 1
    assert issue_progress(issue=issue).as_dict() | {"status": None} == {
        **issue_progress(issue=issue).as_dict(),
        "status": None,
        "sent": 1,
        "skipped": 1,
        "failed": 0,
        "queued": 0,
    }


def test_suppressed_readers_receive_nothing_and_are_not_in_the_audience(readers, issue):
    Suppression.objects.create(
        email_hash=email_hash("b@example.org"), reason=Suppression.Reason.COMPLAINT
    )
    assert [address for address, _ in issue_recipients()] == ["a@example.org"]
    issue_queue(issue=issue)
    assert issue_start(issue_id=issue.pk) == 1
    issue_drain(issue_id=issue.pk)
    assert [m.to[0] for m in mail.outbox] == ["a@example.org"]


def test_a_scheduled_issue_never_goes_before_its_time(readers, issue, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    send_at = timezone.now() + timedelta(minutes=2)
    assert issue_schedule(issue=issue, send_at=send_at)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SCHEDULED and issue.send_at == send_at
    # A start that runs early (a task queued for an earlier time) does nothing.
    assert issue_start(issue_id=issue.pk, now=send_at - timedelta(seconds=1)) == 0
    assert not Delivery.objects.exists()
    with time_machine.travel(send_at + timedelta(seconds=1)):
        assert issue_start(issue_id=issue.pk) == 2
        issue_drain(issue_id=issue.pk)
    assert len(mail.outbox) == 2


def test_a_scheduled_start_is_queued_for_its_time(readers, issue, task_queue):
    from django_tasks_db.models import DBTaskResult

    send_at = timezone.now() + timedelta(hours=3)
    issue_schedule(issue=issue, send_at=send_at)
    start = DBTaskResult.objects.get(task_path="newsletter.sending.start_issue")
    assert start.run_after == send_at
    assert start.args_kwargs["kwargs"] == {"issue_id": issue.pk}


def test_unscheduling_and_rescheduling(readers, issue, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    soon = timezone.now() + timedelta(minutes=5)
    issue_schedule(issue=issue, send_at=soon)
    assert issue_unschedule(issue=issue)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT
    assert issue_start(issue_id=issue.pk, now=soon + timedelta(minutes=1)) == 0
    later = soon + timedelta(hours=1)
    issue_schedule(issue=issue, send_at=later)
    assert issue_start(issue_id=issue.pk, now=soon + timedelta(minutes=1)) == 0  # moved
    assert issue_start(issue_id=issue.pk, now=later) == 2


def test_batch_tasks_give_way_to_every_other_task():
    """Confirmation, sign-in and password emails (and the outbox that sends them) run at the
    default priority; an issue's batches below it, so they wait for one batch at most."""
    from lordspress.outbox.tasks import deliver_outbox
    from newsletter.accounts import send_password_reset, send_sign_in_link
    from newsletter.signup import process_signup

    assert send_issue_batch.priority == BATCH_PRIORITY < 0
    for transactional in (deliver_outbox, process_signup, send_sign_in_link, send_password_reset):
        assert transactional.priority > send_issue_batch.priority


def test_a_proof_goes_to_staff_counts_for_nothing_and_looks_the_same(
    readers, issue, editor, on_commit
):
    on_commit(issue_send_test, issue=issue, to=editor.email)
    proof = mail.outbox[0]
    assert proof.to == [editor.email] and proof.subject == "[Test] " + issue.subject
    assert "Registers of nobility" in proof.body and SENTINEL not in proof.body
    assert not Delivery.objects.exists()
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT


def test_editors_compose_preview_proof_and_send_from_the_admin(
    editor_client, editor, readers, issue, on_commit
):
    editor_client.force_login(editor)  # the readers fixture signed this client out
    change = f"/admin/newsletter/newsletterissue/{issue.pk}/change/"
    page = editor_client.get(change)
    assert page.status_code == 200
    assert b"Send a proof to me" in page.content and b"Schedule" in page.content

    preview = editor_client.get(f"/admin/newsletter/newsletterissue/{issue.pk}/preview/")
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Registers of nobility" in text and SENTINEL not in text
    assert 'width="600"' in text and "?width=phone" in text
    assert "script-src 'self'" in preview["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text)  # no inline script
    phone = editor_client.get(f"/admin/newsletter/newsletterissue/{issue.pk}/preview/?width=phone")
    assert 'width="375"' in phone.content.decode()
    frame = editor_client.get(f"/admin/newsletter/newsletterissue/{issue.pk}/preview/email/")
    assert frame.status_code == 200 and frame["X-Frame-Options"] == "SAMEORIGIN"
    assert "script-src" not in frame["Content-Security-Policy"]
    assert "default-src 'none'" in frame["Content-Security-Policy"]
    assert b"Registers of nobility" in frame.content and SENTINEL.encode() not in frame.content

    sending = f"/admin/newsletter/newsletterissue/{issue.pk}/sending/"
    on_commit(editor_client.post, sending, {"do": "proof"})
    assert [m.to[0] for m in mail.outbox] == [editor.email]
    mail.outbox.clear()

    response = on_commit(editor_client.post, sending, {"do": "now"})
    assert response.status_code == 302 and response["Location"].endswith("/progress/")
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT and issue.recipients == 2
    progress = editor_client.get(f"/admin/newsletter/newsletterissue/{issue.pk}/progress/")
    assert progress.status_code == 200
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", progress.content.decode())
    assert b"issue-progress.js" in progress.content
    figures = editor_client.get(
        f"/admin/newsletter/newsletterissue/{issue.pk}/progress.json"
    ).json()
    assert figures == {
        "status": "sent",
        "status_label": "Sent",
        "total": 2,
        "queued": 0,
        "sent": 2,
        "failed": 0,
        "skipped": 0,
        "done": 2,
        "percent": 100,
        "finished": True,
    }
    listing = editor_client.get("/admin/newsletter/newsletterissue/")
    row = listing.context["cl"].result_list[0]
    assert (row.queued_count, row.sent_count, row.failed_count, row.skipped_count) == (0, 2, 0, 0)
    # Sent: nothing more can be edited or sent.
    assert on_commit(editor_client.post, sending, {"do": "now"}).status_code == 302
    assert len(mail.outbox) == 2
    page = editor_client.get(change)
    assert page.status_code == 200
    assert b"Send now to every subscriber" not in page.content
    assert b'name="subject"' not in page.content  # read-only once sent


def test_scheduling_from_the_admin(editor_client, editor, readers, issue, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    editor_client.force_login(editor)
    sending = f"/admin/newsletter/newsletterissue/{issue.pk}/sending/"
    when = timezone.localtime(timezone.now() + timedelta(minutes=2)).replace(
        second=0, microsecond=0
    )
    editor_client.post(sending, {"do": "schedule", "send_at": when.strftime("%Y-%m-%dT%H:%M")})
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SCHEDULED and issue.send_at == when
    past = timezone.localtime(timezone.now() - timedelta(hours=1))
    page = editor_client.post(
        sending, {"do": "schedule", "send_at": past.strftime("%Y-%m-%dT%H:%M")}, follow=True
    )
    assert "Choose a time in the future" in page.content.decode()
    for nonsense in ("", "tomorrow", "2026-13-45T99:99", "\x00"):
        response = editor_client.post(sending, {"do": "schedule", "send_at": nonsense})
        assert response.status_code in {302, 400}  # refused, never a 500
    issue.refresh_from_db()
    assert issue.send_at == when
    editor_client.post(sending, {"do": "unschedule"})
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT


def test_writers_may_not_send(writer_client, issue):
    response = writer_client.post(
        f"/admin/newsletter/newsletterissue/{issue.pk}/sending/", {"do": "now"}
    )
    assert response.status_code in {302, 403, 404}
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT


def test_the_weekly_digest_is_a_draft_of_the_weeks_articles(editor_client, on_commit):
    now = timezone.now()
    recent = [
        factories.ArticleFactory(headline=f"Recent {n}", publish_at=now - timedelta(days=n))
        for n in (1, 3, 6)
    ]
    factories.ArticleFactory(headline="Too old", publish_at=now - timedelta(days=8))
    factories.ArticleFactory(headline="Scheduled", publish_at=now + timedelta(days=1))
    factories.ArticleFactory(headline="A draft", status=Article.Status.DRAFT, publish_at=None)
    issue = issue_digest_create(now=now)
    assert issue.status == NewsletterIssue.Status.DRAFT
    assert [a.headline for a in issue.articles.order_by("newsletter_entries__position")] == [
        a.headline for a in recent
    ]
    call_command("newsletter_digest", verbosity=0)
    assert NewsletterIssue.objects.count() == 2
    response = editor_client.post("/admin/newsletter/newsletterissue/digest/")
    assert response.status_code == 302
    assert NewsletterIssue.objects.count() == 3
    latest = NewsletterIssue.objects.order_by("-pk").first()
    assert response["Location"] == f"/admin/newsletter/newsletterissue/{latest.pk}/change/"
    Article.objects.all().delete()
    assert issue_digest_create() is None


def test_the_issue_email_links_and_images_work_away_from_the_site(readers, on_commit):
    article = factories.ArticleFactory(
        headline="Arms for a new barony",
        body=(
            '<p>See <a href="/archive/">the archive</a>, <a href="#note-1">note 1</a> and '
            '<a href="https://www.college-of-arms.gov.uk/">the College</a>.</p>'
            '<p><img src="/media/uploads/2026/11/25/arms.jpg" alt="The arms"></p>'
            "<p>The grant was made by letters patent in 1701.</p>"
            "<p>The supporters were added by a later warrant.</p>"
        ),
    )
    issue = NewsletterIssue.objects.create(
        subject="Arms", introduction='<p>Good day. See <a href="/archive/">the archive</a>.</p>'
    )
    issue.articles.add(article)
    _send_now(on_commit, issue)
    html = mail.outbox[0].alternatives[0][0]
    page = "https://www.lordspress.example" + article.get_absolute_url()
    assert 'href="https://www.lordspress.example/archive/"' in html
    assert f'href="{page}#note-1"' in html
    assert 'href="https://www.college-of-arms.gov.uk/"' in html
    assert 'src="https://www.lordspress.example/media/uploads/2026/11/25/arms.jpg"' in html
    assert not re.search(r'(href|src)="[/#]', html)  # nothing left for a mail reader to guess


# A suppression of a reader's mailbox: none, an active one, one lifted, or an active one under
# the hash its Unicode spelling had before addresses were canonical (``suppression_hashes``).
SUPPRESSIONS = ["none", "active", "lifted", "legacy hash"]


def test_who_an_issue_is_prepared_for_and_who_still_gets_it_at_sending_are_one_rule():
    """``issue_recipients`` (the whole list, when the issue is prepared) and ``issue_reader``
    (one reader, as their email is sent) agree for every state a subscriber can be in."""
    states = product(Subscriber.Status.values, [True, False], SUPPRESSIONS)
    for number, (status, wants, suppressed) in enumerate(states):
        address = canonical_email(f"reader{number}@bücher.example")
        Subscriber.objects.create(email=address, status=status, newsletter=wants)
        if suppressed == "none":
            continue
        legacy = hashlib.sha256(display_email(address).encode()).hexdigest()
        Suppression.objects.create(
            email_hash=legacy if suppressed == "legacy hash" else email_hash(address),
            reason=Suppression.Reason.REQUEST,
            **(
                {"lifted_at": timezone.now(), "lift_reason": "They wrote asking for it again."}
                if suppressed == "lifted"
                else {}
            ),
        )
    listed = {pk for _, pk in issue_recipients()}
    one_by_one = {
        pk
        for pk in Subscriber.objects.values_list("pk", flat=True)
        if issue_reader(subscriber_id=pk) is not None
    }
    assert listed == one_by_one
    assert len(listed) == 2  # confirmed, wanting it, and not suppressed or lifted


def test_the_batch_size_setting_splits_the_send(readers, issue, settings):
    settings.NEWSLETTER_BATCH_SIZE = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    issue_queue(issue=issue)
    issue_start(issue_id=issue.pk)
    issue.refresh_from_db()
    report = sending.issue_send_batch(issue_id=issue.pk, token=issue.send_token)
    assert (report.claimed, report.sent) == (1, 1)
    assert issue_progress(issue=issue).queued == 1


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "1.5", "-1"])
def test_an_article_key_that_cannot_be_shows_the_form_error(admin_client, value):
    """The issue's articles (an inline with an autocomplete): a key beyond SQLite's integers,
    or no integer at all, is the form's error, never a 500."""
    response = admin_client.post(
        "/admin/newsletter/newsletterissue/add/",
        {
            "subject": "Keys",
            "created_at_0": "2026-12-01",
            "created_at_1": "09:00:00",
            "entries-TOTAL_FORMS": "1",
            "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "1000",
            "entries-0-position": "1",
            "entries-0-article": value,
        },
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["article"]
    assert not NewsletterIssue.objects.exists()


def test_the_articles_of_an_issue_are_ordered_in_the_admin(admin_client):
    first, second = factories.ArticleFactory(), factories.ArticleFactory()
    response = admin_client.post(
        "/admin/newsletter/newsletterissue/add/",
        {
            "subject": "Ordered",
            "preheader": "Two pieces",
            "introduction": "<p>Hello <script>alert(1)</script></p>",
            "created_at_0": "2026-12-01",
            "created_at_1": "09:00:00",
            "entries-TOTAL_FORMS": "2",
            "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "1000",
            "entries-0-position": "2",
            "entries-0-article": first.pk,
            "entries-1-position": "1",
            "entries-1-article": second.pk,
        },
    )
    assert response.status_code == 302
    issue = NewsletterIssue.objects.get()
    assert issue.introduction == "<p>Hello </p>"
    ordered = issue.articles.order_by("newsletter_entries__position")
    assert list(ordered) == [second, first]
