"""Every output, held to the checker of its own standard (issue 14).

Readers, feed readers, crawlers and mail readers are programs written by others; each judges
the site by a published standard. This module runs each checker over every output of its kind,
gathered once per test session by ``tests/outputs.py`` (a journal, every page type as the
reader who sees it, every email kind, every feed, sitemap and well-known file):

================================  ===============================================================
output                            checker
================================  ===============================================================
HTML pages, 404, 400 and 500      the Nu Html Checker (vnu-jar, pinned), zero errors; headings
                                  that never skip a level
HTML emails                       vnu, zero errors; a text part with the same links
machine-readable dates            one form everywhere (``lordspress.core.dates.machine_date``)
RSS 2.0 and Atom 1.0 feeds        feedparser without bozo, and each specification's rules
sitemaps, Google News sitemap     the sitemaps.org protocol and Google News's limits (and at
                                  100,000 articles, tests/test_sitemaps_at_size.py)
JSON-LD                           extruct: NewsArticle, BreadcrumbList, WebSite + SearchAction
robots.txt                        urllib.robotparser
security.txt                      RFC 9116's fields
================================  ===============================================================

The checkers run once per session each (one JVM for every HTML document), so the module stays
fast however many pages there are.
"""

import email.utils
import re
import urllib.robotparser
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import extruct
import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from lordspress.core.dates import machine_date
from tests import factories
from tests.outputs import SITE, TEMPLATES, gather_outputs
from tests.validators import require_vnu, vnu_check

# The session fixture below needs the test database made (the tests themselves only read).
pytestmark = pytest.mark.django_db

# The one form of a machine-readable date: a calendar date, or a UTC time to the second.
MACHINE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+00:00)?")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(scope="session")
def outputs(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        return gather_outputs(media_root=tmp_path_factory.mktemp("media"))


# Two documents that show the checker is live (test_vnu_finds_what_the_issue_reported): a time
# with microseconds, as every page had before issue 14, and the same in the one machine form.
PROBE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
    '<body><p><time datetime="{}">then</time></p></body></html>'
)
PROBES = {
    "probe: microseconds": PROBE.format("2026-12-08T03:49:35.283035+00:00"),
    "probe: machine_date": PROBE.format(
        machine_date(datetime(2026, 12, 8, 3, 49, 35, 283035, tzinfo=UTC))
    ),
}


@pytest.fixture(scope="session")
def vnu_errors(outputs, tmp_path_factory):
    """vnu's errors for every page and every HTML email, from one run of the checker."""
    require_vnu()
    documents = {f"page: {name}": page.html for name, page in outputs.pages.items()}
    documents |= {f"email: {name}": _html_part(message) for name, message in outputs.emails.items()}
    return vnu_check(documents | PROBES, folder=tmp_path_factory.mktemp("vnu"))


def _html_part(message) -> str:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def _report(found: dict[str, list]) -> str:
    return "\n".join(
        f"{name}:\n" + "\n".join(f"    {problem}" for problem in problems)
        for name, problems in found.items()
        if problems
    )


# --- HTML ----------------------------------------------------------------------------------------


def test_every_page_passes_the_nu_html_checker(vnu_errors):
    pages = {name: errors for name, errors in vnu_errors.items() if name.startswith("page: ")}
    assert len(pages) >= 40
    assert _report(pages) == ""


def test_every_page_template_is_among_the_pages_checked(outputs):
    """A new page type is checked without anyone adding it here: every template that is a
    whole page (it extends base.html or starts with a doctype) must have been rendered."""
    pages = set()
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(("admin/", "email/")) or name == "base.html":
            continue
        text = path.read_text()
        if '{% extends "base.html" %}' in text or "<!doctype" in text.lower():
            pages.add(name)
    assert len(pages) >= 30
    assert pages - outputs.templates_rendered == set()


