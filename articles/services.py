"""Editorial operations: saving, publishing and unpublishing articles.

The admin calls these instead of ``Model.save()`` so that the workflow rules (writers cannot
publish), old addresses, image processing and notifications hold however an article changes.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleRedirect
from lordspress.images import is_new_upload, replace_with_reencoded, store_rendition
from lordspress.outbox import outbox_queue

FEATURED_IMAGE_WIDTH = 1600
CARD_IMAGE_WIDTH = 720


def user_can_publish(user) -> bool:
    return bool(user and user.has_perm("articles.publish_article"))


def _process_featured_image(article: Article) -> None:
    if not article.image:
        article.image_card = ""
        return
    if not is_new_upload(article.image):
        return  # the stored image (unchanged, or restored with its card from a revision)
    replace_with_reencoded(article.image, max_width=FEATURED_IMAGE_WIDTH)
    store_rendition(article.image, article.image_card, max_width=CARD_IMAGE_WIDTH)


def _keep_old_address(previous: Article | None, article: Article) -> None:
    """A published article that moves keeps answering at its old address (301)."""
    new_path = article.get_absolute_url()
    if previous is not None and previous.status == Article.Status.PUBLISHED:
        old_path = previous.get_absolute_url()
        if old_path != new_path:
            ArticleRedirect.objects.update_or_create(
                old_path=old_path, defaults={"article": article}
            )
    # An address in use must never be shadowed by an old redirect.
    ArticleRedirect.objects.filter(old_path=new_path).delete()


@transaction.atomic
def article_save(*, article: Article, user, material_update: bool = False) -> Article:
    """Save an article as ``user``, enforcing the editorial workflow.

    Writers may draft and submit for review; only holders of ``articles.publish_article``
    (Editors) may publish, schedule, change a published article or mark a material update.
    """
    previous = (
        Article.objects.select_for_update().filter(pk=article.pk).first() if article.pk else None
    )
    can_publish = user_can_publish(user)
    was_published = previous is not None and previous.status == Article.Status.PUBLISHED
    if not can_publish and (article.status == Article.Status.PUBLISHED or was_published):
        raise PermissionDenied("Only editors may publish or change a published article.")

    if article.status == Article.Status.PUBLISHED and article.publish_at is None:
        article.publish_at = timezone.now()
    if material_update and previous is not None and previous.is_live:
        article.updated_at = timezone.now()
    if previous is None and article.created_by_id is None:
        article.created_by = user

    _process_featured_image(article)
    article.save()
    _keep_old_address(previous, article)

    submitted = article.status == Article.Status.IN_REVIEW and (
        previous is None or previous.status != Article.Status.IN_REVIEW
    )
    if submitted:
        _notify_editors(article)
    return article


def _notify_editors(article: Article) -> None:
    """Each editor is emailed (through the outbox) that an article awaits review."""
    from lordspress.models import OutboundEmail, User

    editors = (
        User.objects.filter(is_active=True, is_staff=True, groups__name="Editors")
        .values_list("email", flat=True)
        .distinct()
    )
    for address in editors:
        outbox_queue(
            kind="articles.review",
            to=address,
            context={"article_id": article.pk},
            priority=OutboundEmail.Priority.EDITORIAL,
        )


def article_publish(*, article: Article, user, publish_at=None) -> Article:
    """Publish now, or at ``publish_at`` (a schedule), keeping an existing schedule."""
    if not user_can_publish(user):
        raise PermissionDenied("Only editors may publish.")
    article.status = Article.Status.PUBLISHED
    if publish_at is not None:
        article.publish_at = publish_at
    return article_save(article=article, user=user)


def article_unpublish(*, article: Article, user) -> Article:
    """Take an article off the site; it returns to the drafts."""
    if not user_can_publish(user):
        raise PermissionDenied("Only editors may unpublish.")
    article.status = Article.Status.DRAFT
    return article_save(article=article, user=user)
