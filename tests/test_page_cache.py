"""The page cache for anonymous readers (lordspress/core/page_cache.py): it answers without
rendering, never keeps what was made for a member or what sets a cookie, and every event that
changes a public page makes what it kept out of date at once (the public version,
lordspress/core/cache.py). And the frame of a page is read from the cache once per request."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import (
    article_publish,
    article_save,
    article_unpublish,
    category_save,
    correction_delete,
    correction_save,
)
from authors.services import author_save
from consent.models import ConsentSettings
from consent.services import consent_settings_save, policy_version_publish
from lordspress.core.cache import public_cache, public_version
from lordspress.pages.services import page_save
from lordspress.sponsors.services import sponsor_save
from lordspress.weather.services import weather_refresh
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def version(db):
    """A site that has served before: with no public version yet (a cold cache) the first
    anonymous request is let through, neither checked nor kept."""
    return public_version()


@pytest.fixture
def renders():
    """How many times a template named ``base.html`` was rendered (one per page)."""
    count = {"pages": 0}

    def record(sender, template, **kwargs):
        if template.name == "base.html":
            count["pages"] += 1

    template_rendered.connect(record, dispatch_uid="test-page-cache")
    yield count
    template_rendered.disconnect(dispatch_uid="test-page-cache")


@pytest.fixture
def article(db):
    return factories.ArticleFactory(headline="The heralds’ visitation of Cheshire")


def test_a_second_anonymous_reader_is_answered_from_the_cache(client, article, renders):
    url = article.get_absolute_url()
    first = client.get(url)
    assert renders["pages"] == 1
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)
    assert renders["pages"] == 1 and len(queries) == 0
    assert second.status_code == 200 and second.content == first.content
    for header in ("Content-Type", "Cache-Control", "CDN-Cache-Control", "ETag"):
        assert second[header] == first[header], header
    assert second["Content-Length"] == str(len(first.content))
    assert "Content-Security-Policy" in second and "X-Frame-Options" in second
    assert not second.cookies
    head = Client().head(url)
    assert head.status_code == 200 and head.content == b"" and renders["pages"] == 1


def test_the_cache_keys_on_the_query_and_the_host(client, article, renders):
    client.get("/")
    client.get("/?page=1")
    client.get("/", HTTP_HOST="localhost")
    assert renders["pages"] == 3
    client.get("/?page=1")
    assert renders["pages"] == 3


def test_with_page_cache_seconds_zero_nothing_is_kept(client, article, renders, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    client.get("/")
    assert renders["pages"] == 2


def _members_report():
    return factories.ArticleFactory(
        kind=Article.Kind.SPECIAL_REPORT,
        headline="The order of precedence at the coronation",
        body="".join(f"<p>Paragraph {n} of the report.</p>" for n in range(8))
        + "<p>SENTINEL the whole text.</p>",
    )


@pytest.mark.parametrize("member_first", [True, False])
def test_a_members_page_is_never_served_from_the_cache_to_anyone_else(member_first, renders):
    report = _members_report()
    url = report.get_absolute_url()
    member = Client()
    member.force_login(factories.UserFactory())
    anonymous = Client()
    order = [member, anonymous, member, anonymous] if member_first else [anonymous, member] * 2
    for reader in order:
        html = reader.get(url).content.decode()
        if reader is member:
            assert "SENTINEL" in html, "the member reads the whole report"
        else:
            assert "SENTINEL" not in html, "a member's page reached an anonymous reader"
    # The member's two requests were both rendered; the anonymous reader's second was not.
    assert renders["pages"] == 3


def test_a_request_with_a_session_cookie_is_never_answered_from_the_cache(article, renders):
    Client().get("/")
    stranger = Client()
    stranger.cookies["sessionid"] = "not-a-session"
    stranger.get("/")
    flagged = Client()
    flagged.cookies["lp_signed_in"] = "1"
    response = flagged.get("/")
    assert renders["pages"] == 3
    # The stale flag (no session) is deleted, so the reader's next page comes from the cache.
    assert response.cookies["lp_signed_in"]["max-age"] == 0
    assert "public" not in response["Cache-Control"]


def _sets_a_cookie(request):
    response = HttpResponse(f"<p>{Article.objects.count()} articles</p>")
    response.set_cookie("csrftoken", "x" * 32)  # strictly necessary: consent keeps it
    return response


def _varies(request):
    response = HttpResponse("<p>varies</p>")
    response["Vary"] = "Accept-Language"
    return response


def _private(request):
    response = HttpResponse("<p>private</p>")
    response["Cache-Control"] = "private"
    return response


def _not_found(request):
    return HttpResponse("<p>gone</p>", status=404)


def _urls():
    from lordspress.urls import urlpatterns

    return [
        path("t/cookie/", public_cache(_sets_a_cookie)),
        path("t/vary/", public_cache(_varies)),
        path("t/private/", public_cache(_private)),
        path("t/404/", public_cache(_not_found)),
        *urlpatterns,
    ]


urlpatterns = _urls()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/t/cookie/", "/t/vary/", "/t/private/", "/t/404/"])
def test_no_response_that_sets_a_cookie_or_is_not_a_public_200_is_kept(client, url):
    client.get(url)
    assert caches["pages"].get_many([]) == {}
    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    if url == "/t/cookie/":
        assert len(queries) == 1  # rendered again
    store = caches["pages"]
    assert not [key for key in store._cache if ":page:" in key or ":mark:" in key]


# --- Invalidation: every event that changes a public page ----------------------------------


def _editor():
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def _publish(on_commit, article):
    draft = factories.ArticleFactory(headline="NEWS a herald is appointed", status="draft")
    on_commit(article_publish, article=draft, user=_editor())
    return "/", "NEWS a herald is appointed"


def _unpublish(on_commit, article):
    on_commit(article_unpublish, article=article, user=_editor())
    return "/", None  # the headline is gone


def _edit_live(on_commit, article):
    article.headline = "NEWS a corrected headline"
    on_commit(article_save, article=article, user=_editor())
    return article.get_absolute_url(), "NEWS a corrected headline"


def _correction(on_commit, article):
    correction = Correction(article=article, text="NEWS the date was wrong")
    on_commit(correction_save, correction=correction)
    return article.get_absolute_url(), "NEWS the date was wrong"


def _correction_deleted(on_commit, article):
    correction = factories.CorrectionFactory(article=article, text="NEWS the date was wrong")
    return article.get_absolute_url(), ("delete", correction)


def _section(on_commit, article):
    section = article.category
    section.name = "NEWS Heraldry"
    on_commit(category_save, category=section)
    return article.get_absolute_url(), "NEWS Heraldry"


def _byline(on_commit, article):
    author = article.author
    author.name = "NEWS R.H."
    on_commit(author_save, author=author)
    return article.get_absolute_url(), "NEWS R.H."


def _sponsor(on_commit, article):
    sponsor = factories.SponsorFactory.build(name="NEWS Coutts")
    on_commit(sponsor_save, sponsor=sponsor)
    return "/", "NEWS Coutts"


def _page(on_commit, article):
    page = factories.PageFactory.build(
        title="NEWS Our History", slug="history", show_in_footer=True
    )
    on_commit(page_save, page=page)
    return "/", "NEWS Our History"


def _policy(on_commit, article):
    on_commit(policy_version_publish, banner_text="NEWS We use few cookies.")
    return "/", "NEWS We use few cookies."


def _google_tag(on_commit, article):
    from consent.models import Service

    Service.objects.create(
        key="google-tag",
        name="Google Analytics",
        category_id="analytics",
        provider="Google",
        party="third",
        purpose="Statistics about visits.",
    )
    on_commit(policy_version_publish, banner_text="With Google.")
    Client().get("/")  # kept again, with the policy but no tag
    row = ConsentSettings.load()
    row.google_tag_id = "G-NEWS1234"
    on_commit(consent_settings_save, consent_settings=row)
    return "/", "G-NEWS1234"


EVENTS = {
    "publish": _publish,
    "unpublish": _unpublish,
    "edit of a live article": _edit_live,
    "correction": _correction,
    "section edit": _section,
    "byline edit": _byline,
    "sponsor edit": _sponsor,
    "page edit": _page,
    "cookie policy published": _policy,
    "Google tag set": _google_tag,
}


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_change_reaches_the_kept_page_at_once(event, article, on_commit, renders):
    urls = ["/", article.get_absolute_url()]
    before = {url: Client().get(url).content.decode() for url in urls}
    Client().get("/")
    assert renders["pages"] == 2  # kept
    url, expected = EVENTS[event](on_commit, article)
    html = Client().get(url).content.decode()
    if expected is None:
        assert article.headline in before[url] and article.headline not in html
    else:
        assert expected not in before[url] and expected in html


def test_a_correction_deleted_leaves_the_kept_page_at_once(article, on_commit):
    correction = factories.CorrectionFactory(article=article, text="The date was wrong")
    url = article.get_absolute_url()
    assert "The date was wrong" in Client().get(url).content.decode()
    on_commit(correction_delete, correction=correction)
    assert "The date was wrong" not in Client().get(url).content.decode()


def test_site_settings_saved_in_the_admin_reach_the_kept_page(editor_client, article):
    from lordspress.sitesettings.models import SiteSettings

    assert "NEWS Pall Mall" not in Client().get("/").content.decode()
    row = SiteSettings.load()
    data = {
        field: getattr(row, field)
        for field in (
            "tagline",
            "newsletter_heading",
            "newsletter_text",
            "sponsors_heading",
            "postal_address",
            "contact_email",
        )
    }
    response = editor_client.post(
        "/admin/sitesettings/sitesettings/1/change/",
        {**data, "masthead_location": "NEWS Pall Mall"},
    )
    assert response.status_code == 302
    assert "NEWS Pall Mall" in Client().get("/").content.decode()


def test_corrections_saved_in_the_admin_reach_the_kept_page(editor_client, article, on_commit):
    url = article.get_absolute_url()
    assert "NEWS misdated" not in Client().get(url).content.decode()
    response = on_commit(
        editor_client.post,
        "/admin/articles/correction/add/",
        {
            "article": article.pk,
            "published_on": timezone.localdate().isoformat(),
            "text": "NEWS misdated",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "NEWS misdated" in Client().get(url).content.decode()


def test_a_schedule_falling_due_reaches_the_kept_page(article, editor):
    when = timezone.now() + timedelta(hours=1)
    draft = factories.ArticleFactory(headline="NEWS Rouge Dragon named", status="draft")
    article_publish(article=draft, user=editor, publish_at=when)
    from lordspress.core.cache import site_content_changed

    site_content_changed()  # the service's on_commit, as when it commits
    assert "NEWS Rouge Dragon named" not in Client().get("/").content.decode()
    assert "NEWS Rouge Dragon named" not in Client().get("/").content.decode()
    with time_machine.travel(when + timedelta(seconds=1)):
        assert "NEWS Rouge Dragon named" in Client().get("/").content.decode()


def test_a_new_weather_reading_reaches_the_kept_page(article, fake_provider, on_commit):
    factories.WeatherReadingFactory(condition="light rain")
    assert "light rain" in Client().get("/").content.decode()
    fake_provider.reply(file="openweathermap_current.json")
    assert on_commit(weather_refresh).status == "stored"
    html = Client().get("/").content.decode()
    assert "broken clouds" in html and "light rain" not in html


def test_a_deploy_makes_every_kept_page_out_of_date(article, renders, monkeypatch):
    from lordspress.core import cache as core_cache

    Client().get("/")
    Client().get("/")
    assert renders["pages"] == 1
    monkeypatch.setattr(core_cache, "_build", (0.0, 1, "another-build"))
    Client().get("/")
    assert renders["pages"] == 2


# --- The frame, once per request ------------------------------------------------------------


@pytest.fixture
def round_trips(monkeypatch):
    """Calls to the default cache's reading methods (one get_many is one round trip)."""
    calls = []
    store = caches["default"]
    for name in ("get", "get_many", "add", "get_or_set", "incr"):
        original = getattr(store, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            inside = getattr(store, "_inside", False)
            if not inside:
                calls.append((_name, args[0] if args else None))
            store._inside = True
            try:
                return _original(*args, **kwargs)
            finally:
                store._inside = inside

        monkeypatch.setattr(store, name, counted)
    return calls


@pytest.fixture
def loads(monkeypatch):
    from consent import google
    from lordspress.chrome import selectors

    counts = {"chrome": 0, "google": 0}
    chrome_load, google_load = selectors._load, google._google_tag

    def chrome():
        counts["chrome"] += 1
        return chrome_load()

    def tag():
        counts["google"] += 1
        return google_load()

    monkeypatch.setattr(selectors, "_load", chrome)
    monkeypatch.setattr(google, "_google_tag", tag)
    return counts


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_frame_is_loaded_once_and_read_in_one_round_trip(
    article, settings, round_trips, loads, signed_in
):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    reader = Client()
    if signed_in:
        reader.force_login(factories.UserFactory())
    url = article.get_absolute_url()
    reader.get(url)  # fills the cache
    assert loads == {"chrome": 1, "google": 1}
    round_trips.clear()
    response = reader.get(url)
    assert response.status_code == 200
    assert loads == {"chrome": 1, "google": 2}  # the tag is worked out once a request
    reads = [call for call in round_trips if call[0] != "get" or "session" not in str(call[1])]
    assert [name for name, _ in reads] == ["get_many"], round_trips


def test_with_no_version_yet_the_first_request_is_neither_checked_nor_kept(article, renders):
    from django.core.cache import caches as all_caches

    all_caches["versions"].clear()
    etag = 'W/"anything"'
    response = Client().get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "ETag" not in response
    Client().get("/")  # the version now exists (the first page made it): kept from here
    Client().get("/")
    assert renders["pages"] == 2
