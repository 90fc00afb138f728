"""The page's script never deletes a cookie the site runs on, whatever the registry says.

consent.js deletes refused first-party cookies itself (the server cannot name some of them),
matching the registry's patterns against ``document.cookie``. With ``*`` or ``lp_*`` in an
optional purpose it deleted the CSRF token (every form then failed) and the consent cookie
(the reader was asked again on the next page). The server now sends the names it never
expires (``PublishedRegistry.may_expire``, ``keep`` in the page's configuration) and the
script follows them; tests/test_consent_cookie_expiry.py holds the server's side.
"""

import pytest

from tests.consent_support import consent_cookie, publish_around_the_checks
from tests.journal import build_journal

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_page_script_keeps_the_sites_cookies_under_hostile_patterns(page, live_server):
    build_journal(articles=1, with_images=False)
    publish_around_the_checks(["*", "lp_*", "csrf*", "django_*", "*_*", "csrftoken"])
    refused_everything = consent_cookie()  # a valid choice that allows nothing optional
    site = {"url": live_server.url, "sameSite": "Lax"}
    page.context.add_cookies(
        [
            {**site, "name": "lp_consent", "value": refused_everything},
            {**site, "name": "csrftoken", "value": "a" * 32},
            {**site, "name": "django_language", "value": "en-gb"},
            {**site, "name": "tracker", "value": "1"},
            {**site, "name": "_ga_1", "value": "1"},
            {**site, "name": "lp_demo_stats", "value": "0123456789abcdef"},
        ]
    )
    page.goto(live_server.url + "/")  # consent.js (deferred) has run when "load" fires
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    # What the hostile patterns match and the reader refused is gone (the script ran)…
    assert not {"tracker", "_ga_1", "lp_demo_stats"} & set(cookies), cookies
    # …but not the site's own cookies: forms still work and the choice is remembered.
    assert cookies.get("csrftoken") == "a" * 32
    assert cookies.get("django_language") == "en-gb"
    assert cookies.get("lp_consent") == refused_everything
    page.reload()
    assert not page.is_visible("#consent-banner")
