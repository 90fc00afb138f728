from django.utils.functional import SimpleLazyObject

from consent.ui import consent_ui


def consent(request):
    """What every page needs for the banner, the dialog and gated scripts.

    Built from the published registry only, never from the visitor's cookie, so a public
    page stays the same for every reader (templates must not read ``request.consent``).
    """
    return {"consent_ui": SimpleLazyObject(consent_ui)}
