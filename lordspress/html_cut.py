"""Cutting rich text as a tree of elements, never as a string.

A cut made in the text of HTML (``body[:n]``, a regular expression up to the second
``</p>``) leaves every element that was open at that point open: the browser then closes
them where the *page's* markup ends them, so a teaser cut inside ``<table><tr><td>`` pulls
the members panel, the related articles and the site footer into the article's table cell
(issue 8). Here the HTML is read into a tree, the tree is cut at a point in document order,
and every element that was open at the cut is closed again: the result is always balanced.

Input is first put through ``sanitize_html`` (html5ever, the parser of the Servo browser
engine, behind nh3), so the tree is the one a browser builds, even for a row written before
the sanitiser or by raw SQL. The sanitiser's serialisation writes an end tag for every
element that is not void, so Python's ``html.parser`` reading that text back sees exactly
that tree; the output is written in the same serialisation (start tags as the sanitiser wrote
them, text escaped as html5ever escapes it), so ``sanitize_html(result) == result``.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from lordspress.sanitize import sanitize_html

# HTML Standard, 13.1.2 "Elements": void elements have no end tag.
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Void elements a reader sees: an element holding one of them is not empty.
_VISIBLE_VOID = frozenset({"img", "hr"})
# A table keeps its shape when text is taken out of a cell: an emptied cell stays a cell.
_TABLE_STRUCTURE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "th", "td"})


@dataclass(eq=False)
class Text:
    value: str


@dataclass(eq=False)
class Element:
    tag: str
    start_tag: str  # as the sanitiser wrote it, attributes and all
    children: list["Element | Text"] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("", "")
        self._open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, self.get_starttag_text())
        self._open[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)  # HTML ignores the "/": same as a start tag

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return
        # An end tag with nothing open to close is ignored, as a browser ignores it.

    def handle_data(self, data):
        children = self._open[-1].children
        if children and isinstance(children[-1], Text):
            children[-1].value += data
        else:
            children.append(Text(data))


def parse(html: str | None) -> Element:
    """The tree of ``html`` once sanitised: a root Element (tag ``""``) holding the fragment."""
    builder = _TreeBuilder()
    builder.feed(sanitize_html(html))
    builder.close()
    return builder.root


def _escape_text(value: str) -> str:
    # As html5ever serialises text (its "escape_text" mode): &, no-break space, < and >.
    return (
        value.replace("&", "&amp;")
        .replace("\u00a0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def serialise(node: Element | Text) -> str:
    if isinstance(node, Text):
        return _escape_text(node.value)
    inner = "".join(serialise(child) for child in node.children)
    if not node.tag:
        return inner.strip()
    if node.tag in VOID_ELEMENTS:
        return node.start_tag
    return f"{node.start_tag}{inner}</{node.tag}>"


def text_nodes(node: Element) -> Iterator[Text]:
    """Every text node under ``node``, in document order."""
    for child in node.children:
        if isinstance(child, Text):
            yield child
        else:
            yield from text_nodes(child)


def elements(node: Element, tag: str) -> Iterator[Element]:
    """Every ``tag`` element under ``node``, in document order (start tags' order)."""
    for child in node.children:
        if isinstance(child, Element):
            if child.tag == tag:
                yield child
            yield from elements(child, tag)


def has_content(node: Element | Text) -> bool:
    """Whether a reader would see anything of ``node``: some text that is not white space
    (no-break spaces included), or an image or rule."""
    if isinstance(node, Text):
        return bool(node.value.strip())
    if node.tag in _VISIBLE_VOID:
        return True
    return any(has_content(child) for child in node.children)


def find_text(root: Element, pattern: re.Pattern) -> list[list[tuple[Text, int, int]]]:
    """Every match of ``pattern`` in the text a reader reads (the text nodes joined in
    document order, so a match may run across inline tags, ``[members-<em>only</em>]``).

    Returns, for each match, the pieces of text it covers as (text node, start, end).
    """
    nodes = list(text_nodes(root))
    joined = "".join(node.value for node in nodes)
    starts, offset = [], 0
    for node in nodes:
        starts.append(offset)
        offset += len(node.value)
    matches = []
    for match in pattern.finditer(joined):
        pieces = []
        for node, start in zip(nodes, starts, strict=True):
            low = max(match.start(), start)
            high = min(match.end(), start + len(node.value))
            if low < high:
                pieces.append((node, low - start, high - start))
        matches.append(pieces)
    return matches


def cut_before(root: Element, text: Text, offset: int) -> Element:
    """A copy of the tree holding only what comes before character ``offset`` of ``text``:
    every element open at that point is closed, and those left empty by the cut go."""
    return _cut(root, lambda node: node is text, offset)[0]


def cut_after(root: Element, last: Element) -> Element:
    """A copy of the tree ending with ``last`` (whole): the elements open around it are
    closed, and nothing that follows it, at any depth, is kept."""
    return _cut(root, lambda node: node is last, None)[0]


def _cut(element: Element, is_stop, offset: int | None) -> tuple[Element, bool]:
    copy = Element(element.tag, element.start_tag)
    for child in element.children:
        if is_stop(child):
            if isinstance(child, Text):
                copy.children.append(Text(child.value[:offset].rstrip()))
            else:
                copy.children.append(child)
            return copy, True
        if isinstance(child, Text):
            copy.children.append(Text(child.value))
            continue
        part, stopped = _cut(child, is_stop, offset)
        if stopped:
            if has_content(part):  # the element the cut fell in, unless nothing is left
                copy.children.append(part)
            return copy, True
        copy.children.append(part)
    return copy, False


def remove_text(root: Element, pieces: list[tuple[Text, int, int]]) -> None:
    """Delete the given spans of text in place; an element that held only them (and white
    space) goes too, so a paragraph that held only a marker leaves no empty paragraph (but a
    table cell stays, or the cells after it would move into the wrong column)."""
    touched = set()
    for node, start, end in sorted(pieces, key=lambda p: (id(p[0]), -p[1])):
        node.value = node.value[:start] + node.value[end:]
        touched.add(id(node))
    _prune(root, touched)


def _prune(element: Element, touched: set[int]) -> bool:
    """Drop emptied children; True when ``element`` held touched text."""
    held = False
    kept = []
    for child in element.children:
        if isinstance(child, Text):
            if id(child) in touched:
                held = True
                if not child.value.strip():
                    continue
            kept.append(child)
            continue
        if _prune(child, touched):
            held = True
            if child.tag not in _TABLE_STRUCTURE and not has_content(child):
                continue
        kept.append(child)
    element.children = kept
    return held
