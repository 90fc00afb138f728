"""Cookie consent in a real browser: the banner on a first visit, Reject all, the footer link,
the dialog (keyboard and axe-core), gated scripts, withdrawal, GPC, no JavaScript, 320 px."""

import re

import pytest
from playwright.sync_api import expect

from consent.models import ConsentRecord
from consent.services import policy_version_publish
from tests.browser.axe import axe_violations
from tests.consent_support import necessary_names
from tests.journal import build_journal

pytestmark = pytest.mark.django_db(transaction=True)

BANNER = "#consent-banner"
DIALOG = "#consent-dialog"
SIZE_PROPERTIES = {
    "width", "inline-size", "height", "block-size", "transform-origin", "perspective-origin",
}  # fmt: skip
ANALYTICS_RAN = "document.documentElement.getAttribute('data-demo-analytics') === 'ran'"


@pytest.fixture
def site(live_server):
    journal = build_journal(articles=4, with_images=False)

    class Site:
        base = live_server.url
        home = live_server.url + "/"
        article = live_server.url + journal.articles[0].get_absolute_url()
        archive = live_server.url + "/archive/"
        policy = live_server.url + "/cookie-policy/"

    return Site


def _cookies(page) -> dict[str, str]:
    return {c["name"]: c["value"] for c in page.context.cookies()}


def _storage(page) -> list[str]:
    return page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]")


# The site's CSP forbids eval, so waits use Playwright's own assertions, not wait_for_function.
def _decided(page) -> None:
    expect(page.locator("html")).to_have_class(re.compile(r"\bconsent-decided\b"))


def _analytics_ran(page) -> None:
    expect(page.locator("html")).to_have_attribute("data-demo-analytics", "ran")


def test_a_first_visit_shows_the_banner_and_stores_only_what_is_necessary(page, site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site.article)
    page.wait_for_load_state("networkidle")
    assert page.is_visible(BANNER)
    assert page.is_visible(f"{BANNER} >> text=Read our Cookie Policy")
    assert set(_cookies(page)) <= necessary_names()
    assert _storage(page) == []
    assert not page.evaluate(ANALYTICS_RAN)
    assert all(url.startswith(site.base) for url in requests), requests
    assert ConsentRecord.objects.count() == 0  # silence is not consent
    # Nothing in the dialog is ticked.
    assert (
        page.evaluate(
            "[...document.querySelectorAll('#consent-dialog input')].some(i => i.checked)"
        )
        is False
    )


def test_reject_all_hides_the_banner_sets_nothing_optional_and_writes_a_record(page, site):
    page.goto(site.article)
    page.click(f"{BANNER} >> text=Reject all")
    _decided(page)
    assert not page.is_visible(BANNER)
    assert set(_cookies(page)) == {"lp_consent"}
    record = ConsentRecord.objects.get()
    assert (record.action, record.surface) == ("reject_all", "banner")
    assert not record.choices["analytics"]
    page.reload()
    page.goto(site.archive)
    assert not page.is_visible(BANNER)
    assert set(_cookies(page)) == {"lp_consent"}
    assert not page.evaluate(ANALYTICS_RAN)
    assert ConsentRecord.objects.count() == 1


def test_the_banner_never_shows_to_a_visitor_who_has_chosen(page, site):
    page.goto(site.home)
    page.click(f"{BANNER} >> text=Reject all")
    _decided(page)
    page.add_init_script(
        """
        new MutationObserver((mutations, observer) => {
          if (document.body) {
            window.__decidedBeforeBody =
              document.documentElement.classList.contains('consent-decided');
            observer.disconnect();
          }
        }).observe(document, {childList: true, subtree: true});
        """
    )
    page.goto(site.archive)
    assert page.evaluate("window.__decidedBeforeBody") is True


