"""Feeds, sitemaps, robots.txt, canonical links, Open Graph and NewsArticle JSON-LD."""

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories

SITE = "https://www.lordspress.example"


@pytest.fixture
def recent(db):
    section = factories.CategoryFactory(name="Diplomacy", slug="diplomacy")
    byline = factories.AuthorFactory(
        name="LP Staff Writers", slug="lp-staff-writers", kind="collective"
    )
    return factories.ArticleFactory(
        headline="Ambassador of Ruritania presents credentials",
        category=section,
        author=byline,
        meta_description="",
    )


def test_rss_and_atom_feeds_are_valid_and_carry_the_byline(client, recent):
    rss = ElementTree.fromstring(client.get("/feed/").content)
    item = rss.find("channel/item")
    assert item.findtext("title") == recent.headline
    assert item.findtext("link") == SITE + recent.get_absolute_url()
    assert item.findtext("description") == recent.standfirst
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "LP Staff Writers"

    atom = ElementTree.fromstring(client.get("/feed/atom/").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = atom.find("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == recent.headline
    assert entry.find("a:author/a:name", ns).text == "LP Staff Writers"


def test_section_feed_lists_only_that_section(client, recent):
    other = factories.ArticleFactory(headline="A grant of arms")
    rss = client.get(f"/{recent.category.slug}/feed/").content.decode()
    assert recent.headline in rss and other.headline not in rss


def test_feeds_and_sitemaps_leave_out_drafts_and_scheduled_articles(client, recent):
    factories.ArticleFactory(headline="Draft piece", status=Article.Status.DRAFT, publish_at=None)
    factories.ArticleFactory(
        headline="Scheduled piece", publish_at=timezone.now() + timedelta(hours=2)
    )
    for url in [
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/",
        "/search/?q=piece",
    ]:
        body = client.get(url).content.decode()
        assert "Draft piece" not in body and "draft-piece" not in body, url
        assert "Scheduled piece" not in body, url


def test_sitemap_uses_canonical_addresses(client, recent):
    """The index and every file it lists, asked for on another host."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ElementTree.fromstring(client.get("/sitemap.xml", HTTP_HOST="testserver").content)
    files = [loc.text for loc in index.iter(f"{ns}loc")]
    locations = []
    for address in files:
        body = client.get(address.removeprefix(SITE), HTTP_HOST="testserver").content
        locations += [loc.text for loc in ElementTree.fromstring(body).iter(f"{ns}loc")]
    assert SITE + recent.get_absolute_url() in locations
    assert all(loc.startswith(SITE) for loc in files + locations)


def test_news_sitemap_holds_only_the_last_two_days(client, recent):
    old = factories.ArticleFactory(
        headline="Older news", publish_at=timezone.now() - timedelta(days=3)
    )
    xml = client.get("/sitemap-news.xml").content
    tree = ElementTree.fromstring(xml)
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    titles = [t.text for t in tree.iter(f"{news}title")]
    assert titles == [recent.headline]
    assert old.headline not in xml.decode()
    assert tree.find(f".//{news}publication/{news}name").text == "Lord’s Press"
    assert tree.find(f".//{news}language").text == "en"


def test_robots_txt_lists_both_sitemaps(client, db):
    body = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body
    assert f"Sitemap: {SITE}/sitemap-news.xml" in body
    assert "Disallow: /admin/" in body


def test_article_page_has_canonical_open_graph_and_news_article_json_ld(client, recent):
    html = client.get(recent.get_absolute_url()).content.decode()
    url = SITE + recent.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta name="description" content="{recent.standfirst}">' in html

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == recent.headline
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["author"][0] == {
        "@type": "Organization",
        "name": "LP Staff Writers",
        "url": SITE + recent.author.get_absolute_url(),
    }
    assert data["datePublished"] == recent.publish_at.isoformat()
    assert data["publisher"]["name"] == "Lord's Press"


def test_json_ld_cannot_be_broken_out_of(client, db):
    article = factories.ArticleFactory(headline="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"


def test_list_pages_have_a_canonical_address_without_tracking_parameters(client, recent):
    html = client.get("/diplomacy/?utm_source=x&page=1").content.decode()
    assert f'<link rel="canonical" href="{SITE}/diplomacy/">' in html


def test_feeds_carry_plain_text_as_text_where_readers_expect_html(client, db):
    """RSS titles and descriptions and the Atom summary are HTML to a feed reader: the plain
    text is escaped once more, so a reader shows it rather than running it. Atom titles are
    text, as written."""
    article = factories.ArticleFactory(
        headline="Crowns & <coronets>", standfirst="<img src=x onerror=alert(1)> & more"
    )
    item = ElementTree.fromstring(client.get("/feed/").content).find("channel/item")
    assert item.findtext("title") == "Crowns &amp; &lt;coronets&gt;"
    assert item.findtext("description") == "&lt;img src=x onerror=alert(1)&gt; &amp; more"

    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = ElementTree.fromstring(client.get("/feed/atom/").content).find("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == article.headline
    summary = entry.find("a:summary", ns)
    assert summary.get("type") == "html"
    assert summary.text == "&lt;img src=x onerror=alert(1)&gt; &amp; more"
