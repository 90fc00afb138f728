"""Plain text in the outputs: every XML output stays well-formed whatever the rows hold, and
plain text never becomes live markup in a feed, a page or an email.

The outputs are the journal's public addresses (``Journal.public_urls``; a test in
test_public_pages.py makes sure every public route is among them), so a new feed, sitemap or
page is checked here without a new test.
"""

import html
import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from lordspress.core.fields import NormalisedTextMixin
from lordspress.core.text import plain_text
from lordspress.outbox.services import outbox_deliver_due, outbox_queue
from newsletter.models import NewsletterIssue
from tests import factories
from tests.journal import build_journal
from tests.project import PROJECT_APPS

ATOM = "{http://www.w3.org/2005/Atom}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# What a word-processor paste or an old import leaves: Word's line break (VT), other C0
# controls and a noncharacter. XML 1.0 allows none of them, escaped or not.
FORBIDDEN = "\v\x01\x1f\ufffe\uffff"
EXPECTED_XML_OUTPUTS = {
    "articles:feed",
    "articles:feed-atom",
    "articles:section-feed",
    "articles:section-feed-atom",
    "sitemap",
    "sitemap-news",
}


def _plain_text_columns():
    """(model, field) for every plain-text column of the project's own (non-history) models."""
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical"):
            for field in model._meta.concrete_fields:
                if isinstance(field, NormalisedTextMixin):
                    yield model, field


def _xml_outputs(client, journal) -> dict[str, bytes]:
    """Every public address that answers XML, by route name, with its body."""
    from django.urls import resolve

    outputs = {}
    for url in journal.public_urls():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if "xml" in response["Content-Type"]:
            outputs[f"{resolve(url.split('?')[0]).view_name} {url}"] = response.content
    assert {name.split()[0] for name in outputs} >= EXPECTED_XML_OUTPUTS
    return outputs


@pytest.fixture
def journal(db):
    return build_journal(with_images=False)


def test_every_xml_output_is_well_formed_with_rows_stored_before_the_normaliser(client, journal):
    """Rows written by raw SQL (as by an old import, or before the fields normalised): the
    feeds, sitemaps and every other XML output still answer 200 and parse."""
    quote = connection.ops.quote_name
    columns = 0
    with connection.cursor() as cursor:
        for model, field in _plain_text_columns():
            cursor.execute(
                f"UPDATE {quote(model._meta.db_table)} "  # noqa: S608 — names from the models
                f"SET {quote(field.column)} = {quote(field.column)} || %s",
                [FORBIDDEN],
            )
            columns += 1
    assert columns > 30
    assert FORBIDDEN in Article.objects.values_list("headline", flat=True).first()

    for name, body in _xml_outputs(client, journal).items():
        try:
            ElementTree.fromstring(body)
        except ElementTree.ParseError as error:
            pytest.fail(f"{name} is not well-formed XML: {error}")
    headlines = [
        title.text
        for title in ElementTree.fromstring(client.get("/sitemap-news.xml").content).iter(
            f"{NEWS}title"
        )
    ]
    assert journal.articles[0].headline in headlines  # the text kept, the characters dropped


@pytest.mark.django_db
def test_any_text_saved_as_a_headline_or_a_name_gives_valid_xml_and_one_line(client):
    article = factories.ArticleFactory()
    section, byline = article.category, article.author
    feeds = [
        "/feed/",
        "/feed/atom/",
        f"/{section.slug}/feed/",
        f"/{section.slug}/feed/atom/",
    ]
    hostile = st.characters(exclude_categories=()) | st.sampled_from("\v\r\n\t<&>\x00\u2028")

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(headline=st.text(hostile, max_size=60), name=st.text(hostile, max_size=20))
    def check(headline, name):
        article.headline = headline
        article.standfirst = headline
        article.save()
        section.name = name
        section.save()
        byline.name = name
        byline.save()
        stored = Article.objects.values_list("headline", "standfirst").get(pk=article.pk)
        assert stored == (plain_text(headline, single_line=True),) * 2
        assert not any(char in stored[0] for char in "\r\n\v\t\u2028")

        for url in feeds:
            tree = ElementTree.fromstring(client.get(url).content)
            if tree.tag == "rss":  # RSS titles and descriptions are HTML: escaped once more
                item = tree.find("channel/item")
                assert html.unescape(item.findtext("title")) == stored[0]
                assert html.unescape(item.findtext("description")) == stored[1]
            else:  # Atom: the title is text, the summary HTML
                entry = tree.find(f"{ATOM}entry")
                assert entry.findtext(f"{ATOM}title") == stored[0]
                assert html.unescape(entry.findtext(f"{ATOM}summary")) == stored[1]
        ElementTree.fromstring(client.get("/sitemap.xml").content)
        news = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
        assert (news.find(f".//{NEWS}title").text or "") == stored[0]

    check()