def test_the_footer_link_reopens_the_choice_as_an_accessible_dialog(page, site):
    page.goto(site.article)
    page.click(f"{BANNER} >> text=Reject all")
    _decided(page)
    link = page.locator("footer a", has_text="Cookie settings")
    link.focus()
    page.keyboard.press("Enter")
    assert page.is_visible(DIALOG)
    assert page.url == site.article  # opened in place, not followed
    assert page.get_attribute(DIALOG, "role") == "dialog"
    assert page.get_attribute(DIALOG, "aria-modal") == "true"
    inside = "document.activeElement.closest('#consent-dialog') !== null"
    assert page.evaluate(inside)
    record = ConsentRecord.objects.get()
    assert page.inner_text(f"{DIALOG} [data-consent-id]") == record.consent_id.hex
    assert not page.is_checked("#cd-category-analytics")
    for _ in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate(inside), "focus left the dialog"
        assert page.evaluate(
            "getComputedStyle(document.activeElement).outlineStyle !== 'none' "
            "|| document.activeElement.id === 'consent-dialog-title'"
        ), "no visible focus"
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside), "focus left the dialog"
    page.keyboard.press("Escape")
    assert not page.is_visible(DIALOG)
    assert page.evaluate("document.activeElement.textContent") == "Cookie settings"
    assert ConsentRecord.objects.count() == 1  # closing is not a choice


def test_allowing_analytics_runs_the_gated_script_and_withdrawal_takes_two_actions(page, site):
    page.goto(site.home)
    assert not page.evaluate(ANALYTICS_RAN)
    page.click(f"{BANNER} >> text=Customise")
    assert page.is_visible(DIALOG)
    page.check("#cd-category-analytics")
    assert page.is_checked("#cd-service-lp-reading-stats")
    page.click(f"{DIALOG} >> text=Save choices")
    _analytics_ran(page)
    assert not page.is_visible(DIALOG) and not page.is_visible(BANNER)
    assert "lp_demo_stats" in _cookies(page)
    record = ConsentRecord.objects.get()
    assert (record.action, record.surface) == ("custom", "dialog")
    assert record.choices["analytics"] and record.services == {"lp-reading-stats": True}

    page.goto(site.archive)
    _analytics_ran(page)
    assert page.evaluate("localStorage.getItem('lp_demo_stats_pages')") == "2"

    # Withdraw everything: the footer link, then Reject all.
    page.click("footer >> text=Cookie settings")
    assert page.is_checked("#cd-category-analytics")
    with page.expect_navigation():
        page.click(f"{DIALOG} >> text=Reject all")
    page.wait_for_load_state("load")
    assert not page.evaluate(ANALYTICS_RAN)
    assert set(_cookies(page)) == {"lp_consent"}
    assert _storage(page) == []
    assert not page.is_visible(BANNER)
    assert ConsentRecord.objects.order_by("-id").first().action == "withdraw"


def test_accept_all_runs_the_gated_script(page, site):
    page.goto(site.article)
    page.click(f"{BANNER} >> text=Accept all")
    _analytics_ran(page)
    assert ConsentRecord.objects.get().action == "accept_all"


def test_accept_and_reject_look_exactly_alike(page, site):
    page.goto(site.home)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        for scope in (BANNER, DIALOG):
            if scope == DIALOG:
                page.evaluate("window.lpConsent.open()")
            styles = page.evaluate(
                """(scope) => {
                    const style = (el) => {
                        const computed = getComputedStyle(el);
                        return Object.fromEntries([...computed].map(p => [p, computed.getPropertyValue(p)]));
                    };
                    const accept = document.querySelector(`${scope} button[value="accept_all"]`);
                    const reject = document.querySelector(`${scope} button[value="reject_all"]`);
                    return [accept.tagName, reject.tagName, accept.className, reject.className,
                            style(accept), style(reject)];
                }""",
                scope,
            )
            accept_tag, reject_tag, accept_class, reject_class, accept, reject = styles
            assert accept_tag == reject_tag == "BUTTON"
            assert accept_class == reject_class
            different = {name for name in accept if accept[name] != reject.get(name)}
            # Used sizes may differ by a fraction of a pixel where a grid shares out the width.
            for name in different & SIZE_PROPERTIES:
                assert all(
                    abs(float(a) - float(r)) < 1
                    for a, r in zip(
                        re.findall(r"[\d.]+", accept[name]),
                        re.findall(r"[\d.]+", reject[name]),
                        strict=True,
                    )
                ), f"{scope} @{width}px: {name} {accept[name]} vs {reject[name]}"
            assert different - SIZE_PROPERTIES == set(), f"{scope} @{width}px: {different}"
            if scope == DIALOG:
                page.keyboard.press("Escape")


