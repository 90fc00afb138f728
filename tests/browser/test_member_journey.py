"""A new reader's journey in a real browser, as the issue describes it: subscribe from the
home page, confirm from the email, receive the credentials, set a password, sign out, sign in
again and read a special report in full; a private window sees only the teaser."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

SENTINEL = "the registers of the Imperial Diet were never returned"


@pytest.fixture
def special_report():
    section = factories.CategoryFactory(name="Special Reports", slug="special-reports")
    return factories.ArticleFactory(
        headline="Who keeps the record?",
        slug="who-keeps-the-record",
        kind=Article.Kind.SPECIAL_REPORT,
        category=section,
        body=(
            "<p>A handful of states still regulate noble status.</p>"
            "<p>[members-only]</p>"
            f"<p>In Vienna, {SENTINEL}.</p>"
        ),
    )


def _link(path_part: str) -> str:
    for message in reversed(mail.outbox):
        match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path_part) + r"\S*)", message.body)
        if match:
            return match.group(1)
    raise AssertionError(f"no email with a link to {path_part}")


def test_a_new_reader_subscribes_confirms_sets_a_password_and_reads_in_full(
    browser, page, live_server, special_report
):
    base = live_server.url
    page.goto(f"{base}/")
    page.fill("#box-email", "new.reader@example.org")
    page.fill("#box-name", "Augusta")
    page.check("#box-newsletter")
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # a person takes time
        page.click(".newsletter-box button[type=submit]")
        page.wait_for_url(f"{base}/newsletter/check-your-inbox/")
    assert "Check your inbox" in page.inner_text("h1")
    assert mail.outbox[-1].subject == "Please confirm your subscription to Lord’s Press"

    page.goto(base + _link("/newsletter/confirm/"))
    problems = axe_violations(page, "confirm (valid link)")  # pages only this journey reaches
    page.click("text=Confirm my subscription")
    page.wait_for_url(f"{base}/newsletter/welcome/")
    assert "new.reader@example.org" in page.inner_text("main")
    credentials = mail.outbox[-1]
    assert credentials.subject == "Your Lord’s Press login credentials"
    assert "Login name: new.reader@example.org" in credentials.body

    page.goto(base + _link("/accounts/password/set/"))
    problems += axe_violations(page, "set password (valid link)")
    page.fill("#id_new_password1", "Garter King of Arms 1415")
    page.fill("#id_new_password2", "Garter King of Arms 1415")
    page.click("text=Set my password")
    page.wait_for_url(f"{base}/accounts/")
    page.click("text=Sign out")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "new.reader@example.org")
    page.fill("#id_password", "Garter King of Arms 1415")
    page.click("section[aria-labelledby=password-heading] button[type=submit]")
    page.wait_for_url(f"{base}/accounts/")

    page.goto(base + special_report.get_absolute_url())
    assert SENTINEL in page.inner_text(".article__body")
    assert page.locator(".members-panel").count() == 0

    private_window = browser.new_context()
    anonymous = private_window.new_page()
    anonymous.goto(base + special_report.get_absolute_url())
    assert SENTINEL not in anonymous.content()
    assert "The rest of this article is for members" in anonymous.inner_text(".members-panel")
    problems += axe_violations(anonymous, "members-only teaser")
    private_window.close()
    assert problems == []
