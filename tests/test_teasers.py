"""What a non-member gets of a members-only article is balanced HTML cut at the right place,
in every output that carries it (issue 8: a teaser cut in the text left ``<table><tr><td>``
open, and the members panel, related articles and site footer fell into the table cell).

Bodies are generated with tables, lists, quotations, links and figures nested in each other,
with the ``[members-only]`` marker at any depth (written in any case, alone in a paragraph,
inside a sentence or split by formatting), or without one. Every word of a body is unique and
numbered in reading order, so where the cut must fall is known without the code under test:
before the first marker, else after the second paragraph.
"""

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.access import full_html, teaser_html
from articles.models import Article
from lordspress.sanitize import sanitize_html
from newsletter.models import NewsletterIssue
from newsletter.services import issue_send_test
from tests import factories
from tests.html_structure import browser_body, outline, parent_chains

pytestmark = pytest.mark.django_db

MARKERS = ("[members-only]", "[Members-Only]", "[MEMBERS-ONLY]", "[members-<em>only</em>]")
WORD = object()
BREAK = object()


@dataclass(frozen=True)
class Marker:
    spelling: str


@dataclass
class Body:
    """A generated body and what reading it in order meets: words, markers, paragraph ends."""

    html: str = ""
    events: list = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return [value for kind, value in self.events if kind == "word"]

    def cut(self) -> int:
        """How many events a non-member may read."""
        markers = [i for i, (kind, _) in enumerate(self.events) if kind == "marker"]
        if markers:
            return markers[0]
        ends = [i for i, (kind, _) in enumerate(self.events) if kind == "paragraph end"]
        return ends[:2][-1] if ends else 0

    def public_words(self) -> list[str]:
        return [value for kind, value in self.events[: self.cut()] if kind == "word"]

    def hidden_words(self) -> list[str]:
        return [value for kind, value in self.events[self.cut() :] if kind == "word"]


_marker = st.sampled_from(MARKERS).map(Marker)


def _phrasing(depth: int, in_link: bool):
    """Inline content (what a paragraph or heading holds)."""
    leaves = [st.just(WORD), st.just(WORD), st.just(WORD), st.just(BREAK), _marker]
    if depth == 0:
        return st.lists(st.one_of(leaves), min_size=1, max_size=3)
    inner = _phrasing(depth - 1, in_link)
    wrappers = [st.tuples(st.sampled_from(["strong", "em", "q"]), inner)]
    if not in_link:
        wrappers.append(st.tuples(st.just("a"), _phrasing(depth - 1, True)))
    return st.lists(st.one_of(*leaves, *wrappers), min_size=1, max_size=3)


def _flow(depth: int, in_link: bool = False):
    """Block content (what the body, a quotation, a list item or a table cell holds)."""
    blocks = [
        st.tuples(st.just("p"), _phrasing(2, in_link)),
        st.tuples(st.just("p"), _phrasing(1, in_link)),
        st.tuples(st.just("h2"), _phrasing(1, in_link)),
        st.tuples(st.just("marker paragraph"), _marker),
        st.tuples(st.just("inline"), _phrasing(1, in_link)),
    ]
    if depth > 0:
        inner = _flow(depth - 1, in_link)
        blocks += [
            st.tuples(st.just("blockquote"), inner),
            st.tuples(st.sampled_from(["ul", "ol"]), st.lists(inner, min_size=1, max_size=3)),
            st.tuples(
                st.just("table"),
                st.lists(st.lists(inner, min_size=1, max_size=3), min_size=1, max_size=3),
            ),
            st.tuples(st.just("figure"), _phrasing(1, in_link)),
        ]
        if not in_link:
            blocks.append(st.tuples(st.just("a"), _flow(depth - 1, True)))
    return st.lists(st.one_of(blocks), min_size=1, max_size=4)


def _render(nodes, body: Body) -> str:
    out = []
    for node in nodes:
        if node is WORD:
            word = f"w{len(body.words) + 1:04d}q"
            body.events.append(("word", word))
            out.append(f"{word} ")
        elif node is BREAK:
            out.append("<br>")
        elif isinstance(node, Marker):
            body.events.append(("marker", node.spelling))
            out.append(f" {node.spelling} ")
        else:
            kind, content = node
            if kind == "marker paragraph":
                body.events.append(("marker", content.spelling))
                out.append(f"<p>{content.spelling}</p>")
            elif kind == "inline":
                out.append(_render(content, body))
            elif kind == "p":
                out.append(f"<p>{_render(content, body)}</p>")
                body.events.append(("paragraph end", None))
            elif kind in {"ul", "ol"}:
                items = "".join(f"<li>{_render(item, body)}</li>" for item in content)
                out.append(f"<{kind}>{items}</{kind}>")
            elif kind == "table":
                rows = "".join(
                    "<tr>" + "".join(f"<td>{_render(cell, body)}</td>" for cell in row) + "</tr>"
                    for row in content
                )
                out.append(f"<table><tbody>{rows}</tbody></table>")
            elif kind == "figure":
                out.append(
                    '<figure class="image"><img src="/media/uploads/arms.jpg" alt="Arms">'
                    f"<figcaption>{_render(content, body)}</figcaption></figure>"
                )
            elif kind == "a":
                out.append(f'<a href="/archive/">{_render(content, body)}</a>')
            else:
                out.append(f"<{kind}>{_render(content, body)}</{kind}>")
    return "".join(out)


@st.composite
def bodies(draw) -> Body:
    body = Body()
    body.html = _render(draw(_flow(2)), body)
    return body


def _balanced(html: str) -> bool:
    """Balanced: a browser's parser (html5ever) reads it to the very tree it writes out."""
    return sanitize_html(html) == html


