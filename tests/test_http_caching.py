"""HTTP caching for people and CDNs (issue 10): anonymous pages are kept by shared caches and
revalidated by browsers, with validators from the public version (lordspress/core/cache.py,
lordspress/core/page_cache.py); a matching validator gets a 304 without rendering, and any
publishing event makes the old one stale at once. Pages made for a session are never offered
to a shared cache and never answered with a 304."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article
from articles.services import article_publish
from lordspress.core.cache import public_version, site_content_changed
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def version(db):
    """A site that has served before: with no public version yet (a cold cache) the first
    anonymous request is let through, neither checked nor kept."""
    return public_version()


@pytest.fixture
def article(db):
    return factories.ArticleFactory(headline="The heralds’ visitation of Cheshire")


@pytest.fixture
def rendered():
    """Templates rendered while a test runs."""
    seen = []

    def record(sender, template, **kwargs):
        seen.append(template.name)

    template_rendered.connect(record, dispatch_uid="test-http-caching")
    yield seen
    template_rendered.disconnect(dispatch_uid="test-http-caching")


def _directives(header: str) -> dict[str, str]:
    return {
        part.split("=")[0].strip(): (part.split("=", 1)[1].strip() if "=" in part else "")
        for part in header.split(",")
    }


def test_anonymous_pages_are_for_shared_caches_and_revalidated_by_browsers(client, article):
    response = client.get(article.get_absolute_url())
    directives = _directives(response["Cache-Control"])
    assert "public" in directives
    assert directives["max-age"] == "0"  # a browser asks again before each use
    assert directives["s-maxage"] == "300" and int(directives["stale-if-error"]) > 0
    # Serving a kept copy while asking behind it is for the CDN only (RFC 9213): in
    # Cache-Control a browser would show the page it kept after a publish.
    assert "stale-while-revalidate" not in directives
    cdn = _directives(response["CDN-Cache-Control"])
    assert cdn["max-age"] == "300" and int(cdn["stale-while-revalidate"]) > 0
    assert re.fullmatch(r'W/"[0-9a-f]{24}"', response["ETag"])
    assert "cookie" not in response.get("Vary", "").lower() and not response.cookies


def test_a_matching_etag_gets_a_304_without_rendering_or_querying(client, article, rendered):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    rendered.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and "public" in response["Cache-Control"]
    assert rendered == [] and len(queries) == 0
    # A strong spelling of it, and a list holding it, match too (weak comparison).
    assert client.get(url, HTTP_IF_NONE_MATCH=etag.removeprefix("W/")).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"0000"').status_code == 200


def test_every_page_type_has_its_own_etag(client, article):
    urls = ["/", article.get_absolute_url(), reverse("articles:archive"), "/?page=1"]
    etags = [client.get(url)["ETag"] for url in urls]
    assert len(set(etags)) == len(urls)
    other_host = client.get("/", HTTP_HOST="localhost")["ETag"]
    assert other_host not in etags


def test_after_a_publish_the_old_etag_gets_the_new_page(client, article, editor, on_commit):
    etag = client.get("/")["ETag"]
    draft = factories.ArticleFactory(
        headline="A new herald extraordinary", status=Article.Status.DRAFT
    )
    on_commit(article_publish, article=draft, user=editor)
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "A new herald extraordinary" in response.content.decode()
    assert response["ETag"] != etag
    assert client.get("/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_if_modified_since_answers_304_only_until_the_next_change(client, article):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        site_content_changed()
        first = client.get("/")
        # Changed this very second: a later change in the same second could not be told
        # apart, so no Last-Modified yet.
        assert "Last-Modified" not in first
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        response = client.get("/")
        last_modified = response["Last-Modified"]
        assert client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
        older = http_date((start - timedelta(days=1)).timestamp())
        assert client.get("/", HTTP_IF_MODIFIED_SINCE=older).status_code == 200
        assert client.get("/", HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200
        site_content_changed()  # a publish, in the same second the page was served
    with time_machine.travel(start + timedelta(seconds=4), tick=False):
        assert client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_two_changes_in_one_second_have_different_last_changes(db):
    with time_machine.travel(timezone.now(), tick=False):
        times = [site_content_changed().changed_at for _ in range(3)]
    assert times == sorted(set(times))


def test_a_session_gets_no_304_and_no_shared_caching(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    client.force_login(factories.UserFactory())
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "ETag" not in response and "Last-Modified" not in response
    directives = _directives(response["Cache-Control"])
    assert "private" in directives and "public" not in directives
    assert "CDN-Cache-Control" not in response


def test_a_members_full_text_is_never_stored_anywhere(client):
    report = factories.ArticleFactory(kind=Article.Kind.SPECIAL_REPORT)
    client.force_login(factories.UserFactory())
    response = client.get(report.get_absolute_url())
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("validator", ["HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"])
def test_a_validator_is_believed_only_for_an_address_served_public(client, article, validator):
    """Pages that were never public (the sign-in form, a 404) ignore any validator sent."""
    value = "*" if validator == "HTTP_IF_NONE_MATCH" else http_date(timezone.now().timestamp())
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        for url in ["/accounts/login/", "/no-such-page/", "/accounts/"]:
            response = client.get(url, **{validator: value})
            assert response.status_code != 304, url


def test_the_version_changes_by_itself_when_a_schedule_falls_due(client, article, editor):
    when = timezone.now() + timedelta(hours=2)
    scheduled = factories.ArticleFactory(
        headline="Garter King of Arms retires", status=Article.Status.DRAFT
    )
    article_publish(article=scheduled, user=editor, publish_at=when)
    site_content_changed()  # what the service's on_commit does once committed
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with time_machine.travel(when + timedelta(seconds=1)):
        response = Client().get("/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert "Garter King of Arms retires" in response.content.decode()


def test_the_version_changes_when_an_article_passes_into_the_archive(client, settings):
    settings.ARCHIVE_FREE_DAYS = 90
    published = timezone.now() - timedelta(days=89)
    free = factories.ArticleFactory(publish_at=published, body="<p>One.</p>" * 5)
    site_content_changed()
    url = free.get_absolute_url()
    etag = client.get(url)["ETag"]
    crossing = published + timedelta(days=90, seconds=2)
    assert public_version().due_at <= crossing.timestamp()
    with time_machine.travel(crossing):
        response = Client().get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert "The rest of this article is for members" in response.content.decode()


def test_the_version_changes_at_london_midnight(client, article):
    etag = client.get("/")["ETag"]
    tomorrow = timezone.localtime() + timedelta(days=1)
    with time_machine.travel(tomorrow):
        assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 200


# --- The signed-in flag (lordspress/core/signed_in.py) ----------------------------------------

PASSWORD = "correct horse battery"


def _flag(response):
    morsel = response.cookies.get("lp_signed_in")
    if morsel is None:
        return None
    return "deleted" if morsel["max-age"] == 0 or not morsel.value else morsel.value


def test_signing_in_sets_the_flag_and_signing_out_deletes_it(client, settings):
    member = factories.UserFactory()
    response = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302 and _flag(response) == "1"
    morsel = response.cookies["lp_signed_in"]
    assert not morsel["httponly"] and morsel["samesite"] == "Lax"
    assert int(morsel["max-age"]) == settings.SESSION_COOKIE_AGE
    assert _flag(client.get("/")) is None  # held already: nothing to say
    response = client.post("/accounts/logout/")
    assert _flag(response) == "deleted"


def test_a_stale_flag_is_deleted(client):
    client.cookies["lp_signed_in"] = "1"
    assert _flag(client.get("/")) == "deleted"  # no session at all
    client.cookies["lp_signed_in"] = "1"
    client.cookies["sessionid"] = "a0" * 16  # a session that does not exist (expired)
    assert _flag(client.get("/")) == "deleted"


def test_a_member_whose_flag_expired_gets_it_again(client):
    client.force_login(factories.UserFactory())
    assert _flag(client.get("/")) == "1"


def test_a_request_that_never_reads_its_session_keeps_its_cookies(client):
    client.force_login(factories.UserFactory())
    response = client.get(reverse("articles:feed"))
    assert response.status_code == 200 and _flag(response) is None
