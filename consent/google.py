"""Google tag with Consent Mode v2, when the consent settings name a tag.

The tag is gated like any other script (basic consent mode: Google's code is not fetched
before consent). Before it, ``consent-early.js`` sets all seven consent signals to denied,
and every choice sends an update derived from the visitor's categories with this mapping.
"""

from consent.models import ConsentSettings
from consent.registry import current_registry
from lordspress.core.cache import (
    frame_key,
    per_request,
    shared_delete,
    site_content_changed,
    versioned_get,
    versioned_set,
)

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


_TAG_ID_KEY = frame_key("consent:google-tag-id:v2")
_TAG_ID_SECONDS = 300


def google_tag_id() -> str:
    """The tag ID the consent settings name ("" for none), kept in the cache: pages ask for
    it on every request. ``google_tag_id_invalidate`` is called when the settings change."""
    tag_id = versioned_get(_TAG_ID_KEY)
    if tag_id is None:
        tag_id = ConsentSettings.load().google_tag_id
        versioned_set(_TAG_ID_KEY, tag_id, _TAG_ID_SECONDS)
    return tag_id


def google_tag_id_invalidate() -> None:
    """The tag changed: every page's scripts and policy with it (a new public version)."""
    shared_delete(_TAG_ID_KEY)
    site_content_changed()


def google_tag_declared() -> bool:
    """Whether the published registry declares the Google tag's service: a tag ID may be
    set only then (``consent_settings_save``)."""
    return current_registry().service(GOOGLE_SERVICE_KEY) is not None


def google_tag() -> dict | None:
    """The configured tag, if the published registry declares it (else it is never loaded:
    readers cannot consent to what they were not told about). Worked out once per request
    (the page and the policy header both ask)."""
    return per_request("consent-google-tag", _google_tag)


def _google_tag() -> dict | None:
    tag_id = google_tag_id()
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
