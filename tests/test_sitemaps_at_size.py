"""The sitemaps at 100,000 articles: an index whose files each keep within the protocol.

The rows are bulk-inserted here, not made by ``seed_demo``: sixty thousand in one month, so
that month needs two files, and two thousand in each of twenty other months. The checks read
the sitemaps as a crawler does, from robots.txt through the index.

``bulk_insert`` is ``bulk_create``'s SQL without its work on every field of every row (which
took a minute for 100,000 rows on SQLite, whose 999-parameter limit also cuts batches to 35
rows): the fields that are the same in every row are prepared once, by the fields themselves,
and only the changing ones per row.
"""

from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.db.models.signals import pre_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import MAX_FILE_BYTES, URLS_PER_FILE
from lordspress.core.dates import machine_date
from tests import factories
from tests.test_validators import sitemap_problems

pytestmark = pytest.mark.django_db

SITE = "https://www.lordspress.example"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BIG_MONTH = 60_000
SMALL_MONTHS, PER_SMALL_MONTH = 20, 2_000
TOTAL = BIG_MONTH + SMALL_MONTHS * PER_SMALL_MONTH


def bulk_insert(rows, *, batch: int = 5_000) -> None:
    """Insert ``(template, changes)`` pairs as Article rows: each row is ``template`` with the
    fields in ``changes`` replaced. Every value goes through its field's own preparation
    (``pre_save``, ``get_db_prep_save``), as ``bulk_create`` would."""
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(Article._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (the model's names)
    prepared: dict[int, list] = {}

    def values(template, changes):
        if id(template) not in prepared:
            prepared[id(template)] = [
                f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields
            ]
        row = list(prepared[id(template)])
        for position, field in enumerate(fields):
            if field.attname in changes:
                row[position] = field.get_db_prep_save(
                    field.to_python(changes[field.attname]), connection
                )
        return row

    # SQLite's executemany runs in C; psycopg2's sends one statement a row, so PostgreSQL
    # gets many rows to a statement (within its 65,535 parameters).
    per_statement = 1 if connection.vendor == "sqlite" else 2_000
    with connection.cursor() as cursor:
        chunk: list = []

        def flush():
            if per_statement == 1:
                cursor.executemany(sql, chunk)
                return
            for start in range(0, len(chunk), per_statement):
                part = chunk[start : start + per_statement]
                many = sql.replace(f"({marks})", ", ".join([f"({marks})"] * len(part)))
                cursor.execute(many, [value for row in part for value in row])

        for template, changes in rows:
            chunk.append(values(template, changes))
            if len(chunk) == batch:
                flush()
                chunk = []
        if chunk:
            flush()


def _month_start(months_ago: int) -> datetime:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months_ago
    return timezone.make_aware(datetime(index // 12, index % 12 + 1, 15, 9))


@pytest.fixture
def archive():
    """100,000 live articles: the big month three months back, the others before it. Every
    tenth one carries a marked update, so lastmod is not always the publication time."""
    section = factories.CategoryFactory(slug="diplomacy", name="Diplomacy")
    byline = factories.AuthorFactory(slug="lp-staff-writers", name="LP Staff Writers")
    moments = [_month_start(3) + timedelta(seconds=i) for i in range(BIG_MONTH)]
    for month in range(SMALL_MONTHS):
        start = _month_start(4 + month)
        moments += [start + timedelta(minutes=i) for i in range(PER_SMALL_MONTH)]

    template = Article(
        standfirst="From our correspondent.",
        body="<p>A despatch.</p>",
        category=section,
        author=byline,
        status=Article.Status.PUBLISHED,
    )

    def rows():
        for index, moment in enumerate(moments):
            yield (
                template,
                {
                    "headline": f"Despatch {index}",
                    "slug": f"despatch-{index}",
                    "publish_at": moment,
                    "updated_at": moment + timedelta(days=1) if index % 10 == 0 else None,
                },
            )

    bulk_insert(rows())
    assert Article.objects.count() == TOTAL
    return {"big month": _month_start(3)}


def _get(client, address: str) -> bytes:
    response = client.get(address.removeprefix(SITE))
    assert response.status_code == 200, address
    return response.content


def test_at_100000_articles_the_sitemap_is_an_index_of_files_within_the_limits(client, archive):
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots

    with CaptureQueriesContext(connection) as index_queries:
        index_body = _get(client, "/sitemap.xml")
    # The fronts, bylines and pages files (a query or two each), one grouped query for the
    # months, and one for each page of the month that needs two files: never a row each.
    assert len(index_queries) <= 10, [q["sql"] for q in index_queries]
    index = ElementTree.fromstring(index_body)
    assert index.tag == f"{NS}sitemapindex"
    assert sitemap_problems("/sitemap.xml", index_body) == []
    files = {
        entry.findtext(f"{NS}loc"): entry.findtext(f"{NS}lastmod")
        for entry in index.iter(f"{NS}sitemap")
    }
    big = _month_start(3)
    big_file = f"{SITE}/sitemap-articles-{big:%Y-%m}.xml"
    assert big_file in files and f"{big_file}?p=2" in files and f"{big_file}?p=3" not in files
    assert len([f for f in files if "/sitemap-articles-" in f]) == SMALL_MONTHS + 2

    seen: list[str] = []
    sizes = {}
    for address, lastmod in files.items():
        body = _get(client, address)
        path = address.removeprefix(SITE)
        assert sitemap_problems(path, body) == [], address
        urls = list(ElementTree.fromstring(body).iter(f"{NS}url"))
        assert 1 <= len(urls) <= URLS_PER_FILE and len(body) <= MAX_FILE_BYTES
        assert lastmod == max(u.findtext(f"{NS}lastmod") for u in urls), address
        sizes[path] = (len(urls), len(body))
        if "/sitemap-articles-" in address:
            seen += [u.findtext(f"{NS}loc") for u in urls]
    assert sizes[big_file.removeprefix(SITE)][0] == URLS_PER_FILE
    assert sizes[f"{big_file}?p=2".removeprefix(SITE)][0] == BIG_MONTH - URLS_PER_FILE
    # Every article once, in the file of its month.
    assert len(seen) == len(set(seen)) == TOTAL
    assert client.get(f"/sitemap-articles-{big:%Y-%m}.xml?p=3").status_code == 404

    # (One test, so the 100,000 rows are inserted once.) The big month's first file: 50,000
    # addresses from two queries (a count and the rows), and not one Article object made.
    made = []

    def count(sender, **kwargs):
        made.append(sender)

    pre_init.connect(count, sender=Article)
    try:
        with CaptureQueriesContext(connection) as queries:
            body = _get(client, f"/sitemap-articles-{big:%Y-%m}.xml")
    finally:
        pre_init.disconnect(count, sender=Article)
    assert made == []
    article_queries = [q["sql"] for q in queries if "articles_article" in q["sql"]]
    assert len(article_queries) == 2, article_queries
    assert "LIMIT" in article_queries[1].upper()
    urls = list(ElementTree.fromstring(body).iter(f"{NS}url"))
    assert len(urls) == URLS_PER_FILE
    first = Article.objects.order_by("publish_at", "pk").filter(publish_at__gte=big).first()
    assert urls[0].findtext(f"{NS}loc") == SITE + first.get_absolute_url()
    assert urls[0].findtext(f"{NS}lastmod") == machine_date(first.modified_for_readers)
