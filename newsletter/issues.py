"""Newsletter issues: staff compose them in the admin from published articles, send a proof,
then send; the worker queues one email per reader (``prepare_issue``, defined here) and the
outbox renders each as it sends it (``newsletter.emails.newsletter_issue``).
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lordspress.outbox.services import outbox_queue, outbox_queue_many
from newsletter.models import NewsletterIssue
from newsletter.selectors import issue_recipients


@transaction.atomic
def issue_queue(*, issue: NewsletterIssue) -> bool:
    """Ask the worker to send an issue; False if it was already sent or queued."""
    locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != NewsletterIssue.Status.DRAFT:
        return False
    locked.status = NewsletterIssue.Status.QUEUED
    locked.queued_at = timezone.now()
    locked.save(update_fields=["status", "queued_at"])
    issue_id = locked.pk
    transaction.on_commit(lambda: prepare_issue.enqueue(issue_id=issue_id))
    return True


@transaction.atomic
def issue_prepare(*, issue_id: int) -> int:
    """Queue one email per reader receiving the newsletter (``selectors.issue_recipients``;
    run by the worker). Returns how many.

    Each row is checked again when it is sent (``selectors.issue_reader``), so a reader who
    leaves meanwhile is skipped.
    """
    issue = NewsletterIssue.objects.select_for_update().filter(pk=issue_id).first()
    if issue is None or issue.status != NewsletterIssue.Status.QUEUED:
        return 0
    recipients = [
        (address, {"issue_id": issue.pk, "subscriber_id": pk}, f"{issue.outbox_prefix}{pk}")
        for address, pk in issue_recipients()
    ]
    outbox_queue_many(kind="newsletter.issue", emails=recipients)
    issue.status = NewsletterIssue.Status.SENT
    issue.prepared_at = timezone.now()
    issue.recipients = len(recipients)
    issue.save(update_fields=["status", "prepared_at", "recipients"])
    return len(recipients)


@task()
def prepare_issue(*, issue_id: int) -> int:
    """Queue a newsletter issue's emails, one per subscriber."""
    return issue_prepare(issue_id=issue_id)


@transaction.atomic
def issue_send_test(*, issue: NewsletterIssue, to: str) -> None:
    """A proof to one address; it counts for nothing and goes before any batch."""
    outbox_queue(kind="newsletter.issue", to=to, context={"issue_id": issue.pk, "test": True})