def test_axe_finds_no_violations_on_the_banner_and_the_dialog(page, site):
    problems = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site.article)
        problems += axe_violations(page, f"page with banner @{width}")
        page.click(f"{BANNER} >> text=Customise")
        problems += axe_violations(page, f"dialog @{width}", context=DIALOG)
        page.keyboard.press("Escape")
        page.goto(site.policy)
        problems += axe_violations(page, f"cookie policy @{width}")
    page.goto(site.base + "/cookies/settings/")
    problems += axe_violations(page, "settings page")
    assert problems == []


def test_a_new_policy_version_brings_the_banner_back(page, site):
    page.goto(site.home)
    page.click(f"{BANNER} >> text=Accept all")
    _analytics_ran(page)
    policy_version_publish(banner_text="We have changed what we use.")
    page.goto(site.archive)  # a page the browser has not cached
    assert page.is_visible(BANNER)
    assert "We have changed what we use." in page.inner_text(BANNER)
    assert not page.evaluate(ANALYTICS_RAN)  # the old choice no longer counts
    assert "lp_demo_stats" not in _cookies(page)  # and what it allowed is cleared


def test_an_expired_choice_brings_the_banner_back(page, site):
    page.goto(site.home)
    page.click(f"{BANNER} >> text=Reject all")
    _decided(page)
    page.clock.install()
    page.clock.set_system_time(page.evaluate("Date.now()") + 184 * 86_400_000)
    page.goto(site.archive)
    assert page.is_visible(BANNER)


def test_global_privacy_control_is_a_recorded_refusal_and_the_visitor_may_still_opt_in(
    browser, site
):
    context = browser.new_context(extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
    )
    page = context.new_page()
    try:
        with page.expect_response(lambda response: "/cookies/consent/" in response.url):
            page.goto(site.article)
        assert not page.is_visible(BANNER)
        record = ConsentRecord.objects.get()
        assert (record.action, record.surface) == ("gpc", "gpc")
        assert not page.evaluate(ANALYTICS_RAN)
        page.goto(site.archive)
        assert ConsentRecord.objects.count() == 1  # recorded once
        page.click("footer >> text=Cookie settings")
        page.check("#cd-category-analytics")
        page.click(f"{DIALOG} >> text=Save choices")
        _analytics_ran(page)
        assert ConsentRecord.objects.order_by("-id").first().action == "custom"
    finally:
        context.close()


def test_everything_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.article)
        assert page.is_visible(BANNER)
        page.click(f"{BANNER} >> text=Reject all")
        page.wait_for_url(site.article + "#consent-saved")
        assert not page.is_visible(BANNER)
        assert set(_cookies(page)) == {"lp_consent"}
        assert ConsentRecord.objects.get().surface == "banner"

        page.click("footer >> text=Cookie settings")
        page.wait_for_url(site.base + "/cookies/settings/")
        assert "you allow nothing optional" in page.inner_text("main")
        page.check("#cs-category-analytics")
        page.click("main >> text=Save choices")
        page.wait_for_url(site.base + "/cookies/settings/?saved=1")
        assert "Your choices are saved." in page.inner_text("main")
        assert page.is_checked("#cs-category-analytics")
        latest = ConsentRecord.objects.order_by("-id").first()
        assert (latest.action, latest.surface) == ("custom", "settings_page")

        page.goto(site.policy)
        assert page.is_visible("table >> text=lp_demo_stats")
    finally:
        context.close()


def test_banner_and_dialog_fit_a_320_pixel_screen_without_shifting_the_page(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.add_init_script(
        """
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            window.__shifts.push(...entry.sources.map(s => s.node && s.node.id));
          }
        }).observe({type: 'layout-shift', buffered: true});
        """
    )
    page.goto(site.article)
    banner = page.locator(BANNER)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#consent-banner')).position")
        == "fixed"
    )
    box = banner.bounding_box()
    assert box["width"] <= 320 and box["y"] + box["height"] <= 640 + 1
    assert box["height"] < 640 * 0.75
    for name in ("Accept all", "Reject all", "Customise"):
        assert page.locator(BANNER).get_by_text(name).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.click(f"{BANNER} >> text=Customise")
    dialog_box = page.locator(f"{DIALOG} .consent-dialog__box").bounding_box()
    assert dialog_box["width"] <= 320
    save = page.locator(f"{DIALOG} >> text=Save choices")
    save.scroll_into_view_if_needed()
    assert save.is_visible()
    page.keyboard.press("Escape")
    page.click(f"{BANNER} >> text=Reject all")
    _decided(page)
    page.wait_for_timeout(200)
    assert "consent-banner" not in page.evaluate("window.__shifts")


