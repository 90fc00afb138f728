"""The tester's members-only teasers, as Chromium lays the page out for a visitor who is not
a member: the members panel, the related articles and the site footer stay where the
template puts them, whatever element the cut falls in."""

import pytest

from articles.models import Article
from tests import factories
from tests.test_teasers import TESTER_BODIES

pytestmark = pytest.mark.django_db(transaction=True)

WHERE_THINGS_ARE = """() => {
    const panel = document.querySelector(".members-panel");
    const inside = (node) => node === null ? "missing" : [
        node.closest(".article__body") && "the article body",
        node.closest("td, th, table") && "a table",
        node.closest("blockquote") && "a quotation",
        node.closest("li") && "a list",
        node.closest("a") && "a link",
    ].filter(Boolean).join(", ");
    return {
        footerParent: document.querySelector("footer.site-footer").parentElement.tagName,
        panel: inside(panel),
        panelHeading: inside(panel && panel.querySelector("h2")),
        related: inside(document.querySelector("#related-heading")),
        footer: inside(document.querySelector("#footer-sections")),
        text: document.querySelector(".article__body").innerText,
    };
}"""


@pytest.mark.parametrize("name", TESTER_BODIES)
def test_chromium_keeps_the_page_around_the_teaser(browser, page, live_server, name):
    report = factories.ArticleFactory(kind=Article.Kind.SPECIAL_REPORT, body=TESTER_BODIES[name])
    factories.ArticleFactory(category=report.category)  # so "More from …" is shown
    page.goto(live_server.url + report.get_absolute_url())
    where = page.evaluate(WHERE_THINGS_ARE)
    assert where["footerParent"] == "BODY"
    assert where["panel"] == where["panelHeading"] == where["related"] == where["footer"] == ""
    assert "Cell one" in where["text"] and "Cell two" in where["text"]
    assert "Cell three" not in where["text"]
