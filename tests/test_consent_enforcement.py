"""The server enforces consent: no non-essential cookie without consent on any URL, one
record per decision, re-consent after a new policy version or expiry, GPC honoured."""

import logging
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from consent.models import ConsentRecord, Cookie, PolicyVersion
from consent.registry import current_registry
from consent.services import policy_version_publish
from consent.state import decode
from tests.consent_support import (
    CHOICE_URL,
    choose,
    consent_cookie,
    expired_variants,
    necessary_names,
    set_cookie_names,
)
from tests.journal import build_journal

COOKIE = "lp_consent"
Action = ConsentRecord.Action


@pytest.fixture
def journal(db):
    return build_journal(articles=4, with_images=False)


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


# --- No non-essential cookie without consent ------------------------------------------------


def test_no_url_pattern_sets_a_non_essential_cookie_without_consent(client, journal, settings):
    settings.DEBUG = False
    necessary = necessary_names()
    assert {"sessionid", "csrftoken", "messages", COOKIE} <= necessary
    problems, visited = [], set()

    def check(label, response):
        extra = set(set_cookie_names(response)) - necessary
        if extra:
            problems.append(f"{label}: sets {sorted(extra)}")

    gets = [
        *journal.public_urls(),
        "/cookies/settings/",
        "/no-such-page/",
        "/ckeditor/upload/",
        "/ckeditor/browse/",
        "/admin/login/",
        "/admin/password_change/",
        # Members' pages (links with tokens that do not exist answer with a clear page).
        "/newsletter/confirm/not-a-real-token-0123456789/",
        "/newsletter/confirm/",  # where a link's token, moved to the session, is used
        "/newsletter/welcome/",
        "/newsletter/unsubscribe/not-a-real-token-0123456789/",
        "/newsletter/unsubscribe/",
        "/accounts/",
        "/accounts/login/",
        "/accounts/login/link-sent/",
        "/accounts/sign-in/not-a-real-token-0123456789/",
        "/accounts/sign-in/",
        "/accounts/password/set/not-a-real-token-0123456789/",
        "/accounts/password/set/",
        "/accounts/password/reset/",
        "/accounts/password/reset/sent/",
        "/accounts/password/change/",
        "/accounts/data/",
        "/accounts/deleted/",
    ]
    for url in gets:
        check(url, client.get(url))
        visited.add(url)
    for url, data in [
        ("/newsletter/subscribe/", {"email": "reader@example.org"}),
        ("/accounts/login/link/", {"email": "reader@example.org"}),
        ("/accounts/logout/", {}),
        ("/accounts/delete/", {}),
        # A mail provider's webhook (not set up here: a 404, and no cookie either way).
        ("/newsletter/feedback/mailgun/tracking/", {}),
    ]:
        check(f"POST {url}", client.post(url, data))
        visited.add(url)
    for action in ("accept_all", "reject_all", "custom"):
        check(f"POST {action}", choose(Client(), action))
    check("POST gpc", choose(Client(), "gpc", surface="gpc", HTTP_SEC_GPC="1"))
    visited.add(CHOICE_URL)
    # Signing in sets the session and CSRF cookies, which are strictly necessary.
    from tests import factories

    factories.UserFactory(email="reader@example.org", is_staff=True)
    staff = Client(enforce_csrf_checks=False)
    check(
        "admin sign-in",
        staff.post(
            "/admin/login/?next=/admin/",
            {"username": "reader@example.org", "password": "correct horse battery"},
        ),
    )
    assert problems == []

    covered = {resolve(url.split("?")[0]).view_name for url in visited}
    assert set(_routes(get_resolver().url_patterns)) - covered == set()


@pytest.mark.urls("tests.consent_support")
def test_the_middleware_drops_cookies_the_visitor_has_not_allowed(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="consent.middleware"):
        response = client.get("/test-only/sets-cookies/")
    assert set_cookie_names(response) == ["sessionid"]
    assert "tracker_undeclared" in caplog.text and "not declared" in caplog.text

    client.cookies[COOKIE] = consent_cookie(categories=["analytics"], services=["lp-reading-stats"])
    response = client.get("/test-only/sets-cookies/")
    assert sorted(set_cookie_names(response)) == ["lp_demo_stats", "sessionid"]

    # Analytics allowed but the service refused: the service's cookie is still dropped.
    client.cookies[COOKIE] = consent_cookie(categories=["analytics"], services=[])
    assert set_cookie_names(client.get("/test-only/sets-cookies/")) == ["sessionid"]


