"""Sponsors' writes: saving one (its logo re-encoded and bounded) and telling the chrome."""

from django.db import transaction

from lordspress.core import dates
from lordspress.core.cache import site_chrome_invalidate
from lordspress.core.images import is_new_upload, replace_with_reencoded
from lordspress.sponsors.models import Sponsor

SPONSOR_LOGO_BOX = (480, 240)


@transaction.atomic
def sponsor_save(*, sponsor: Sponsor) -> Sponsor:
    """Save a sponsor; a newly uploaded logo is re-encoded to fit 480×240."""
    if is_new_upload(sponsor.logo):
        width, height = SPONSOR_LOGO_BOX
        replace_with_reencoded(sponsor.logo, max_width=width, max_height=height)
    # A first or last day outside the editorial range: ValidationError, nothing saved.
    stored = Sponsor.objects.filter(pk=sponsor.pk).first() if sponsor.pk else None
    dates.check_editorial_dates(sponsor, previous=stored)
    sponsor.save()
    transaction.on_commit(site_chrome_invalidate)
    return sponsor
