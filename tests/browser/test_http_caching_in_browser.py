"""In Chromium, with the page cache on: a member sees their account and sign-out links (and no
subscribe prompts) on pages whose HTML is the same for everyone, from the strictly necessary
signed-in flag (static/js/site.js, lordspress/core/signed_in.py); without JavaScript the
pages made for their session show it; signing out from the masthead works; and the home
page shows an article the moment an editor publishes it, although the browser keeps it."""

import pytest

from articles.models import Article
from articles.services import article_publish
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def _sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("section[aria-labelledby=password-heading] button[type=submit]")
    page.wait_for_url(live_server.url + "/accounts/")


def _masthead(page):
    account = page.locator(".masthead__account")
    return {
        "subscribe": account.get_by_role("link", name="Subscribe").is_visible(),
        "sign-in": account.get_by_role("link", name="Members’ sign-in").is_visible(),
        "account": account.get_by_role("link", name="Your account").is_visible(),
        "sign-out": account.get_by_role("link", name="Sign out").is_visible(),
        "newsletter box": page.locator(".newsletter-box").is_visible(),
    }


SIGNED_OUT = {
    "subscribe": True,
    "sign-in": True,
    "account": False,
    "sign-out": False,
    "newsletter box": True,
}
SIGNED_IN = {
    "subscribe": False,
    "sign-in": False,
    "account": True,
    "sign-out": True,
    "newsletter box": False,
}


def test_a_member_sees_the_signed_in_masthead_on_shared_pages(page, live_server):
    article = factories.ArticleFactory(headline="The Earl Marshal’s warrant")
    member = factories.UserFactory(email="member@example.org")
    address = live_server.url + article.get_absolute_url()

    page.goto(address)
    assert _masthead(page) == SIGNED_OUT
    kept = page.goto(address)  # the anonymous page, now from the page cache
    assert "public" in kept.headers["cache-control"]

    _sign_in(page, live_server, member.email)
    flag = next(c for c in page.context.cookies() if c["name"] == "lp_signed_in")
    assert flag["value"] == "1" and not flag["httpOnly"]
    page.goto(address)
    assert _masthead(page) == SIGNED_IN
    page.goto(live_server.url + "/")
    assert _masthead(page) == SIGNED_IN

    # The masthead's "Sign out" signs out (a POST with the CSRF cookie's token).
    page.locator(".masthead__account").get_by_role("link", name="Sign out").click()
    page.wait_for_url(live_server.url + "/")
    assert _masthead(page) == SIGNED_OUT
    assert not [c for c in page.context.cookies() if c["name"] in {"lp_signed_in", "sessionid"}]
    page.goto(address)
    assert _masthead(page) == SIGNED_OUT


def test_the_script_shows_the_signed_in_look_on_the_shared_html(page, live_server):
    """The anonymous page (as a CDN would hand it to a member, flag and all) is not marked
    signed in; the script marks it from the flag."""
    factories.ArticleFactory()
    flag = [{"name": "lp_signed_in", "value": "1", "url": live_server.url}]
    page.context.add_cookies(flag)

    def as_a_cdn_would(route):
        # The site deletes a flag that has no session with it; a CDN's copy would not.
        response = route.fetch()
        page.context.add_cookies(flag)  # the fetch went through the browser's cookie jar
        headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        route.fulfill(response=response, headers=headers)

    page.route(live_server.url + "/", as_a_cdn_would)
    served = page.goto(live_server.url + "/")
    assert "signed-in" not in served.text().split("<head>")[0]
    assert _masthead(page) == SIGNED_IN


def test_without_javascript_a_members_pages_show_the_signed_in_look(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        factories.ArticleFactory()
        member = factories.UserFactory(email="member@example.org")
        page.goto(live_server.url + "/")
        assert _masthead(page) == SIGNED_OUT
        _sign_in(page, live_server, member.email)
        page.goto(live_server.url + "/")
        assert _masthead(page) == SIGNED_IN
        # "Members' sign-in" on a kept anonymous page leads a signed-in reader to the account.
        page.goto(live_server.url + "/accounts/login/")
        assert page.url == live_server.url + "/accounts/"
    finally:
        context.close()


def test_the_home_page_shows_a_new_article_at_once(page, live_server, editor):
    factories.ArticleFactory(headline="Yesterday’s lead")
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/")  # kept by the page cache, and by the browser
    draft = factories.ArticleFactory(
        headline="The new Garter King of Arms", status=Article.Status.DRAFT
    )
    article_publish(article=draft, user=editor)  # commits: the public version changes
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert "The new Garter King of Arms" in page.inner_text("main")