def test_every_page_answers_as_its_kind_should(outputs):
    statuses = {name: page.status for name, page in outputs.pages.items()}
    assert statuses["not found (404)"] == 404
    assert statuses["request not understood (400)"] == 400
    assert statuses["server error (500)"] == 500
    assert statuses["sign in, locked out"] == 429
    assert statuses["editor's image browser, refused"] == 403
    assert statuses["home"] == statuses["article, members-only, member"] == 200
    assert "members-panel" not in outputs.pages["article, members-only, member"].html
    assert "members-panel" in outputs.pages["article, members-only, anonymous"].html


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def heading_problems(html: str) -> list[str]:
    """A heading more than one level below the one before it (h1 then h3), or not one h1."""
    parser = _Headings()
    parser.feed(html)
    problems = [
        f"h{before} is followed by h{after}"
        for before, after in zip(parser.levels, parser.levels[1:], strict=False)
        if after > before + 1
    ]
    if parser.levels.count(1) != 1:
        problems.append(f"{parser.levels.count(1)} h1 elements")
    return problems


def test_headings_never_skip_a_level(outputs):
    found = {name: heading_problems(page.html) for name, page in outputs.pages.items()}
    found |= {name: heading_problems(_html_part(m)) for name, m in outputs.emails.items()}
    assert _report(found) == ""


def test_the_heading_check_fails_a_skipped_level():
    assert heading_problems("<h1>a</h1><h3>b</h3>") == ["h1 is followed by h3"]
    assert heading_problems("<h2>a</h2><h1>b</h1><h2>c</h2><h3>d</h3><h2>e</h2>") == []


# --- emails --------------------------------------------------------------------------------------


def test_every_email_kind_is_checked(outputs):
    from lordspress.outbox.services import _RENDERERS

    kinds = {
        kind for kind, render in _RENDERERS.items() if not render.__module__.startswith("tests.")
    }
    checked = {name.split(" (", 1)[0] for name in outputs.emails}
    assert kinds - checked == set()


def test_every_html_email_passes_the_nu_html_checker(vnu_errors):
    emails = {name: errors for name, errors in vnu_errors.items() if name.startswith("email: ")}
    assert len(emails) >= 6
    assert _report(emails) == ""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)


