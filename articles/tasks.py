"""Background work for the editorial desk (run by ``manage.py db_worker``)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django_tasks import task

from articles.models import Article


@task()
def notify_editors_of_submission(article_id: int) -> int:
    """Tell each editor that an article awaits review; returns the number of emails sent.

    The message names the byline, never the writer: bylines are the only public identity,
    and this keeps the habit even in internal mail.
    """
    from lordspress.models import User

    article = Article.objects.select_related("author", "category").filter(pk=article_id).first()
    if article is None or article.status != Article.Status.IN_REVIEW:
        return 0
    recipients = list(
        User.objects.filter(is_active=True, is_staff=True, groups__name="Editors")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    review_url = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    body = (
        f"“{article.headline}” ({article.category}, by {article.author}) has been submitted "
        f"for review.\n\nReview it in the admin:\n{review_url}\n"
    )
    messages = [
        EmailMessage(subject=f"For review: {article.headline}", body=body, to=[address])
        for address in recipients
    ]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
