from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from lordspress.chrome.selectors import site_chrome
from lordspress.core.cache import has_session


def _signed_in(request) -> bool:
    """Only a request with a session can be signed in; without one the session is never
    touched, so the anonymous page stays the same for everyone (and cacheable)."""
    if not has_session(request):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def site(request):
    """Values every public template may use; the chrome is loaded only if a template asks.

    ``signed_in`` renders a member's masthead on the pages made for their session (never
    cached); on the anonymous pages everyone shares, the page's script shows it instead
    (``static/js/site.js``, from the signed-in flag: ``lordspress.core.signed_in``).
    """
    return {
        "chrome": SimpleLazyObject(site_chrome),
        "site_name": settings.SITE_NAME,
        "london_now": timezone.localtime(),
        "archive_free_days": settings.ARCHIVE_FREE_DAYS,
        "signed_in": SimpleLazyObject(lambda: _signed_in(request)),
    }