def _html_links(html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    return set(parser.links)


def _text_links(text: str) -> set[str]:
    return set(re.findall(r"(?:https?|mailto):[^\s<>\"()]+", text))


def test_every_email_has_a_text_part_with_the_same_links(outputs):
    found = {}
    for name, message in outputs.emails.items():
        html_links, text_links = _html_links(_html_part(message)), _text_links(message.body)
        problems = [f"only in the HTML part: {link}" for link in sorted(html_links - text_links)]
        problems += [f"only in the text part: {link}" for link in sorted(text_links - html_links)]
        if not message.body.strip():
            problems.append("no text part")
        found[name] = problems
    assert _report(found) == ""


# --- one form for machine-readable dates ---------------------------------------------------------


class _MachineDates(HTMLParser):
    """``<time datetime>`` and the article times of Open Graph."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "time" and "datetime" in attrs:
            self.found.append(attrs["datetime"])
        if tag == "meta" and (attrs.get("property") or "").endswith("_time"):
            self.found.append(attrs["content"])


def _json_ld_dates(value) -> list[str]:
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k.startswith("date") and isinstance(v, str)]
        return found + [d for v in value.values() for d in _json_ld_dates(v)]
    if isinstance(value, list):
        return [d for v in value for d in _json_ld_dates(v)]
    return []


def every_machine_date(outputs) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, page in outputs.pages.items():
        parser = _MachineDates()
        parser.feed(page.html)
        json_ld = extruct.extract(page.html, syntaxes=["json-ld"], errors="strict")["json-ld"]
        found[f"page: {name}"] = parser.found + _json_ld_dates(json_ld)
    for name, body in outputs.feeds.items():
        tree = ElementTree.fromstring(body)
        found[f"feed: {name}"] = [
            element.text
            for element in tree.iter()
            if element.tag in {f"{ATOM}updated", f"{ATOM}published"}
        ]
    for name, body in outputs.sitemaps.items():
        tree = ElementTree.fromstring(body)
        found[f"sitemap: {name}"] = [
            element.text
            for element in tree.iter()
            if element.tag in {f"{SITEMAP}lastmod", f"{NEWS}publication_date"}
        ]
    found["security.txt"] = [
        line.split(":", 1)[1].strip()
        for line in outputs.security_txt.splitlines()
        if line.startswith("Expires:")
    ]
    return found


def test_machine_readable_dates_take_one_form_everywhere(outputs):
    found = every_machine_date(outputs)
    assert sum(len(dates) for dates in found.values()) > 200
    for kind in ("page: article, free", "feed: atom", "sitemap: /sitemap.xml", "security.txt"):
        assert found[kind], kind
    wrong = {
        name: [d for d in dates if not MACHINE_DATE.fullmatch(d)] for name, dates in found.items()
    }
    assert _report(wrong) == ""


def test_rss_dates_are_rfc_822_to_the_second(outputs):
    """RSS 2.0 requires RFC 822 dates: the one exception, the same instants."""
    for name, body in outputs.feeds.items():
        if not name.startswith("rss"):
            continue
        channel = ElementTree.fromstring(body).find("channel")
        for text in [channel.findtext("lastBuildDate")] + [
            item.findtext("pubDate") for item in channel.findall("item")
        ]:
            parsed = email.utils.parsedate_to_datetime(text)
            assert parsed.tzinfo is not None and parsed.microsecond == 0, (name, text)


def test_machine_date_is_the_one_form():
    london = timezone.get_fixed_timezone(60)
    assert machine_date(datetime(2026, 5, 1, 10, 30, 15, 123456, tzinfo=london)) == (
        "2026-05-01T09:30:15+00:00"
    )
    assert machine_date(datetime(2026, 5, 1, 9, 30).date()) == "2026-05-01"
    assert machine_date(None) == ""


# --- feeds ---------------------------------------------------------------------------------------


def test_every_feed_reads_cleanly_in_feedparser(outputs, journal_facts):
    assert {"rss", "atom", "rss diplomacy", "atom heraldry"} <= set(outputs.feeds)
    for name, body in outputs.feeds.items():
        parsed = feedparser.parse(body)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if name.startswith("rss") else "atom10"), name
        assert parsed.entries, name
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith(SITE) and entry.id, (name, entry)
            assert entry.author in journal_facts["bylines"], (name, entry.author)
            assert entry.published_parsed, (name, entry)
            if name.startswith("atom"):
                assert entry.updated_parsed, (name, entry)
        # A section's feed holds its own articles only.
        if " " in name:
            section = name.split(" ", 1)[1]
            links = {entry.link for entry in parsed.entries}
            assert links <= journal_facts["articles by section"][section], name


@pytest.fixture(scope="session")
def journal_facts(outputs):
    journal = outputs.facts["journal"]
    by_section: dict[str, set[str]] = {}
    for article in journal.articles:
        by_section.setdefault(article.category.slug, set()).add(SITE + article.get_absolute_url())
    return {
        "bylines": {author.name for author in journal.authors},
        "articles by section": by_section,
    }


def test_rss_feeds_carry_what_rss_2_0_requires(outputs):
    for name, body in outputs.feeds.items():
        if not name.startswith("rss"):
            continue
        root = ElementTree.fromstring(body)
        assert root.tag == "rss" and root.get("version") == "2.0", name
        channel = root.find("channel")
        for required in ("title", "link", "description"):
            assert channel.findtext(required), (name, required)
        self_link = channel.find(f"{ATOM}link[@rel='self']")
        path = reverse("articles:feed") if name == "rss" else f"/{name.split()[1]}/feed/"
        assert self_link is not None and self_link.get("href") == SITE + path, name
        guids = [item.find("guid") for item in channel.findall("item")]
        assert all(g is not None and g.get("isPermaLink") == "false" for g in guids), name
        assert len({g.text for g in guids}) == len(guids), f"{name}: guids repeat"
        for item in channel.findall("item"):
            assert item.findtext("title") and item.findtext("link"), name
            assert item.findtext("description") is not None, name


def test_atom_feeds_carry_what_rfc_4287_requires(outputs):
    for name, body in outputs.feeds.items():
        if not name.startswith("atom"):
            continue
        feed = ElementTree.fromstring(body)
        assert feed.tag == f"{ATOM}feed", name
        for required in ("id", "title", "updated"):
            assert feed.findtext(f"{ATOM}{required}"), (name, required)
        path = reverse("articles:feed-atom") if name == "atom" else f"/{name.split()[1]}/feed/atom/"
        self_link = feed.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None and self_link.get("href") == SITE + path, name
        entries = feed.findall(f"{ATOM}entry")
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert all(i and i.startswith("tag:www.lordspress.example,2025:article/") for i in ids)
        assert len(set(ids)) == len(ids), f"{name}: ids repeat"
        for entry in entries:
            for required in ("title", "updated"):
                assert entry.findtext(f"{ATOM}{required}"), (name, required)
            # Every entry has an author (so the feed needs none of its own) and a link.
            assert entry.findtext(f"{ATOM}author/{ATOM}name"), name
            assert entry.find(f"{ATOM}link[@rel='alternate']") is not None, name
            summary = entry.find(f"{ATOM}summary")
            assert summary is not None and summary.get("type") == "html", name


def test_feed_ids_stay_when_an_article_moves(client, settings):
    """An item's id is its article's, not its address: a new slug (or date) is the same item
    to a feed reader, in both formats."""
    from articles.services import article_save

    editor = factories.UserFactory(is_superuser=True, is_staff=True)
    article = factories.ArticleFactory(headline="The Garter King of Arms retires")

    def ids():
        rss = ElementTree.fromstring(client.get("/feed/").content)
        atom = ElementTree.fromstring(client.get("/feed/atom/").content)
        return (
            [item.findtext("guid") for item in rss.iter("item")],
            [entry.findtext(f"{ATOM}id") for entry in atom.iter(f"{ATOM}entry")],
        )

    before = ids()
    article.slug = "garter-king-of-arms-retires"
    article.publish_at = article.publish_at - timedelta(days=1)
    article_save(article=article, user=editor)
    assert ids() == before == ([f"tag:www.lordspress.example,2025:article/{article.pk}"],) * 2


def test_an_empty_feed_is_still_valid(client, db):
    """No article yet: the feeds still carry their required elements and a whole-second date."""
    for path in ("/feed/", "/feed/atom/"):
        parsed = feedparser.parse(client.get(path).content)
        assert not parsed.bozo and parsed.feed.title and parsed.entries == [], path
    atom = ElementTree.fromstring(client.get("/feed/atom/").content)
    assert MACHINE_DATE.fullmatch(atom.findtext(f"{ATOM}updated"))


# --- sitemaps ------------------------------------------------------------------------------------


def sitemap_problems(path: str, body: bytes) -> list[str]:
    """The sitemaps.org protocol's rules for one file (and Google News's for the news one)."""
    problems = []
    if not body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        problems.append("no XML declaration with UTF-8")
    if len(body) > 52_428_800:
        problems.append(f"{len(body)} bytes")
    root = ElementTree.fromstring(body)
    kind = {f"{SITEMAP}urlset": "url", f"{SITEMAP}sitemapindex": "sitemap"}.get(root.tag)
    if kind is None:
        return [*problems, f"root element {root.tag}"]
    entries = list(root)
    if not 1 <= len(entries) <= 50_000 and "news" not in path:
        problems.append(f"{len(entries)} entries")
    locations = []
    for entry in entries:
        if entry.tag != f"{SITEMAP}{kind}":
            problems.append(f"{entry.tag} in a {root.tag}")
            continue
        location = entry.findtext(f"{SITEMAP}loc") or ""
        locations.append(location)
        if not location.startswith(SITE + "/") or len(location) >= 2048:
            problems.append(f"location {location!r}")
        lastmod = entry.findtext(f"{SITEMAP}lastmod")
        if lastmod is not None and not MACHINE_DATE.fullmatch(lastmod):
            problems.append(f"lastmod {lastmod!r}")
        unknown = {child.tag for child in entry} - {
            f"{SITEMAP}loc",
            f"{SITEMAP}lastmod",
            f"{NEWS}news",
        }
        if unknown:
            problems.append(f"unknown elements {unknown}")
    if len(set(locations)) != len(locations):
        problems.append("an address is listed twice")
    if "news" in path:
        news = root.findall(f"{SITEMAP}url/{NEWS}news")
        if len(news) != len(entries) or len(news) > 1000:
            problems.append(f"{len(news)} news blocks for {len(entries)} addresses")
        for block in news:
            for required in (
                f"{NEWS}publication/{NEWS}name",
                f"{NEWS}publication/{NEWS}language",
                f"{NEWS}publication_date",
                f"{NEWS}title",
            ):
                if not block.findtext(required):
                    problems.append(f"news block without {required}")
    return problems


def test_every_sitemap_holds_the_protocol(outputs):
    assert {"/sitemap.xml", "/sitemap-news.xml", "/sitemap-sections.xml"} <= set(outputs.sitemaps)
    assert any(path.startswith("/sitemap-articles-") for path in outputs.sitemaps)
    found = {path: sitemap_problems(path, body) for path, body in outputs.sitemaps.items()}
    assert _report(found) == ""


def test_the_sitemaps_list_every_public_article_once_with_its_lastmod(outputs):
    journal = outputs.facts["journal"]
    listed = {}
    for path, body in outputs.sitemaps.items():
        if path.startswith("/sitemap-articles-"):
            for url in ElementTree.fromstring(body).iter(f"{SITEMAP}url"):
                listed[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    assert listed == {
        SITE + article.get_absolute_url(): machine_date(article.modified_for_readers)
        for article in journal.articles
        if article.is_live  # one went back for review (tests/outputs.py, the review email)
    }


def test_the_index_gives_each_file_the_newest_lastmod_in_it(outputs):
    index = ElementTree.fromstring(outputs.sitemaps["/sitemap.xml"])
    for entry in index.iter(f"{SITEMAP}sitemap"):
        path = entry.findtext(f"{SITEMAP}loc").removeprefix(SITE)
        lastmods = [
            e.text for e in ElementTree.fromstring(outputs.sitemaps[path]).iter(f"{SITEMAP}lastmod")
        ]
        assert entry.findtext(f"{SITEMAP}lastmod") == max(lastmods), path


def test_the_sitemap_check_fails_a_broken_file():
    head = b'<?xml version="1.0" encoding="UTF-8"?>'
    ns = b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    assert sitemap_problems("/x.xml", head + b"<urlset " + ns + b"></urlset>") == ["0 entries"]
    broken = b"<urlset " + ns + b"><url><loc>/a</loc><lastmod>2026-05-01T09:30:00.5Z</lastmod>"
    assert sitemap_problems("/x.xml", head + broken + b"</url></urlset>") == [
        "location '/a'",
        "lastmod '2026-05-01T09:30:00.5Z'",
    ]


def test_the_news_sitemap_holds_two_days_and_at_most_a_thousand(client, db):
    from articles.models import Article

    section = factories.CategoryFactory()
    byline = factories.AuthorFactory()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Notice {index}",
            slug=f"notice-{index}",
            standfirst="A notice.",
            body="<p>A notice.</p>",
            category=section,
            author=byline,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(minutes=2 * index + 1),
        )
        for index in range(1500)  # 1,440 in the last two days; the oldest beyond it
    )
    body = client.get("/sitemap-news.xml").content
    assert sitemap_problems("/sitemap-news.xml", body) == []
    titles = [t.text for t in ElementTree.fromstring(body).iter(f"{NEWS}title")]
    assert titles == [f"Notice {index}" for index in range(1000)]  # the newest thousand


# --- structured data -----------------------------------------------------------------------------


def _json_ld(html: str) -> dict[str, list[dict]]:
    """The JSON-LD of a page by type, as extruct (a crawler's extractor) reads it."""
    by_type: dict[str, list[dict]] = {}
    for item in extruct.extract(html, base_url=SITE, syntaxes=["json-ld"])["json-ld"]:
        by_type.setdefault(item["@type"], []).append(item)
    return by_type


def _breadcrumbs(data: dict) -> list[tuple[int, str, str]]:
    assert data["@context"] == "https://schema.org"
    return [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]]


