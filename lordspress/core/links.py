"""Absolute addresses on the site's canonical host: the one helper (issue 9).

Pages, feeds, sitemaps, structured data and every email link to the site through
``absolute_url``, so all of them name the same host (``SITE_URL``, from the environment)
whatever host a request came in on.
"""

from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """``"/heraldry/"`` → ``"https://lordspress.example/heraldry/"``; an address that is
    absolute already (``http://`` or ``https://``) is returned as it is."""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.SITE_URL + path_or_url
