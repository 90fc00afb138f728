"""Google tag with Consent Mode v2, when the site settings name a tag.

The tag is gated like any other script (basic consent mode: Google's code is not fetched
before consent). Before it, ``consent-early.js`` sets all seven consent signals to denied,
and every choice sends an update derived from the visitor's categories with this mapping.
"""

from consent.registry import current_registry

GOOGLE_SERVICE_KEY = "google-tag"

# Consent Mode v2 signal -> our category. security_storage is never granted: the journal
# uses Google for measurement only, never for sign-in or fraud prevention.
SIGNALS = {
    "ad_storage": "marketing",
    "ad_user_data": "marketing",
    "ad_personalization": "marketing",
    "analytics_storage": "analytics",
    "functionality_storage": "preferences",
    "personalization_storage": "preferences",
    "security_storage": None,
}


def google_tag() -> dict | None:
    """The configured tag, if the published registry declares it (else it is never loaded:
    readers cannot consent to what they were not told about)."""
    from lordspress.chrome.selectors import site_chrome

    tag_id = getattr(site_chrome().settings, "google_tag_id", "")
    if not tag_id:
        return None
    service = current_registry().service(GOOGLE_SERVICE_KEY)
    if service is None:
        return None
    return {
        "id": tag_id,
        "service": service.key,
        "category": service.category,
        "signals": SIGNALS,
    }
