"""Reading pages cost a constant, small number of queries, however large the journal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lordspress.core.cache import public_version
from tests.journal import build_journal

# With nothing cached: a page's own queries (at most 5: an archive's existence check, its date
# list, its count, its rows) plus one per table of the chrome every page shares, each read
# once and then cached: site settings, sections, footer pages, follow links, sponsors, the
# consent policy, the consent settings (the Google tag; its own table since issue 9) and the
# weather reading.
MAX_QUERIES = 13
# With the chrome cached, as for every request but the first after a change: only the
# page's own queries.
MAX_WARM_QUERIES = 5


def _page_urls(journal):
    article = journal.article
    when = timezone.localtime(article.publish_at)
    return {
        "home": "/",
        "section": journal.categories[0].get_absolute_url(),
        "author": journal.authors[0].get_absolute_url(),
        "archive": reverse("articles:archive"),
        "archive-year": reverse("articles:archive-year", args=[f"{when:%Y}"]),
        "archive-month": reverse("articles:archive-month", args=[f"{when:%Y}", f"{when:%m}"]),
        "search": reverse("articles:search") + "?q=succession barony",
        "article": article.get_absolute_url(),
    }


def _count(client, url, *, cold: bool = True) -> int:
    from django.core.cache import cache

    if cold:
        cache.clear()  # the worst case: nothing cached
    # The public version (lordspress.core.cache) is made once per deployment, not per page:
    # made here, its queries (when pages next change by themselves) are not the page's.
    public_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_query_counts_are_small_and_do_not_grow_with_the_journal(client):
    small = build_journal(articles=5, with_images=False)
    counts_small = {name: _count(client, url) for name, url in _page_urls(small).items()}

    from articles.models import Article
    from articles.services import article_save

    template = small.articles[-1]
    for index in range(45):
        article_save(
            article=Article(
                headline=f"Further proceedings {index}",
                slug=f"further-proceedings-{index}",
                standfirst=template.standfirst,
                body=template.body,
                category=small.categories[index % 3],
                author=small.authors[index % 2],
                kind=template.kind,
                status=template.status,
                publish_at=template.publish_at - timezone.timedelta(days=index),
            ),
            user=small.staff[0],
        )
    counts_large = {name: _count(client, url) for name, url in _page_urls(small).items()}

    assert counts_small == counts_large
    assert max(counts_large.values()) <= MAX_QUERIES, counts_large


@pytest.mark.django_db
def test_with_the_chrome_cached_a_page_makes_only_its_own_queries(client):
    journal = build_journal(articles=5, with_images=False)
    warm = {}
    for name, url in _page_urls(journal).items():
        _count(client, url)  # fills the cache
        warm[name] = _count(client, url, cold=False)
    assert max(warm.values()) <= MAX_WARM_QUERIES, warm
