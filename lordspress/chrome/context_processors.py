from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from lordspress.chrome.selectors import site_chrome


def site(request):
    """Values every public template may use; the chrome is loaded only if a template asks."""
    return {
        "chrome": SimpleLazyObject(site_chrome),
        "site_name": settings.SITE_NAME,
        "london_now": timezone.localtime(),
        "archive_free_days": settings.ARCHIVE_FREE_DAYS,
    }