@pytest.mark.urls("tests.consent_support")
def test_deleting_a_cookie_is_never_blocked(client, db):
    response = client.get("/test-only/deletes-a-cookie/")
    assert ("tracker_undeclared", "", "/") in expired_variants(response)


@pytest.mark.urls("tests.consent_support")
def test_a_public_view_that_reads_consent_is_not_cached_publicly(client, db):
    response = client.get("/test-only/reads-consent/")
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_are_identical_whatever_the_visitor_chose(journal):
    """The banner and dialog are in every page; only the browser decides what to show."""
    urls = [journal.article.get_absolute_url(), "/", "/cookie-policy/", "/archive/"]
    with time_machine.travel(timezone.now(), tick=False):
        anonymous, accepted, gpc = Client(), Client(), Client(HTTP_SEC_GPC="1")
        accepted.cookies[COOKIE] = consent_cookie(
            categories=["analytics"], services=["lp-reading-stats"]
        )
        for url in urls:
            pages = [c.get(url) for c in (anonymous, accepted, gpc)]
            assert pages[0].content == pages[1].content == pages[2].content, url
            for page in pages:
                assert not page.cookies
                assert "public" in page["Cache-Control"]
                assert "cookie" not in page.get("Vary", "").lower()


def test_every_page_carries_the_banner_the_dialog_and_the_footer_link(client, journal):
    for url in [*journal.public_urls()[:3], "/cookie-policy/", "/no-such-page/"]:
        html = client.get(url).content.decode()
        assert 'id="consent-banner"' in html, url
        assert 'role="dialog"' in html, url
        assert 'href="/cookies/settings/"' in html and "Cookie settings" in html, url
        assert 'name="action" value="accept_all"' in html
        assert 'name="action" value="reject_all"' in html
        assert " checked" not in html.split('id="consent-dialog"')[1], "nothing pre-ticked"
        assert 'type="text/plain" data-consent="analytics"' in html


# --- One record per decision --------------------------------------------------------------


def test_accept_all_records_the_choice_and_sets_the_cookie(client, db):
    response = choose(client, "accept_all", data={"next": "/archive/"})
    assert response.status_code == 303
    assert response["Location"] == "/archive/#consent-saved"
    record = ConsentRecord.objects.get()
    assert record.action == Action.ACCEPT_ALL
    assert record.surface == "banner"
    assert record.policy_version.number == current_registry().version
    assert record.choices == {
        "necessary": True,
        "preferences": False,
        "analytics": True,
        "marketing": False,
    }
    assert record.services == {"lp-reading-stats": True}
    assert record.language == "en-gb"
    assert abs(record.created_at - timezone.now()) < timedelta(seconds=5)
    state = decode(response.cookies[COOKIE].value)
    assert state.consent_id == record.consent_id
    assert state.categories == {"analytics"} and state.services == {"lp-reading-stats"}
    morsel = response.cookies[COOKIE]
    assert morsel["samesite"] == "Lax" and morsel["path"] == "/"
    assert int(morsel["max-age"]) == 183 * 24 * 3600
    assert "no-store" in response["Cache-Control"]


def test_records_hold_no_ip_address_or_user_agent(client, db):
    choose(client, "reject_all", HTTP_USER_AGENT="Mozilla/5.0 Sentinel", REMOTE_ADDR="203.0.113.9")
    record = ConsentRecord.objects.values().get()
    assert set(record) == {
        "id",
        "consent_id",
        "created_at",
        "policy_version_id",
        "action",
        "surface",
        "choices",
        "services",
        "language",
    }
    assert "203.0.113" not in str(record) and "Sentinel" not in str(record)


