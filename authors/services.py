"""Byline operations."""

from django.db import transaction

from authors.models import Author
from lordspress.images import is_new_upload, replace_with_reencoded

PORTRAIT_WIDTH = 480


@transaction.atomic
def author_save(*, author: Author) -> Author:
    """Save a byline; a newly uploaded portrait is re-encoded without metadata."""
    if is_new_upload(author.portrait):
        replace_with_reencoded(author.portrait, max_width=PORTRAIT_WIDTH)
    author.save()
    return author