# --- plain text where HTML is expected ---------------------------------------------------------

PAYLOADS = (
    '<img src=x onerror="alert(1)"></script><script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
)


class _Markup(HTMLParser):
    """The elements and scripts a browser or a feed reader would build from some HTML."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._script = [], [], None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = (dict(attrs), [])

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None


def _live_payload(markup: str) -> list[str]:
    """What of PAYLOADS became live: an element with ``onerror``, the ``<img src=x>``, a
    script of our own text, or a JSON-LD block broken out of."""
    parsed = _Markup(markup)
    found = [
        f"<{tag} {attrs}>"
        for tag, attrs in parsed.tags
        if "onerror" in attrs or (tag == "img" and attrs.get("src") == "x")
    ]
    for attrs, text in parsed.scripts:
        if attrs.get("type") == "application/ld+json":
            try:
                json.loads(text)
            except ValueError:
                found.append(f"a JSON-LD block broken out of: {text[:80]}")
        elif "alert(1)" in text:
            found.append(f"<script>{text}</script>")
    return found


def _fill_every_plain_text_field_with_markup() -> None:
    """Every plain-text field of every row (articles, bylines, sections, corrections, pages,
    sponsors, follow links, site settings, the cookie registry…) holds hostile markup."""
    for model, field in _plain_text_columns():
        for pk in model._base_manager.values_list("pk", flat=True):
            suffix = f" {pk}" if field.unique else ""
            payload = next(p for p in PAYLOADS if len(p + suffix) <= (field.max_length or 1000))
            model._base_manager.filter(pk=pk).update(**{field.attname: payload + suffix})


def test_plain_text_never_becomes_live_markup_in_a_feed_or_a_page(client, admin_client, journal):
    _fill_every_plain_text_field_with_markup()
    assert Article.objects.filter(headline=PAYLOADS[0]).exists()
    problems = {}
    for url in journal.public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        content_type = response["Content-Type"]
        body = response.content.decode()
        if "html" in content_type:
            problems[url] = _live_payload(body)
            continue
        if "xml" not in content_type:
            continue
        tree = ElementTree.fromstring(body)
        if tree.tag == "rss":
            # RSS readers take titles and descriptions as HTML (RSS 2.0 allows it there).
            html_texts = [e.text or "" for e in tree.iter() if e.tag in {"title", "description"}]
        else:
            # Atom and the rest: only elements marked type="html" are HTML.
            html_texts = [e.text or "" for e in tree.iter() if e.get("type") == "html"]
        problems[url] = [f for text in html_texts for f in _live_payload(text)]
        if tree.tag in {"rss", f"{ATOM}feed"}:
            assert "onerror" in body, url  # the text is there, as text
    preview = reverse("admin:articles_article_preview", args=[journal.article.pk])
    problems[preview] = _live_payload(admin_client.get(preview).content.decode())
    assert {url: found for url, found in problems.items() if found} == {}


def test_plain_text_never_becomes_live_markup_in_an_email(journal):
    _fill_every_plain_text_field_with_markup()
    issue = NewsletterIssue.objects.create(subject=PAYLOADS[0], introduction=PAYLOADS[0])
    issue.articles.set(journal.articles)
    for_review = factories.ArticleFactory(headline=PAYLOADS[0], status=Article.Status.IN_REVIEW)
    outbox_queue(
        kind="newsletter.issue", to="desk@example.org", context={"issue_id": issue.pk, "test": True}
    )
    outbox_queue(
        kind="articles.review", to="desk@example.org", context={"article_id": for_review.pk}
    )
    outbox_deliver_due()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        [(html_part, _)] = message.alternatives
        assert "onerror" in html_part
        assert _live_payload(html_part) == [], message.subject