@pytest.mark.parametrize("page", ["article, free", "article, members-only, anonymous"])
def test_articles_carry_a_news_article_with_googles_properties(outputs, page):
    facts = outputs.facts
    article = facts["free"] if page == "article, free" else facts["members_only"]
    data = _json_ld(outputs.pages[page].html)
    (news,) = data["NewsArticle"]
    url = SITE + article.get_absolute_url()
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == article.headline and len(news["headline"]) <= 110
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url} and news["url"] == url
    assert news["datePublished"] == machine_date(article.publish_at)
    assert news["dateModified"] == machine_date(article.modified_for_readers)
    # The byline, as a reader sees it, with its page: never a staff member.
    assert news["author"] == [
        {
            "@type": article.author.schema_type,
            "name": article.author.name,
            "url": SITE + article.author.get_absolute_url(),
        }
    ]
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Lord's Press"
    assert publisher["logo"] == {
        "@type": "ImageObject",
        "url": SITE + "/static/img/lordspress-logo.png",
        "width": 640,
        "height": 200,
    }
    # The one featured image, at its stored size (no cropped renditions exist).
    (image,) = news["image"]
    assert image["@type"] == "ImageObject" and image["url"].startswith(SITE + "/media/")
    assert (image["width"], image["height"]) == (article.image_width, article.image_height)
    assert image["width"] * image["height"] >= 50_000  # Google's minimum
    members_only = page != "article, free"
    assert news["isAccessibleForFree"] is (not members_only)
    if members_only:
        assert news["hasPart"] == {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".article__body",
        }
    (crumbs,) = data["BreadcrumbList"]
    assert _breadcrumbs(crumbs) == [
        (1, "Lord's Press", SITE + "/"),
        (2, article.category.name, SITE + article.category.get_absolute_url()),
        (3, article.headline, url),
    ]


