"""Reading pages in a real browser: accessible (axe-core, WCAG 2 AA), usable by keyboard,
and laid out without sideways scrolling down to 320 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories
from tests.journal import build_journal

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 320]


@pytest.fixture
def urls():
    journal = build_journal(articles=14)
    factories.WeatherReadingFactory()  # the masthead with its weather line
    return {
        "home": "/",
        "article": journal.articles[0].get_absolute_url(),
        "section": journal.categories[0].get_absolute_url(),
        "search": "/search/?q=succession",
        "archive": "/archive/",
        "page": "/our-history/",
        "author": journal.authors[0].get_absolute_url(),
        "not found": "/no-such-page/",
    }


def test_pages_pass_axe_and_fit_narrow_screens(page, live_server, urls):
    axe = Axe()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in urls.items():
            page.goto(live_server.url + url)
            result = axe.run(
                page,
                options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}},
            )
            for violation in result.response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{name} @{width}px: {violation['id']} {targets}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            if overflow > 0:
                problems.append(f"{name} @{width}px: {overflow}px of sideways scrolling")
    assert problems == []


def test_keyboard_user_can_skip_to_the_content(page, live_server, urls):
    page.goto(live_server.url + urls["article"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0; }"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_masthead_clock_keeps_london_time_in_the_browser(page, live_server, urls):
    page.goto(live_server.url + "/")
    text = page.inner_text("[data-london-date]")
    assert text.count(",") == 2  # "Friday, 12 September, 2025"
    assert page.inner_text("[data-london-time]").endswith(("AM", "PM"))
