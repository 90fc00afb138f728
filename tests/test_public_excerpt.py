"""One public excerpt: what a visitor who is not a member reads of a members-only article's
body is ``articles.access.teaser_html`` of it, wherever it appears, and nothing else of the
body appears anywhere.

Every output is taken for one members-only article whose every word is unique and numbered:
the article page, its structured data, the cards that list it (home, section, byline,
archive, search), the feeds, the sitemaps and a newsletter issue's email (HTML and plain
text). The page and the email must carry exactly the teaser's words, in order; every other
output none of the body's words. A second way of cutting an excerpt (a card showing the
first words of the body, JSON-LD with an ``articleBody``, an email cutting its own
opening) fails here; so does a second cutter built on ``lordspress.core.html_cut``.
"""

import ast
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import access
from articles.access import is_members_only, teaser_html
from articles.models import Article
from newsletter.models import NewsletterIssue
from tests import factories
from tests.journal import build_journal

pytestmark = pytest.mark.django_db


def _words(first: int, count: int) -> str:
    return " ".join(f"w{n:04d}q" for n in range(first, first + count))


def _body_words(text: str) -> list[str]:
    return re.findall(r"w\d{4}q", text)


BODIES = {
    "an editor's cut": (
        f"<p>{_words(1, 12)}</p><p>[members-only]</p><p>{_words(13, 30)}</p><p>{_words(43, 30)}</p>"
    ),
    "no cut: the opening blocks": "".join(f"<p>{_words(1 + 10 * n, 10)}</p>" for n in range(6)),
    "a list and a table": (
        f"<ul><li>{_words(1, 8)}</li><li>{_words(9, 8)}</li></ul>"
        f"<table><tbody><tr><td>{_words(17, 20)}</td></tr></tbody></table>"
        f"<p>{_words(37, 40)}</p><p>{_words(77, 40)}</p>"
    ),
    "too short for a teaser": f"<p>{_words(1, 10)}</p><p>{_words(11, 10)}</p>",
}


def _outputs(client, editor, capture, report) -> dict[str, str]:
    when = timezone.localtime(report.publish_at)
    pages = {
        "article page": report.get_absolute_url(),
        "home": "/",
        "section": report.category.get_absolute_url(),
        "byline": report.author.get_absolute_url(),
        "archive": reverse("articles:archive-month", args=[f"{when:%Y}", f"{when:%m}"]),
        "search": reverse("articles:search") + "?q=Quarterings",
        "rss": reverse("articles:feed"),
        "atom": reverse("articles:feed-atom"),
        "section feed": reverse("articles:section-feed", args=[report.category.slug]),
        "sitemap": reverse("sitemap"),
        "news sitemap": reverse("sitemap-news"),
    }
    outputs = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        outputs[name] = response.content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', outputs["article page"], re.S
    )
    (ld,) = [block for block in blocks if '"NewsArticle"' in block]  # beside its breadcrumbs
    outputs["structured data"] = ld
    outputs["article page"] = outputs["article page"].replace(ld, "")

    issue = NewsletterIssue.objects.create(subject="The week", introduction="Good day.")
    issue.articles.add(report)
    mail.outbox.clear()
    staff = Client()  # the editor sends a test to herself; the visitor stays anonymous
    staff.force_login(editor)
    with capture(execute=True):
        staff.post(
            reverse("admin:newsletter_newsletterissue_changelist"),
            {"action": "send_test", "_selected_action": [issue.pk]},
        )
    (message,) = mail.outbox
    outputs["email (HTML)"] = message.alternatives[0][0]
    outputs["email (text)"] = message.body
    return outputs


CARRY_THE_EXCERPT = {"article page", "email (HTML)", "email (text)"}


@pytest.mark.parametrize("name", BODIES)
def test_every_output_carries_the_one_excerpt_or_nothing_of_the_body(
    client, editor, django_capture_on_commit_callbacks, name
):
    journal = build_journal(articles=3, with_images=False)
    report = factories.ArticleFactory(
        headline="Quarterings of the registers",
        standfirst="What the heralds record, state by state.",
        kind=Article.Kind.SPECIAL_REPORT,
        category=journal.categories[0],
        author=journal.authors[1],
        body=BODIES[name],
    )
    assert is_members_only(report)
    excerpt = _body_words(teaser_html(report.body))
    assert len(excerpt) < len(_body_words(report.body))  # something is held back

    outputs = _outputs(client, editor, django_capture_on_commit_callbacks, report)

    for where, content in outputs.items():
        expected = excerpt if where in CARRY_THE_EXCERPT else []
        assert _body_words(content) == expected, where
    # Wherever it is listed or described, it is marked as the members' (the one rule).
    for where in ["home", "section", "byline", "archive", "search"]:
        card = outputs[where].split(report.headline, 1)[1].split("</article>", 1)[0]
        assert "Members" in card, where
    assert json.loads(outputs["structured data"])["isAccessibleForFree"] is False
    assert "· Members" in outputs["email (HTML)"] and "· Members" in outputs["email (text)"]

    client.force_login(factories.UserFactory())  # a member reads the whole body
    page = client.get(report.get_absolute_url()).content.decode()
    assert set(_body_words(report.body)) <= set(_body_words(page))


def test_only_the_access_rules_cut_html():
    """The excerpt is cut in one place: no other module of the project uses the HTML cutter
    that ``teaser_html`` is built on."""
    cutter = access.html_cut.__name__
    root = Path(settings.BASE_DIR)
    users = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "var", "tests", "node_modules"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            if cutter in names:
                users.append(str(relative))
    assert sorted(set(users)) == [str(Path(*access.__name__.split(".")).with_suffix(".py"))]
