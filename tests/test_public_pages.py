"""Every public page: it renders, sets no cookie, and may be kept by a shared cache."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories
from tests.journal import build_journal

# Named routes that are not anonymous reading pages: staff uploads; form actions (POST);
# pages behind a one-time link or for the signed-in member, which are private by design.
# (tests/test_consent_enforcement.py checks the cookies of every route, these included.)
NOT_PUBLIC_PAGES = {
    "admin-password-change",  # the admin's own page (lordspress/signin_limits.py)
    "ckeditor_upload",
    "ckeditor_browse",
    "newsletter:subscribe",
    "newsletter:confirm",
    "newsletter:confirm-link",
    "newsletter:welcome",
    "newsletter:unsubscribe",
    "newsletter:unsubscribe-link",
    "newsletter:feedback",  # POST only: mail providers' webhooks (django-anymail)
    "accounts:home",
    "accounts:login",
    "accounts:request-link",
    "accounts:link-sent",
    "accounts:sign-in",
    "accounts:sign-in-link",
    "accounts:logout",
    "accounts:set-password",
    "accounts:set-password-link",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-change",
    "accounts:export",
    "accounts:delete",
    "accounts:deleted",
    "consent:save",  # POST only: records a choice and writes the consent cookie
    "consent:settings",  # shows the visitor's own choice, so it is private and never cached
}


def _route_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _route_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


@pytest.fixture
def journal(db):
    return build_journal()


def test_every_public_page_renders_without_cookies_and_is_publicly_cacheable(client, journal):
    problems = []
    for url in journal.public_urls():
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: status {response.status_code}")
            continue
        if response.cookies:
            problems.append(f"{url}: sets cookies {list(response.cookies)}")
        if "cookie" in response.get("Vary", "").lower():
            problems.append(f"{url}: varies on Cookie")
        cache_control = response.get("Cache-Control", "")
        if "public" not in cache_control or "s-maxage=300" not in cache_control:
            problems.append(f"{url}: Cache-Control is {cache_control!r}")
    assert problems == []


@pytest.mark.parametrize("who", ["editor", "member"])
def test_no_page_rendered_for_a_signed_in_person_is_offered_to_a_shared_cache(
    client, journal, who, editor
):
    if who == "editor":
        client.force_login(editor)
    else:
        client.force_login(factories.UserFactory())
    offered = [
        url for url in journal.public_urls() if "public" in client.get(url).get("Cache-Control", "")
    ]
    assert offered == []


def test_the_page_list_covers_every_named_public_route(journal):
    """A new public route must be added to the cookie and privacy tests above."""
    from django.urls import resolve

    covered = {resolve(url.split("?")[0]).view_name for url in journal.public_urls()}
    routes = set(_route_names(get_resolver().url_patterns)) - NOT_PUBLIC_PAGES
    assert routes - covered == set()


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-section/",
        "/2026/13/01/some-article/",
        "/2026/02/30/some-article/",
        "/0000/01/01/some-article/",
        "/2026/01/01/no-such-article/",
        "/archive/0000/",
        "/archive/2026/13/",
        "/archive/1850/",
        "/?page=abc",
        "/?page=0",
        "/?page=99999",
        "/diplomacy/?page=-1",
        "/authors/nobody/",
        "/no-such-section/feed/",
        "/sitemap.xml?p=abc",
        "/sitemap.xml?p=99",
    ],
)
def test_bad_addresses_give_a_styled_404(client, journal, url):
    response = client.get(url)
    assert response.status_code == 404
    if response.get("Content-Type", "").startswith("text/html"):
        assert b"This page is not in our records" in response.content
    assert not response.cookies


def test_a_ten_kilobyte_search_is_shortened_not_refused(client, journal):
    response = client.get("/search/", {"q": "succession " * 1000})
    assert response.status_code == 200
    assert b"only its first 200 characters were used" in response.content


@pytest.mark.parametrize(
    "query",
    [
        "\x01\x7f succession",
        "'; DROP TABLE articles_article; --",
        "&|!():*<>",
        '"unterminated',
        "  ",
    ],
)
def test_absurd_searches_are_answered_calmly(client, journal, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_a_search_with_a_null_character_is_refused_with_a_reason(client, journal):
    """PostgreSQL cannot take NUL in text; the request guard answers before any query
    (lordspress/middleware.py), the same for this search as for every other input."""
    response = client.get("/search/", {"q": "\x00 succession"})
    assert response.status_code == 400
    assert b"The address contains a null character." in response.content


def test_empty_search_invites_a_query(client, journal):
    response = client.get("/search/")
    assert response.status_code == 200
    assert b"Type a name, a title" in response.content


def test_404_page_uses_the_site_design(client, journal):
    response = client.get("/no-such-section/")
    assert b"wordmark" in response.content
    assert b"Search Lord" in response.content


def test_500_page_renders_without_request_or_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"A fault on our side" in response.content


def test_a_public_response_that_turns_out_personal_is_sent_private(rf):
    """The safety net: "public" plus a cookie or Vary: Cookie must never reach a shared cache."""
    from django.http import HttpResponse

    from lordspress.core.cache import SharedCacheGuardMiddleware, public_cache

    @public_cache
    def sets_a_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("sessionid", "abc")
        return response

    @public_cache
    def varies_on_cookie(request):
        response = HttpResponse("hello")
        response["Vary"] = "Cookie"
        return response

    @public_cache
    def anonymous(request):
        return HttpResponse("hello")

    for view in (sets_a_cookie, varies_on_cookie):
        response = SharedCacheGuardMiddleware(view)(rf.get("/"))
        assert "public" not in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    assert "public" in SharedCacheGuardMiddleware(anonymous)(rf.get("/"))["Cache-Control"]