def test_sections_carry_their_breadcrumbs(outputs):
    section = outputs.facts["journal"].categories[0]
    (crumbs,) = _json_ld(outputs.pages["section"].html)["BreadcrumbList"]
    assert _breadcrumbs(crumbs) == [
        (1, "Lord's Press", SITE + "/"),
        (2, section.name, SITE + section.get_absolute_url()),
    ]


def test_the_front_page_carries_the_website_and_its_search(outputs, client):
    (site,) = _json_ld(outputs.pages["home"].html)["WebSite"]
    assert site["url"] == SITE + "/" and site["name"] == "Lord's Press"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["query-input"] == "required name=search_term_string"
    template = action["target"]["urlTemplate"]
    assert template == SITE + "/search/?q={search_term_string}"
    # The template, filled in, is the search page with hits.
    filled = template.replace("{search_term_string}", "succession").removeprefix(SITE)
    assert filled == outputs.pages["search with hits"].url
    assert "WebSite" not in _json_ld(outputs.pages["home, page 2"].html)


# --- robots.txt and security.txt -----------------------------------------------------------------


def test_robots_txt_reads_as_intended(outputs):
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(outputs.robots_txt.splitlines())
    article = outputs.facts["free"].get_absolute_url()
    for path in ("/admin/", "/admin/articles/article/", "/accounts/", "/accounts/login/"):
        assert not robots.can_fetch("Googlebot", SITE + path), path
    assert not robots.can_fetch("Googlebot", SITE + "/search/?q=succession")
    for path in ("/", article, "/feed/", "/sitemap.xml", "/archive/", "/diplomacy/"):
        assert robots.can_fetch("Googlebot", SITE + path), path
    assert robots.site_maps() == [SITE + "/sitemap.xml", SITE + "/sitemap-news.xml"]


