"""Site-wide operations used by the admin and the seed command."""

from django.db import transaction

from lordspress.chrome import site_chrome_invalidate
from lordspress.images import replace_with_reencoded
from lordspress.models import Sponsor

SPONSOR_LOGO_BOX = (480, 240)


@transaction.atomic
def sponsor_save(*, sponsor: Sponsor) -> Sponsor:
    """Save a sponsor; a newly uploaded logo is re-encoded to fit 480×240."""
    if sponsor.logo and not sponsor.logo._committed:
        width, height = SPONSOR_LOGO_BOX
        replace_with_reencoded(sponsor.logo, max_width=width, max_height=height)
    sponsor.save()
    transaction.on_commit(site_chrome_invalidate)
    return sponsor
