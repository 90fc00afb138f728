"""What a reader sees: masthead, front page, sections, article page, pages, archive, search."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from articles.models import Article
from lordspress.core.cache import site_chrome_invalidate
from lordspress.sitesettings.models import SiteSettings
from tests import factories
from tests.journal import build_journal

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def journal(db):
    return build_journal()


def test_masthead_shows_the_long_london_date_place_and_time(client, db):
    with time_machine.travel(datetime(2025, 9, 12, 10, 32, tzinfo=LONDON), tick=False):
        html = client.get("/").content.decode()
    assert "Friday, 12 September, 2025" in html
    assert "London, UK" in html
    assert "10:32 AM" in html


def test_masthead_date_is_london_not_utc_around_midnight(client, db):
    # 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
    with time_machine.travel(datetime(2026, 5, 31, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        html = client.get("/").content.decode()
    assert "Monday, 1 June, 2026" in html


def test_masthead_navigation_lists_every_section_and_a_search_box(client, journal):
    html = client.get("/").content.decode()
    for section in journal.categories:
        assert f'href="/{section.slug}/"' in html
    assert 'role="search"' in html and 'name="q"' in html


def test_front_page_has_lead_sections_special_reports_notices_and_latest(client, journal):
    response = client.get("/")
    context = response.context
    assert context["lead"].headline == journal.articles[1].headline  # marked lead
    assert [section.name for section, _ in context["sections"]] == [
        "Diplomacy",
        "Heraldry",
        "Notices",
    ]
    assert all(len(articles) <= 3 for _, articles in context["sections"])
    assert {a.kind for a in context["special_reports"]} == {Article.Kind.SPECIAL_REPORT}
    assert {a.kind for a in context["notices"]} == {Article.Kind.NOTICE}
    html = response.content.decode()
    for heading in ["Latest", "Special Reports", "Notices"]:
        assert f">{heading}</h2>" in html
    assert 'rel="next"' in html  # 16 articles, 12 a page


def test_front_page_second_page_lists_older_articles(client, journal):
    response = client.get("/?page=2")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 4
    assert b"Latest, page 2" in response.content


def test_article_page_has_everything_a_journal_of_record_shows(client, journal):
    article = journal.articles[0]
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<h1 class="article__headline">{article.headline}</h1>' in html
    assert article.standfirst in html
    assert f'href="{article.author.get_absolute_url()}" rel="author"' in html
    assert "The arms as granted" in html and "Illustration: Lord’s Press" in html
    assert 'alt="A shield azure, a chevron or"' in html
    assert "Corrections" in html
    assert "More from" in html
    assert "Subscribe to receive your complimentary login credentials" in html
    assert "LP is free thanks to our Sponsors" in html
    assert 'rel="sponsored noopener"' in html
    assert "https://x.com/intent/post?" in html and "mailto:?" in html
    assert '<script src="https://' not in html  # no third-party scripts
    assert "Updated" not in html.split("article__byline", 1)[1].split("</p>", 1)[0]


def test_section_page_lists_only_its_articles(client, journal):
    section = journal.categories[1]
    response = client.get(section.get_absolute_url())
    assert {a.category_id for a in response.context["object_list"]} == {section.pk}
    assert f'<h1 class="page-title">{section.name}</h1>'.encode() in response.content


def test_author_page_shows_the_byline_bio_and_articles(client, journal):
    author = journal.authors[1]
    response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    assert {a.author_id for a in response.context["object_list"]} == {author.pk}
    assert author.bio.encode() in response.content


def test_static_pages_are_served_at_their_slug_and_linked_in_the_footer(client, journal):
    response = client.get("/privacy-policy/")
    assert response.status_code == 200
    assert b'<h1 class="page-title">Privacy Policy</h1>' in response.content
    home = client.get("/").content.decode()
    for page in ["/our-history/", "/privacy-policy/", "/cookie-policy/"]:
        assert f'href="{page}"' in home


def test_a_page_cannot_take_a_sections_address_or_a_reserved_one(journal):
    page = factories.PageFactory.build(title="Diplomacy", slug="diplomacy", body="<p>x</p>")
    with pytest.raises(ValidationError, match="section already uses"):
        page.full_clean()
    reserved = factories.PageFactory.build(title="Admin", slug="admin", body="<p>x</p>")
    with pytest.raises(ValidationError, match="used by the site itself"):
        reserved.full_clean()
    section = factories.CategoryFactory.build(name="Our History", slug="our-history")
    with pytest.raises(ValidationError, match="static page already uses"):
        section.full_clean()


def test_archive_lists_months_and_years(client, journal):
    article = journal.articles[0]
    local = timezone.localtime(article.publish_at)
    index = client.get("/archive/").content.decode()
    assert f'href="/archive/{local:%Y}/{local:%m}/"' in index
    month = client.get(f"/archive/{local:%Y}/{local:%m}/")
    assert article in month.context["object_list"]


def test_search_finds_by_headline_and_body_and_paginates(client, journal):
    factories.ArticleFactory(
        headline="Letters patent for the Viscountcy of Harrowden",
        body="<p>The Garter King of Arms attended.</p>",
    )
    assert client.get("/search/?q=Harrowden").context["paginator"].count == 1
    assert client.get("/search/?q=garter king").context["paginator"].count == 1
    many = client.get("/search/?q=succession")
    assert many.context["paginator"].count == 16
    assert many.context["paginator"].num_pages == 2


def test_scheduled_articles_appear_at_their_time_with_no_job(client, journal):
    when = timezone.now() + timedelta(hours=6)
    scheduled = factories.ArticleFactory(headline="The Duke’s memorial service", publish_at=when)
    assert scheduled.headline.encode() not in client.get("/").content
    with time_machine.travel(when + timedelta(seconds=1)):
        assert scheduled.headline.encode() in client.get("/").content


def test_site_settings_edits_reach_the_page_once_saved_in_the_admin(editor_client, client, db):
    client.get("/")  # fill the cache
    settings_row = SiteSettings.load()
    response = editor_client.post(
        "/admin/sitesettings/sitesettings/1/change/",
        {
            "masthead_location": "St James’s, London",
            "tagline": settings_row.tagline,
            "newsletter_heading": "The Lord’s Press letter",
            "newsletter_text": settings_row.newsletter_text,
            "sponsors_heading": settings_row.sponsors_heading,
            "postal_address": "14 Bury Street\nLondon SW1Y 6AL",
            "contact_email": "desk@lordspress.example",
        },
    )
    assert response.status_code == 302
    # A reader's page: a signed-in editor is shown no newsletter box (the signed-in look).
    html = Client().get("/").content.decode()
    assert "St James’s, London" in html
    assert "The Lord’s Press letter" in html
    assert "14 Bury Street<br>London SW1Y 6AL" in html


def test_sponsors_show_only_while_active(client, db):
    today = timezone.localdate()
    factories.SponsorFactory(name="Current Bank")
    factories.SponsorFactory(name="Lapsed Engravers", active_until=today - timedelta(days=1))
    factories.SponsorFactory(name="Future Auctioneers", active_from=today + timedelta(days=1))
    site_chrome_invalidate()
    html = client.get("/").content.decode()
    assert 'alt="Current Bank"' in html
    assert "Lapsed Engravers" not in html and "Future Auctioneers" not in html