def _security_fields(text: str) -> list[tuple[str, str]]:
    fields = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition(": ")
            fields.append((name, value))
    return fields


def test_security_txt_holds_rfc_9116(outputs):
    assert outputs.security_txt_type == "text/plain; charset=utf-8"
    assert outputs.security_txt.endswith("\n")
    fields = _security_fields(outputs.security_txt)
    names = [name for name, _ in fields]
    assert names.count("Expires") == 1 and names.count("Canonical") == 1
    assert "Contact" in names and names.count("Preferred-Languages") == 1
    values = dict(fields)
    assert values["Contact"] == "mailto:security@lordspress.example"
    assert values["Canonical"] == SITE + "/.well-known/security.txt"
    assert values["Preferred-Languages"] == "en"
    expires = datetime.fromisoformat(values["Expires"])
    now = datetime.now(UTC)
    assert now < expires < now + timedelta(days=365)


def test_security_txt_takes_its_contacts_and_expiry_from_the_settings(client, settings, db):
    settings.SECURITY_CONTACTS = ["https://www.lordspress.example/security", "tel:+44-20-7946-0000"]
    settings.SECURITY_TXT_EXPIRES = "2099-06-30"
    fields = _security_fields(client.get("/.well-known/security.txt").content.decode())
    assert fields[:3] == [
        ("Contact", "https://www.lordspress.example/security"),
        ("Contact", "tel:+44-20-7946-0000"),
        ("Expires", "2099-06-30T00:00:00+00:00"),
    ]


