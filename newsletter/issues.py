"""Newsletter issues: staff compose them in the admin from published articles (in an order
they choose), preview them, send a proof, then schedule them or send them now; the weekly
digest makes a draft of the week's articles. Sending is ``newsletter.sending``'s.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from articles.models import Article
from lordspress.outbox.services import outbox_queue
from newsletter.models import IssueArticle, NewsletterIssue
from newsletter.sending import issue_start, schedule_start

DIGEST_DAYS = 7


@transaction.atomic
def issue_schedule(*, issue: NewsletterIssue, send_at: datetime | None = None) -> bool:
    """Schedule a draft (or move a scheduled issue) to go at ``send_at``; ``None`` or a time
    already past sends it now. False if it is sending or sent already.

    The worker starts it at that time (``sending.start_issue``, queued to run then); an
    earlier start queued for a time since moved finds the issue not yet due and does nothing.
    Raises ValidationError for an issue without a subject.
    """
    locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if not locked.editable:
        return False
    if not locked.subject:
        raise ValidationError("An issue needs a subject before it can be sent.")
    now = timezone.now()
    locked.status = NewsletterIssue.Status.SCHEDULED
    locked.send_at = now if send_at is None or send_at <= now else send_at
    locked.queued_at = now
    locked.save(update_fields=["status", "send_at", "queued_at"])
    schedule_start(issue=locked)
    issue.status, issue.send_at, issue.queued_at = locked.status, locked.send_at, now
    return True


@transaction.atomic
def issue_queue(*, issue: NewsletterIssue) -> bool:
    """Send now: schedule the issue for this moment (the worker starts it at once)."""
    return issue_schedule(issue=issue, send_at=None)


@transaction.atomic
def issue_unschedule(*, issue: NewsletterIssue) -> bool:
    """A scheduled issue back to draft (before it starts); False if it was not scheduled."""
    updated = NewsletterIssue.objects.filter(
        pk=issue.pk, status=NewsletterIssue.Status.SCHEDULED
    ).update(status=NewsletterIssue.Status.DRAFT, queued_at=None)
    if updated:
        issue.status = NewsletterIssue.Status.DRAFT
    return bool(updated)


@task()
def prepare_issue(*, issue_id: int) -> int:
    """The start of an issue queued before issues were scheduled (rows that name
    ``newsletter.issues.prepare_issue`` or ``newsletter.tasks.prepare_issue``)."""
    return issue_start(issue_id=issue_id)


@transaction.atomic
def issue_send_test(*, issue: NewsletterIssue, to: str) -> None:
    """A proof to one address, exactly as readers get it but marked "[Test]": it counts for
    nothing (no delivery) and goes before any batch (transactional priority)."""
    outbox_queue(kind="newsletter.issue", to=to, context={"issue_id": issue.pk, "test": True})


@transaction.atomic
def issue_set_articles(*, issue: NewsletterIssue, articles: list[Article]) -> None:
    """The issue's articles, in this order (positions 1, 2, 3…)."""
    IssueArticle.objects.filter(issue=issue).delete()
    IssueArticle.objects.bulk_create(
        [
            IssueArticle(issue=issue, article=article, position=number)
            for number, article in enumerate(articles, start=1)
        ]
    )


@transaction.atomic
def issue_digest_create(*, now: datetime | None = None) -> NewsletterIssue | None:
    """A draft issue of the articles published in the ``DIGEST_DAYS`` days before ``now``,
    newest first, or None when there were none (the weekly digest: ``manage.py
    newsletter_digest`` and the admin's "Draft this week's digest")."""
    now = now or timezone.now()
    since = now - timedelta(days=DIGEST_DAYS)
    articles = list(
        Article.objects.published()
        .filter(publish_at__gt=since, publish_at__lte=now)
        .order_by("-publish_at", "-pk")
    )
    if not articles:
        return None
    first = timezone.localtime(since + timedelta(days=1))
    last = timezone.localtime(now)
    issue = NewsletterIssue.objects.create(
        subject=f"The week in Lord’s Press, {date_format(first, 'j F')} to "
        f"{date_format(last, 'j F Y')}",
        preheader=" · ".join(article.headline for article in articles[:3])[:200],
        introduction=f"<p>The {len(articles)} articles we published this week.</p>",
    )
    issue_set_articles(issue=issue, articles=articles)
    return issue
