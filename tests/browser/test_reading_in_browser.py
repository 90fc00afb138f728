"""Reading pages in a real browser: accessible (axe-core, WCAG 2.2 AA and best practice, on
every kind of page a reader or member can open), usable by keyboard, and laid out without
sideways scrolling down to 320 px."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests import factories
from tests.browser.axe import axe_violations
from tests.journal import build_journal

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 320]
MEMBER_EMAIL = "axe.member@example.org"
MEMBER_PASSWORD = "correct horse battery"  # tests.factories.UserFactory's

# URL names that are not pages a person reads, and why; every other named URL must be in
# ANONYMOUS_PAGES or MEMBER_PAGES, so a new page is checked by axe without a new test.
NOT_PAGES = {
    "robots": "plain text",
    "sitemap": "XML",
    "sitemap-news": "XML",
    "sitemap-sections": "XML",
    "sitemap-authors": "XML",
    "sitemap-pages": "XML",
    "articles:sitemap-month": "XML",
    "security-txt": "plain text",
    "articles:feed": "XML",
    "articles:feed-atom": "XML",
    "articles:section-feed": "XML",
    "articles:section-feed-atom": "XML",
    "admin-password-change": "Django's admin (staff)",
    "ckeditor_upload": "CKEditor's own upload endpoint (staff)",
    "ckeditor_browse": "CKEditor's own file browser (staff)",
    "newsletter:subscribe": "POST only; errors re-render newsletter:signup",
    "accounts:request-link": "POST only; errors re-render accounts:login",
    "accounts:logout": "POST only, redirects",
    "accounts:delete": "POST only, redirects to accounts:deleted",
    "accounts:export": "a JSON download",
    "consent:save": "POST only, redirects",
    "newsletter:feedback": "POST only: mail providers' webhooks (django-anymail)",
}


def _named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin, tested by Django
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


@pytest.fixture
def journal():
    journal = build_journal(articles=14)
    factories.WeatherReadingFactory()  # the masthead with its weather line
    factories.CategoryFactory(name="Special Reports", slug="special-reports")  # as in the demo
    return journal


@pytest.fixture
def anonymous_pages(journal):
    """URL name -> address, for every page anyone can open (error pages included)."""
    article = journal.articles[0]
    when = timezone.localtime(article.publish_at)
    return {
        "articles:home": "/",
        "articles:home (page 2)": "/?page=2",
        "articles:detail": article.get_absolute_url(),
        "section-or-page (section)": journal.categories[0].get_absolute_url(),
        "section-or-page (page)": "/our-history/",
        "section-or-page (cookie policy)": "/cookie-policy/",
        "articles:search": "/search/?q=succession",
        "articles:search (empty)": "/search/",
        "articles:archive": "/archive/",
        "articles:archive-year": f"/archive/{when:%Y}/",
        "articles:archive-month": f"/archive/{when:%Y}/{when:%m}/",
        "authors:list": "/authors/",
        "articles:byline": journal.authors[0].get_absolute_url(),
        "newsletter:signup": "/newsletter/",
        "newsletter:check-inbox": "/newsletter/check-your-inbox/",
        "newsletter:confirm (bad link)": "/newsletter/confirm/not-a-token/",
        "newsletter:unsubscribe (bad link)": "/newsletter/unsubscribe/not-a-token/",
        "accounts:login": "/accounts/login/",
        "accounts:link-sent": "/accounts/login/link-sent/",
        "accounts:sign-in (bad link)": "/accounts/sign-in/not-a-token/",
        "accounts:set-password (bad link)": "/accounts/password/set/not-a-token/",
        # The token-free addresses a good link redirects to; without one in the session they
        # explain the problem (the member journey checks them with a good link).
        "newsletter:confirm-link": "/newsletter/confirm/",
        "newsletter:unsubscribe-link": "/newsletter/unsubscribe/",
        "accounts:sign-in-link": "/accounts/sign-in/",
        "accounts:set-password-link": "/accounts/password/set/",
        "accounts:password-reset": "/accounts/password/reset/",
        "accounts:password-reset-sent": "/accounts/password/reset/sent/",
        "accounts:deleted": "/accounts/deleted/",
        "consent:settings": "/cookies/settings/",
        "not found": "/no-such-page/",
    }


MEMBER_PAGES = {
    "accounts:home": "/accounts/",
    "accounts:password-change": "/accounts/password/change/",
    "newsletter:welcome": "/newsletter/welcome/",
    "articles:home (signed in)": "/",
}


def _check(page, base, pages) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(base + url)
            problems += axe_violations(page, f"{name} @{width}px")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            if overflow > 0:
                problems.append(f"{name} @{width}px: {overflow}px of sideways scrolling")
    return problems


def test_every_page_passes_axe_with_best_practice_and_fits_narrow_screens(
    page, live_server, anonymous_pages
):
    assert _check(page, live_server.url, anonymous_pages) == []


def test_every_members_page_passes_axe_with_best_practice(page, live_server, journal):
    factories.UserFactory(email=MEMBER_EMAIL)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", MEMBER_EMAIL)
    page.fill("#id_password", MEMBER_PASSWORD)
    page.click("section[aria-labelledby=password-heading] button[type=submit]")
    page.wait_for_url(live_server.url + "/accounts/")
    assert _check(page, live_server.url, MEMBER_PAGES) == []


def test_every_named_page_is_in_the_accessibility_round(anonymous_pages):
    checked = {name.split(" (")[0] for name in [*anonymous_pages, *MEMBER_PAGES]}
    assert _named_urls() - checked - set(NOT_PAGES) == set()
    assert set(NOT_PAGES) <= _named_urls()  # no stale exclusions


def test_keyboard_user_can_skip_to_the_content(page, live_server, journal):
    page.goto(live_server.url + journal.articles[0].get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0; }"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_masthead_clock_keeps_london_time_in_the_browser(page, live_server, journal):
    page.goto(live_server.url + "/")
    text = page.inner_text("[data-london-date]")
    assert text.count(",") == 2  # "Friday, 12 September, 2025"
    assert page.inner_text("[data-london-time]").endswith(("AM", "PM"))
