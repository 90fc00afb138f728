"""Static pages' writes: saving one keeps its old address and tells the chrome."""

from django.db import transaction

from lordspress.core.cache import site_chrome_invalidate
from lordspress.core.services import keep_old_addresses
from lordspress.pages.models import Page


@transaction.atomic
def page_save(*, page: Page) -> Page:
    """Save a static page (the change form, a revert, the order in the list): its old
    address keeps leading to it (``keep_old_addresses``)."""
    previous = Page.objects.select_for_update().filter(pk=page.pk).first() if page.pk else None
    page.save()
    keep_old_addresses(previous=previous, obj=page)
    transaction.on_commit(site_chrome_invalidate)
    return page
