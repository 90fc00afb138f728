"""A deployment check for security.txt's expiry, which no test of a fixed date can see."""

from datetime import timedelta

from django.conf import settings
from django.core import checks
from django.utils import timezone


@checks.register(checks.Tags.security, deploy=True)
def security_txt_expiry(app_configs, **kwargs):
    """RFC 9116 section 2.5.5: an expired security.txt is not to be trusted, and one more than
    a year ahead is discouraged (it goes stale)."""
    if not settings.SECURITY_TXT_EXPIRES:
        return []  # the default rolls forward every day
    from lordspress.chrome.views import security_txt_expires

    expires, now = security_txt_expires(), timezone.now()
    if expires <= now:
        problem = "has passed: clients will ignore /.well-known/security.txt"
    elif expires > now + timedelta(days=366):
        problem = "is more than a year ahead (RFC 9116 recommends less, so it stays current)"
    else:
        return []
    return [
        checks.Warning(
            f"SECURITY_TXT_EXPIRES={settings.SECURITY_TXT_EXPIRES} {problem}.",
            hint="Set a date under a year ahead, or leave it empty for a rolling 180 days.",
            id="lordspress.W010",
        )
    ]