def _visible_words(html: str) -> list[str]:
    return re.findall(r"w\d{4}q", html)


@pytest.fixture
def report():
    return factories.ArticleFactory(
        kind=Article.Kind.SPECIAL_REPORT,  # members-only by kind
        headline="Registers of nobility",
        standfirst="A survey of the registers, state by state.",
    )


@pytest.fixture
def issue(report):
    issue = NewsletterIssue.objects.create(subject="The week", introduction="Good day.")
    issue.articles.add(report)
    return issue


ARTICLE_BODY = "div.article__body.prose"


def _page_outline(client, report) -> list:
    page = client.get(report.get_absolute_url()).content.decode()
    return outline(browser_body(page), leaving_out=ARTICLE_BODY)


@pytest.fixture
def page_outline(client, report):
    """The article page's structure outside the body, with a plain one-paragraph body."""
    report.body = "<p>One paragraph.</p>"
    report.save()
    return _page_outline(client, report)


HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(body=bodies())
def test_the_teaser_and_the_full_text_are_balanced_and_cut_where_the_editor_said(body):
    assert _balanced(sanitize_html(body.html))  # the generator writes what a browser reads
    teaser = teaser_html(body.html)
    assert _balanced(teaser)
    assert _visible_words(teaser) == body.public_words()
    full = full_html(body.html)
    assert _balanced(full)
    assert _visible_words(full) == body.words
    assert "members-" not in full.lower()


@HYPOTHESIS
@given(body=bodies())
def test_every_output_that_carries_a_teaser_is_balanced_and_holds_nothing_after_the_cut(
    client, django_capture_on_commit_callbacks, report, issue, page_outline, body
):
    report.body = body.html
    report.save()
    hidden = body.hidden_words()

    # The article page, as a visitor who is not a member gets it.
    response = client.get(report.get_absolute_url())
    page = response.content.decode()
    teaser = response.context["reading"].body
    assert _balanced(teaser)
    assert _visible_words(teaser) == body.public_words()
    assert not [word for word in hidden if word in page]
    structure = browser_body(page)
    assert parent_chains(structure, "footer.site-footer") == [[]]  # a child of <body>
    assert parent_chains(structure, "aside.members-panel") == [["main.page", "article.article"]]
    assert outline(structure, leaving_out=ARTICLE_BODY) == page_outline

    # Its structured data.
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert data["isAccessibleForFree"] is False
    assert not [word for word in hidden if word in block]

    # The feeds.
    for url in ["/feed/", "/feed/atom/", f"/{report.category.slug}/feed/"]:
        feed = client.get(url).content
        ET.fromstring(feed)  # well-formed
        assert not [word for word in hidden if word in feed.decode()], url

    # A newsletter issue's email, where each article appears as any visitor may read it.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issue_send_test(issue=issue, to="editor@example.org")
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert not [word for word in hidden if word in message.body + html]
    email = browser_body(html)
    assert parent_chains(email, "div.footer") == [["div.wrapper"]]
    assert parent_chains(email, "div.item") == [["div.wrapper", "div.sheet"]]


TESTER_BODIES = {
    "table": (
        "<table><tbody><tr><td><p>Cell one</p><p>Cell two</p><p>Cell three</p></td></tr>"
        "</tbody></table>"
    ),
    "blockquote": "<blockquote><p>Cell one</p><p>Cell two</p><p>Cell three</p></blockquote>",
    "list": "<ul><li><p>Cell one</p><p>Cell two</p><p>Cell three</p></li></ul>",
    "link": '<a href="/archive/"><p>Cell one</p><p>Cell two</p><p>Cell three</p></a>',
    "marker in a cell": (
        "<table><tbody><tr><td><p>Cell one</p><p>Cell two</p><p>[members-only]</p>"
        "<p>Cell three</p></td><td>Cell three too</td></tr></tbody></table><p>Cell three also</p>"
    ),
    "marker in a sentence": "<blockquote><p>Cell one Cell two [members-only] Cell three</p>",
}


@pytest.mark.parametrize("name", TESTER_BODIES)
def test_the_tester_s_bodies_leave_the_page_whole(client, report, page_outline, name):
    report.body = TESTER_BODIES[name]
    report.save()
    response = client.get(report.get_absolute_url())
    assert _balanced(response.context["reading"].body)
    page = response.content.decode()
    assert "Cell one" in page and "Cell two" in page
    assert "Cell three" not in page
    structure = browser_body(page)
    assert parent_chains(structure, "footer.site-footer") == [[]]
    assert parent_chains(structure, "aside.members-panel") == [["main.page", "article.article"]]
    assert outline(structure, leaving_out=ARTICLE_BODY) == page_outline


@pytest.mark.parametrize("depth", [1, 3000])
def test_a_body_nested_thousands_of_elements_deep_is_cut_like_any_other(depth):
    """html5ever keeps any depth; the cut must not give up (a RecursionError is a 500)."""
    around = ("<blockquote>" * depth, "</blockquote>" * depth)
    marked = f"{around[0]}<p>Cell one</p><p>[members-only]</p><p>Cell three</p>{around[1]}"
    teaser = teaser_html(marked)
    assert "Cell one" in teaser and "Cell three" not in teaser and _balanced(teaser)
    full = full_html(marked)
    assert "Cell three" in full and "members-only" not in full and _balanced(full)
    unmarked = f"{around[0]}<p>Cell one</p><p>Cell two</p><p>Cell three</p>{around[1]}"
    teaser = teaser_html(unmarked)
    assert "Cell two" in teaser and "Cell three" not in teaser and _balanced(teaser)