def test_each_action_writes_exactly_one_record_under_one_consent_id(client, db):
    steps = [
        (lambda: choose(client, "reject_all"), Action.REJECT_ALL, "banner"),
        (
            lambda: choose(client, "custom", services=["lp-reading-stats"], surface="dialog"),
            Action.CUSTOM,
            "dialog",
        ),
        (lambda: choose(client, "accept_all", surface="dialog"), Action.ACCEPT_ALL, "dialog"),
        (
            lambda: choose(client, "reject_all", surface="settings_page"),
            Action.WITHDRAW,
            "settings_page",
        ),
    ]
    for count, (step, action, surface) in enumerate(steps, start=1):
        step()
        assert ConsentRecord.objects.count() == count
        latest = ConsentRecord.objects.order_by("-id").first()
        assert (latest.action, latest.surface) == (action, surface)
    assert ConsentRecord.objects.values("consent_id").distinct().count() == 1
    custom = ConsentRecord.objects.get(action=Action.CUSTOM)
    assert custom.choices["analytics"] is True
    assert custom.services == {"lp-reading-stats": True}


def test_a_ticked_category_without_its_services_allows_them_all(client, db):
    choose(client, "custom", categories=["analytics"], surface="settings_page")
    state = decode(client.cookies[COOKIE].value)
    assert state.categories == {"analytics"} and state.services == {"lp-reading-stats"}


def test_saving_with_nothing_ticked_refuses_everything(client, db):
    choose(client, "custom", surface="dialog")
    record = ConsentRecord.objects.get()
    assert record.action == Action.CUSTOM
    assert not any(v for k, v in record.choices.items() if k != "necessary")
    assert decode(client.cookies[COOKIE].value).categories == frozenset()


def test_withdrawal_expires_every_declared_cookie_in_every_variant(db, settings):
    settings.SESSION_COOKIE_SECURE = False
    Cookie.objects.create(
        name="_pattern_*",
        category_id="analytics",
        provider="Example",
        purpose="Test pattern",
        duration="1 day",
        path="/archive/",
    )
    policy_version_publish(banner_text="Version with a pattern.")
    client = Client(HTTP_HOST="www.lordspress.example")
    choose(client, "accept_all", HTTP_ORIGIN="http://www.lordspress.example")
    client.cookies["_pattern_abc"] = "1"
    response = choose(client, "reject_all", HTTP_ORIGIN="http://www.lordspress.example")
    assert ConsentRecord.objects.order_by("-id").first().action == Action.WITHDRAW
    expired = expired_variants(response)
    for domain in ("", "www.lordspress.example", "lordspress.example"):
        assert ("lp_demo_stats", domain, "/") in expired
        assert ("_pattern_abc", domain, "/") in expired
        assert ("_pattern_abc", domain, "/archive/") in expired
    assert not {name for name, _, _ in expired} & necessary_names()
    assert "lp_demo_stats_pages" not in {name for name, _, _ in expired}  # browser storage
    # The header carries the real name, once per variant.
    headers = [m.output() for m in response.cookies.values()]
    assert sum(h.startswith("Set-Cookie: lp_demo_stats=") for h in headers) == 3


def test_the_json_answer_for_the_page_script(client, db):
    response = choose(client, "accept_all", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["valid"] is True
    assert data["categories"] == ["analytics"]
    assert data["services"] == ["lp-reading-stats"]
    assert uuid.UUID(data["consentId"]) == ConsentRecord.objects.get().consent_id


def test_the_settings_page_form_returns_to_the_settings_page(client, db):
    response = choose(client, "custom", categories=["analytics"], surface="settings_page")
    assert response["Location"] == "/cookies/settings/?saved=1"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Your choices are saved." in html
    assert "you allow analytics" in html
    assert ConsentRecord.objects.get().consent_id.hex in html
    assert 'id="cs-category-analytics" name="category" value="analytics"' in html
    settings_form = html.split('id="cs-category-analytics"')[1].split(">")[0]
    assert "checked" in settings_form
    assert "private" in page["Cache-Control"] and not page.cookies


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_ORIGIN": "https://evil.example"}, 403),
        ({"HTTP_ORIGIN": "null"}, 403),
        ({"HTTP_ORIGIN": "", "HTTP_REFERER": ""}, 403),
        ({"HTTP_ORIGIN": "", "HTTP_REFERER": "https://evil.example/page"}, 403),
        ({"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"}, 403),
        ({"HTTP_ORIGIN": "", "HTTP_REFERER": "http://testserver/archive/"}, 303),
    ],
)
def test_choices_from_other_sites_are_refused(client, db, headers, status):
    response = choose(client, "accept_all", **headers)
    assert response.status_code == status
    assert ConsentRecord.objects.count() == (1 if status == 303 else 0)
    if status == 403:
        assert COOKIE not in response.cookies
        assert b"did not come from a page of this site" in response.content