def test_an_embed_waits_behind_a_placeholder_until_its_service_is_allowed(page, site):
    from django.template import Context, Template

    from consent.models import Cookie, Service

    video = Service.objects.create(
        key="video-host",
        name="Video host",
        category_id="marketing",
        provider="Example Video Ltd",
        party="third",
        purpose="Plays embedded videos.",
    )
    Cookie.objects.create(
        name="VISITOR_INFO",
        category_id="marketing",
        service=video,
        provider="Example Video Ltd",
        party="third",
        purpose="Remembers video settings.",
        duration="6 months",
    )
    policy_version_publish(banner_text="Now with videos.")
    embed = Template(
        "{% load consent %}{% consent_embed src=src title='The investiture, filmed' "
        "category='marketing' service='video-host' link='https://video.example/1' %}"
    ).render(Context({"src": site.base + "/robots.txt"}))

    page.goto(site.archive)
    page.click(f"{BANNER} >> text=Reject all")
    _decided(page)
    page.evaluate(
        "(html) => { document.querySelector('main').insertAdjacentHTML('beforeend', html);"
        " window.lpConsent.scan(); }",
        embed,
    )
    assert page.locator("main .consent-embed iframe").count() == 0
    assert page.is_visible("main .consent-embed__placeholder >> text=Example Video Ltd")
    page.click("main .consent-embed >> text=Allow and load")
    expect(page.locator("main .consent-embed iframe")).to_have_count(1)
    assert not page.is_visible("main .consent-embed__placeholder")
    record = ConsentRecord.objects.order_by("-id").first()
    assert (record.action, record.surface) == ("custom", "embed")
    assert record.choices["marketing"] and not record.choices["analytics"]
    assert record.services == {"lp-reading-stats": False, "video-host": True}
    assert not page.evaluate(ANALYTICS_RAN)


def test_a_cookie_the_server_cannot_name_is_deleted_by_the_page(browser, site):
    """A browser stores names a server may not send (``_ga_(x)``, ``_ga_é``; a sibling
    subdomain can plant them). Without JavaScript the choice is saved and the server deletes
    what it can name; the page's script deletes the rest at the next page it runs on."""
    from consent.models import Cookie, Service

    Cookie.objects.create(
        name="_ga_*",
        category_id="analytics",
        service=Service.objects.get(key="lp-reading-stats"),
        provider="Google",
        party="first",
        purpose="Tells visits apart.",
        duration="2 years",
    )
    policy_version_publish(banner_text="With Google.")
    planted = [
        {"name": name, "value": "1", "url": site.base}
        for name in ("_ga_(x)", "_ga_é", "_ga_a b", "_ga_usual")
    ]
    without_js = browser.new_context(java_script_enabled=False)
    try:
        without_js.add_cookies(planted)
        page = without_js.new_page()
        page.goto(site.article)
        page.click(f"{BANNER} >> text=Reject all")
        page.wait_for_url(site.article + "#consent-saved")
        assert ConsentRecord.objects.get().action == "reject_all"
        left = set(_cookies(page))
        assert "_ga_usual" not in left  # deleted by the server
        assert {"_ga_(x)", "_ga_é", "_ga_a b"} <= left  # which cannot name these
        kept = without_js.cookies()
    finally:
        without_js.close()
    with_js = browser.new_context()
    try:
        with_js.add_cookies(kept)
        page = with_js.new_page()
        page.goto(site.archive)
        _decided(page)
        page.wait_for_load_state("load")  # the deferred consent.js has run
        assert not [name for name in _cookies(page) if name.startswith("_ga_")]
    finally:
        with_js.close()