def test_an_expired_security_txt_is_flagged_by_the_deploy_check(settings):
    from lordspress.chrome.checks import security_txt_expiry

    settings.SECURITY_TXT_EXPIRES = "2020-01-01T00:00:00Z"
    assert [w.id for w in security_txt_expiry(None)] == ["lordspress.W010"]
    settings.SECURITY_TXT_EXPIRES = (timezone.now() + timedelta(days=90)).date().isoformat()
    assert security_txt_expiry(None) == []
    settings.SECURITY_TXT_EXPIRES = ""
    assert security_txt_expiry(None) == []


# --- the checkers themselves ---------------------------------------------------------------------


def test_vnu_finds_what_the_issue_reported(vnu_errors):
    """The checker is live: it refuses a time with microseconds, and passes the same page
    with the one machine form."""
    (error,) = vnu_errors["probe: microseconds"]
    assert error.message.startswith(
        "Bad value “2026-12-08T03:49:35.283035+00:00” for attribute “datetime” on element “time”"
    )
    assert vnu_errors["probe: machine_date"] == []


def test_the_vnu_pin_is_one_exact_version():
    lock = Path(__file__).resolve().parent.parent / "scripts/vnu/package-lock.json"
    import json

    package = json.loads(lock.read_text())["packages"]["node_modules/vnu-jar"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"])
    assert package["integrity"].startswith("sha512-")


# --- one helper, held by walking the code ----------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
# The modules that write for crawlers and feed readers; their dates come from the helper.
MACHINE_WRITERS = [
    ROOT / "articles" / "feeds.py",
    ROOT / "articles" / "sitemaps.py",
    ROOT / "articles" / "structured_data.py",
    ROOT / "lordspress" / "chrome" / "views.py",  # robots.txt, security.txt
]


def date_form_offenders(template: str) -> list[str]:
    """A machine-readable date in a template written otherwise than with ``|machine_date``."""
    offenders = re.findall(r"\|date:\s*[\"'](?:c|U|r|Y-m-d[^\"']*)[\"']", template)
    for value in re.findall(r'datetime="([^"]*)"', template):
        if "{{" in value and not re.fullmatch(r"\{\{[^}]*\|machine_date \}\}", value):
            offenders.append(value)
    return offenders


def test_templates_write_machine_dates_only_with_the_helper():
    found = {
        str(path.relative_to(ROOT)): date_form_offenders(path.read_text())
        for path in TEMPLATES.rglob("*")
        if path.is_file()
    }
    assert _report(found) == ""
    assert date_form_offenders("<time datetime=\"{{ a.b|date:'c' }}\">") == [
        "|date:'c'",
        "{{ a.b|date:'c' }}",
    ]


def test_the_machine_writers_format_no_date_themselves():
    found = {
        str(path.relative_to(ROOT)): [
            f"line {n}: {line.strip()}"
            for n, line in enumerate(path.read_text().splitlines(), start=1)
            if re.search(r"\.(isoformat|strftime)\(", line)
        ]
        for path in MACHINE_WRITERS
    }
    assert _report(found) == ""


def test_lastmod_in_the_database_is_the_property(db):
    """``modified_for_readers()`` (the sitemaps' lastmod, read by the database) and the
    property ``Article.modified_for_readers`` agree, with and without a marked update."""
    from articles.models import Article, modified_for_readers

    plain = factories.ArticleFactory()
    updated = factories.ArticleFactory(updated_at=timezone.now() - timedelta(minutes=5))
    read = dict(
        Article.objects.annotate(lastmod=modified_for_readers()).values_list("pk", "lastmod")
    )
    assert read == {a.pk: a.modified_for_readers for a in (plain, updated)}
    assert read[updated.pk] == updated.updated_at and read[plain.pk] == plain.publish_at


def test_an_article_is_in_the_sitemap_of_its_london_month(client, db):
    """Half past midnight on 1 June in London is 23:30 on 31 May in UTC: the article's address
    and its sitemap file both say June."""
    from datetime import UTC as utc

    article = factories.ArticleFactory(publish_at=datetime(2026, 5, 31, 23, 30, tzinfo=utc))
    assert article.get_absolute_url().startswith("/2026/06/01/")
    june = client.get("/sitemap-articles-2026-06.xml").content.decode()
    assert SITE + article.get_absolute_url() in june
    assert client.get("/sitemap-articles-2026-05.xml").status_code == 404