@pytest.mark.parametrize(
    "data",
    [
        {"action": ""},
        {"action": "withdraw"},
        {"action": "delete everything"},
        {"surface": "telepathy"},
        {"category": ["necessary"]},
        {"service": ["unknown-service"]},
        {"action": "gpc", "surface": "banner"},
        {"version": "not-a-number", "action": "maybe"},
    ],
)
def test_bad_choices_get_a_clear_answer_not_an_error(client, db, data):
    post = {"action": "custom", "surface": "dialog", **data}
    response = client.post(CHOICE_URL, post, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 400
    assert b"could not be saved" in response.content
    assert ConsentRecord.objects.count() == 0


def test_a_choice_must_be_posted(client, db):
    assert client.get(CHOICE_URL).status_code == 405


def test_the_return_address_stays_on_this_site(client, db):
    response = choose(client, "reject_all", data={"next": "https://evil.example/"})
    assert response["Location"] == "/#consent-saved"
    response = choose(client, "reject_all", data={"next": "//evil.example/x"})
    assert response["Location"] == "/#consent-saved"


def test_a_damaged_or_forged_cookie_counts_as_no_choice(client, db):
    good = consent_cookie(categories=["analytics"], services=["lp-reading-stats"])
    payload, signature = good.rsplit(":", 1)
    for value in [
        "garbage",
        payload,
        payload.replace("analytics", "marketing") + ":" + signature,
        good[:-2],
    ]:
        client.cookies[COOKIE] = value
        page = client.get("/cookies/settings/").content.decode()
        assert "You have not made a choice yet." in page, value
    choose(client, "reject_all")
    assert ConsentRecord.objects.get().action == Action.REJECT_ALL


# --- Re-consent: new policy version, expiry -------------------------------------------------


def test_a_new_policy_version_brings_the_banner_back(client, db):
    choose(client, "accept_all")
    old = decode(client.cookies[COOKIE].value)
    html = client.get("/cookies/settings/").content.decode()
    assert "you allow analytics" in html
    assert '"version": 1' in client.get("/").content.decode()

    policy_version_publish(banner_text="We now also use preference cookies.")
    # Every page's banner now carries version 2: the page script shows it to holders of 1.
    home = client.get("/").content.decode()
    assert '"version": 2' in home and "We now also use preference cookies." in home
    assert decode(client.cookies[COOKIE].value).version == old.version == 1
    page = client.get("/cookies/settings/").content.decode()
    assert "Our cookie policy has changed since you last chose" in page
    # And the server no longer honours the old choice.
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="tests.consent_support"):
        assert set_cookie_names(client.get("/test-only/sets-cookies/")) == ["sessionid"]

    choose(client, "accept_all")
    latest = ConsentRecord.objects.order_by("-id").first()
    assert latest.policy_version.number == 2
    assert latest.action == Action.ACCEPT_ALL  # the old choice was no longer valid
    assert latest.consent_id == old.consent_id


def test_a_choice_made_on_a_page_cached_before_a_new_version_is_recorded_against_it(client, db):
    policy_version_publish(banner_text="Second version.")
    response = choose(client, "accept_all", data={"version": 1})
    record = ConsentRecord.objects.get()
    assert record.policy_version.number == 1
    assert decode(response.cookies[COOKIE].value).version == 1
    assert "Our cookie policy has changed" in client.get("/cookies/settings/").content.decode()


@pytest.mark.parametrize(("months", "days_later", "asked_again"), [(6, 182, False), (6, 184, True)])
def test_a_choice_expires_and_is_asked_again(client, db, settings, months, days_later, asked_again):
    settings.CONSENT_LIFETIME_MONTHS = months
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        choose(client, "reject_all")
    with time_machine.travel(start + timedelta(days=days_later), tick=False):
        page = client.get("/cookies/settings/").content.decode()
    assert ("has expired, so we ask you again" in page) is asked_again
    assert ("you allow nothing optional" in page) is not asked_again


