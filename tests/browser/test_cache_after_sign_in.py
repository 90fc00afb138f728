"""A reader reads a special report's teaser, signs in, and goes back to it: Chromium shows the
whole report, not the teaser it kept (anonymous pages may be kept for PUBLIC_CACHE_SECONDS;
signing in sends ``Clear-Site-Data: "cache"``, lordspress/cache.py). Signing out likewise
leaves no member's page to be shown again from the cache."""

import pytest

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

SENTINEL = "the registers of the Imperial Diet were never returned"


def test_a_reader_who_signs_in_sees_the_whole_report_not_the_kept_teaser(page, live_server):
    report = factories.ArticleFactory(
        kind=Article.Kind.SPECIAL_REPORT,
        body="".join(f"<p>Paragraph {n} on the Diet of Regensburg.</p>" for n in range(1, 9))
        + f"<p>In Vienna, {SENTINEL}.</p>",
    )
    member = factories.UserFactory(email="member@example.org")
    address = live_server.url + report.get_absolute_url()

    first = page.goto(address)
    assert "public" in first.headers["cache-control"]  # the browser may keep it
    assert SENTINEL not in page.inner_text("main")
    kept = page.goto(address)
    assert kept.request.headers.get("cookie") is None
    assert SENTINEL not in page.inner_text("main")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", member.email)
    page.fill("#id_password", "correct horse battery")
    page.click("section[aria-labelledby=password-heading] button[type=submit]")
    page.wait_for_url(live_server.url + "/accounts/")

    page.goto(address)
    assert SENTINEL in page.inner_text("main")

    page.goto(live_server.url + "/accounts/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(address)
    assert SENTINEL not in page.inner_text("main")
