"""Byline operations."""

from django.db import transaction

from authors.models import Author
from lordspress.core.cache import site_content_changed
from lordspress.core.images import is_new_upload, replace_with_reencoded
from lordspress.core.services import keep_old_addresses

PORTRAIT_WIDTH = 480


@transaction.atomic
def author_save(*, author: Author) -> Author:
    """Save a byline; a newly uploaded portrait is re-encoded without metadata, and its old
    page address keeps leading to it (``keep_old_addresses``)."""
    previous = (
        Author.objects.select_for_update().filter(pk=author.pk).first() if author.pk else None
    )
    if is_new_upload(author.portrait):
        replace_with_reencoded(author.portrait, max_width=PORTRAIT_WIDTH)
    author.save()
    keep_old_addresses(previous=previous, obj=author)
    transaction.on_commit(site_content_changed)  # its name is on cards, articles and its page
    return author