def test_a_longer_lifetime_keeps_a_choice_longer(client, db, settings):
    settings.CONSENT_LIFETIME_MONTHS = 13
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = choose(client, "reject_all")
    assert int(response.cookies[COOKIE]["max-age"]) == 396 * 24 * 3600
    with time_machine.travel(start + timedelta(days=300), tick=False):
        assert "you allow nothing optional" in client.get("/cookies/settings/").content.decode()


# --- Global Privacy Control ---------------------------------------------------------------


def test_gpc_without_a_choice_is_recorded_as_a_refusal(client, db):
    response = choose(
        client, "gpc", surface="gpc", HTTP_SEC_GPC="1", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    record = ConsentRecord.objects.get()
    assert (record.action, record.surface) == (Action.GPC, "gpc")
    assert not record.choices["analytics"] and not record.choices["marketing"]
    state = decode(response.cookies[COOKIE].value)
    assert state.categories == frozenset() and state.services == frozenset()


def test_gpc_is_honoured_before_any_record_and_the_visitor_can_still_opt_in(db):
    client = Client(HTTP_SEC_GPC="1")
    page = client.get("/cookies/settings/").content.decode()
    assert "Global Privacy Control signal" in page
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="tests.consent_support"):
        assert set_cookie_names(client.get("/test-only/sets-cookies/")) == ["sessionid"]
    choose(client, "gpc", surface="gpc", HTTP_ACCEPT="application/json")
    response = choose(client, "accept_all", surface="dialog")
    assert response.status_code == 303
    assert [r.action for r in ConsentRecord.objects.order_by("id")] == [
        Action.GPC,
        Action.ACCEPT_ALL,
    ]
    assert decode(client.cookies[COOKIE].value).categories == {"analytics"}


def test_gpc_does_not_override_an_earlier_choice_or_come_from_elsewhere(client, db):
    response = choose(client, "gpc", surface="gpc")
    assert response.status_code == 400  # no Sec-GPC header: not a signal
    choose(client, "accept_all")
    response = choose(
        client, "gpc", surface="gpc", HTTP_SEC_GPC="1", HTTP_ACCEPT="application/json"
    )
    assert response.json()["kept"] is True
    assert ConsentRecord.objects.count() == 1
    assert decode(client.cookies[COOKIE].value).categories == {"analytics"}


def test_request_consent_reports_what_the_visitor_allowed(rf, db):
    from consent.state import consent_from_request

    request = rf.get("/", HTTP_SEC_GPC="1")
    state = consent_from_request(request)
    assert state.refused_by_gpc and not state.needs_choice
    assert not state.allows("analytics") and state.allows("necessary")

    request = rf.get("/")
    request.COOKIES[COOKIE] = consent_cookie(categories=["analytics"], services=[])
    state = consent_from_request(request)
    assert state.is_valid and state.allows("analytics")
    assert not state.allows("analytics", "lp-reading-stats")
    assert state.allowed == {"preferences": False, "analytics": True, "marketing": False}


def test_the_first_choice_publishes_a_version_if_none_exists(client, db):
    PolicyVersion.objects.all().delete()
    from consent.registry import registry_invalidate

    registry_invalidate()
    assert current_registry().version == 0
    choose(client, "reject_all", data={"version": 0})
    assert ConsentRecord.objects.get().policy_version.number == 1


def test_an_embed_is_written_inert_with_a_placeholder_and_a_link(db):
    from django.template import Context, Template

    html = Template(
        "{% load consent %}{% consent_embed src='https://video.example/embed/1' "
        "title='A film' category='marketing' service='unknown' link='https://video.example/1' %}"
    ).render(Context())
    before_template, inside = html.split("<template>")
    assert "<iframe" not in before_template and "<iframe" in inside.split("</template>")[0]
    assert 'data-consent="marketing" data-service="unknown"' in html
    assert "comes from another site" in html
    assert '<a href="https://video.example/1"' in html
    assert "data-consent-allow hidden" in html  # the button needs the page script
