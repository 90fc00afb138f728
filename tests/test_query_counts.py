"""Reading pages cost a constant, small number of queries, however large the journal.

Every page type is counted at two sizes of the journal, the deep pages of the lists
(``?page=3``, read like the 500th: keys from the index, rows by key) and search for an
anonymous reader and for a member among them; the counts must be equal. That the queries
themselves do not grow with the journal is ``tests/test_at_size.py``'s business (plans).
"""

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
    search = reverse("articles:search")
    return {
        "home": "/",
        "home-deep": "/?page=3",
        "section": journal.categories[0].get_absolute_url(),
        "section-deep": journal.categories[0].get_absolute_url() + "?page=3",
        "author": journal.authors[0].get_absolute_url(),
        "author-deep": journal.authors[0].get_absolute_url() + "?page=3",
        "archive": reverse("articles:archive"),
        "archive-year": reverse("articles:archive-year", args=[f"{when:%Y}"]),
        "archive-month": reverse("articles:archive-month", args=[f"{when:%Y}", f"{when:%m}"]),
        "search": search + "?q=committee",
        "search-page-2": search + "?q=committee&page=2",
        "search-member": ("member", search + "?q=committee"),
        "article": article.get_absolute_url(),
        "article-member": ("member", article.get_absolute_url()),
    }


def _count(client, url, *, cold: bool = True) -> int:
    from django.core.cache import cache

    if isinstance(url, tuple):  # a member's page
        _, url = url
        from tests.factories import UserFactory

        member = UserFactory()
        client.force_login(member)
    else:
        client.logout()
    if cold:
        cache.clear()  # the worst case: nothing cached
    # The public version (lordspress.core.cache) is made once per deployment, not per page:
    # made here, its queries (when pages next change by themselves) are not the page's.
    public_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _add_articles(journal, count: int, *, first: int) -> None:
    """``count`` more published articles, in the first section and under the first byline
    (whose deep pages are counted), older than any before."""
    from articles.models import Article
    from articles.services import article_save

    template = journal.articles[-1]
    for index in range(first, first + count):
        article_save(
            article=Article(
                headline=f"Further proceedings {index}",
                slug=f"further-proceedings-{index}",
                standfirst=template.standfirst,
                body=template.body,
                category=journal.categories[0],
                author=journal.authors[0],
                kind=Article.Kind.NEWS,
                status=Article.Status.PUBLISHED,
                publish_at=template.publish_at - timezone.timedelta(days=index),
            ),
            user=journal.staff[0],
        )


@pytest.mark.django_db
def test_query_counts_are_small_and_do_not_grow_with_the_journal(client):
    journal = build_journal(articles=5, with_images=False)
    _add_articles(journal, 40, first=0)  # three pages and more in the first section
    counts_small = {name: _count(client, url) for name, url in _page_urls(journal).items()}

    _add_articles(journal, 120, first=40)
    counts_large = {name: _count(client, url) for name, url in _page_urls(journal).items()}

    assert counts_small == counts_large
    assert max(counts_large.values()) <= MAX_QUERIES, counts_large


@pytest.mark.django_db
def test_with_the_chrome_cached_a_page_makes_only_its_own_queries(client):
    journal = build_journal(articles=5, with_images=False)
    _add_articles(journal, 40, first=0)
    warm = {}
    for name, url in _page_urls(journal).items():
        _count(client, url)  # fills the cache
        warm[name] = _count(client, url, cold=False)
    assert max(warm.values()) <= MAX_WARM_QUERIES, warm
