"""Reading a whole page as a browser builds it, for tests of its structure.

The tree construction is html5ever's (the HTML Standard's parsing algorithm, as nh3 runs it):
a start tag left open, a table cell never closed, a stray end tag are resolved as a browser
resolves them (implied end tags, the adoption agency, foster parenting). Every tag the page
uses is allowed through, so nothing of its structure is lost; what comes out is that tree,
serialised, and ``parent_chain`` reads it back with Python's tokenizer (html5ever writes an
end tag for every element that is not void).
"""

import re
from html.parser import HTMLParser

import nh3

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


def browser_body(page: str) -> str:
    """The content of ``<body>`` as a browser's parser builds it, serialised again (classes
    kept, other attributes, scripts and styles dropped)."""
    start = page.index("<body")
    inner = page[page.index(">", start) + 1 : page.rindex("</body>")]
    tags = {tag.lower() for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)", inner)}
    return nh3.clean(
        inner,
        tags=tags - {"script", "style"},
        attributes={"*": {"class"}},
        link_rel=None,
        strip_comments=True,
    )


class _Chains(HTMLParser):
    def __init__(self, wanted: str):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.open: list[str] = []
        self.found: list[list[str]] = []
        self.every: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        label = f"{tag}.{'.'.join(classes.split())}" if classes else tag
        if label == self.wanted or tag == self.wanted:
            self.found.append(list(self.open))
        self.every.append((label, tuple(self.open)))
        if tag not in VOID:
            self.open.append(label)

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()


def parent_chains(body: str, wanted: str) -> list[list[str]]:
    """For each element ``wanted`` ("footer.site-footer" or a bare tag name) in ``body``
    (as ``browser_body`` returns it), the labels of its ancestors up to <body>, outermost
    first: ``[]`` means a child of <body> itself."""
    parser = _Chains(wanted)
    parser.feed(body)
    parser.close()
    return parser.found


def outline(body: str, *, leaving_out: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every element of ``body`` (as ``browser_body`` returns it) with its ancestors, in
    document order, but for those inside the element labelled ``leaving_out``: the page's
    own structure around a piece of content, which that content must not change."""
    parser = _Chains(leaving_out)
    parser.feed(body)
    parser.close()
    return [(label, chain) for label, chain in parser.every if leaving_out not in chain]
