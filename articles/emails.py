"""Editorial emails, rendered by the outbox worker."""

from django.urls import reverse

from articles.models import Article
from lordspress.core.links import absolute_url
from lordspress.outbox.emails import build_email
from lordspress.outbox.models import OutboundEmail
from lordspress.outbox.services import email_kind


@email_kind("articles.review")
def review_requested(row: OutboundEmail):
    """An article awaits review. It names the byline, never the writer: bylines are the only
    identity the journal uses, even internally."""
    article = (
        Article.objects.select_related("author", "category")
        .filter(pk=row.context.get("article_id"))
        .first()
    )
    if article is None or article.status != Article.Status.IN_REVIEW:
        return None
    return build_email(
        to=row.to,
        subject=f"For review: {article.headline}",
        template="review_requested",
        context={
            "article": article,
            "review_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        },
    )
