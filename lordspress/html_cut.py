"""Cutting rich text as a tree of elements, never as a string.

A cut made in the text of HTML (``body[:n]``, a regular expression up to the second
``</p>``) leaves every element that was open at that point open: the browser then closes
them where the *page's* markup ends them, so a teaser cut inside ``<table><tr><td>`` pulls
the members panel, the related articles and the site footer into the article's table cell
(issue 8). Here the HTML is read as a tree, the tree is cut at a point in document order,
and every element that was open at the cut is closed again: the result is always balanced.

Input is first put through ``sanitize_html`` (html5ever, the parser of the Servo browser
engine, behind nh3), so the tree is the one a browser builds, even for a row written before
the sanitiser or by raw SQL. The sanitiser's serialisation writes an end tag for every
element that is not void, so Python's ``html.parser`` reading that text back sees exactly
that tree; the output is written in the same serialisation (start tags as the sanitiser wrote
them, text escaped as html5ever escapes it), so ``sanitize_html(result) == result``.

The tree is kept as its walk in document order (``Event``: a start tag, a piece of text, an
end tag), with an end for every start, and is read and written with loops, not recursion:
a body nested thousands of elements deep is cut like any other.
"""

import bisect
import re
from dataclasses import dataclass
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

START, END, TEXT = "start", "end", "text"


@dataclass(eq=False)
class Event:
    """One step of the walk: ``kind`` START (``value`` is the start tag as the sanitiser
    wrote it), END, or TEXT (``value`` is the text, character references decoded). A void
    element is a START with no END."""

    kind: str
    tag: str
    value: str = ""


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(Event(START, tag, self.get_starttag_text()))
        if tag not in VOID_ELEMENTS:
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)  # HTML ignores the "/": same as a start tag

    def handle_endtag(self, tag):
        if tag not in self._open:
            return  # an end tag with nothing open to close is ignored, as a browser does
        while self._open:
            closing = self._open.pop()
            self.events.append(Event(END, closing))
            if closing == tag:
                return

    def handle_data(self, data):
        if self.events and self.events[-1].kind == TEXT:
            self.events[-1].value += data
        else:
            self.events.append(Event(TEXT, "", data))

    def close(self):
        super().close()
        while self._open:
            self.events.append(Event(END, self._open.pop()))


def parse(html: str | None) -> list[Event]:
    """The walk of ``html`` once sanitised, an END for every START that is not void."""
    walker = _Walker()
    walker.feed(sanitize_html(html))
    walker.close()
    return walker.events


def _escape_text(value: str) -> str:
    # As html5ever serialises text (its "escape_text" mode): &, no-break space, < and >.
    return (
        value.replace("&", "&amp;")
        .replace("\u00a0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _shows(event: Event) -> bool:
    """Whether a reader sees something of this step: text that is not white space (no-break
    spaces included), an image or a rule."""
    if event.kind == TEXT:
        return bool(event.value.strip())
    return event.kind == START and event.tag in _VISIBLE_VOID


@dataclass
class _Open:
    tag: str
    written_at: int  # where its start tag is in the output
    shows: bool = False
    touched: bool = False


def write(
    events: list[Event],
    *,
    stop: int | None = None,
    offset: int = 0,
    touched: frozenset[int] = frozenset(),
) -> str:
    """The HTML of ``events``.

    ``stop``: write only what comes before step ``stop`` (and, when it is text, its first
    ``offset`` characters), then close every element still open; one the cut left empty is
    dropped. ``touched``: indexes of TEXT steps that had text taken out; an element (other than a
    table's structure) that held such text and shows nothing now is dropped.
    """
    out: list[str] = []
    open_: list[_Open] = []

    def close(element: _Open, *, at_cut: bool) -> None:
        empty = not element.shows
        if empty and (at_cut or (element.touched and element.tag not in _TABLE_STRUCTURE)):
            del out[element.written_at :]
            if open_:
                open_[-1].touched |= element.touched
            return
        out.append(f"</{element.tag}>")
        if open_:
            open_[-1].shows |= element.shows
            open_[-1].touched |= element.touched

    for index, event in enumerate(events):
        if index == stop:
            if event.kind == TEXT:
                kept = event.value[:offset].rstrip()
                out.append(_escape_text(kept))
                if kept.strip() and open_:
                    open_[-1].shows = True
            while open_:
                close(open_.pop(), at_cut=True)
            break
        if event.kind == TEXT:
            if index in touched and not event.value.strip():
                if open_:
                    open_[-1].touched = True
                continue
            out.append(_escape_text(event.value))
            if open_:
                open_[-1].shows |= _shows(event)
                open_[-1].touched |= index in touched
        elif event.kind == START:
            if event.tag in VOID_ELEMENTS:
                out.append(event.value)
                if open_:
                    open_[-1].shows |= _shows(event)
            else:
                open_.append(_Open(event.tag, len(out)))
                out.append(event.value)
        else:
            close(open_.pop(), at_cut=False)
    return "".join(out).strip()


def find_text(events: list[Event], pattern: re.Pattern) -> list[list[tuple[int, int, int]]]:
    """Every match of ``pattern`` in the text a reader reads (the TEXT steps joined in
    document order, so a match may run across inline tags, ``[members-<em>only</em>]``).

    Returns, for each match, the pieces of text it covers as (index of the TEXT step, start,
    end), in order.
    """
    texts = [index for index, event in enumerate(events) if event.kind == TEXT]
    joined = "".join(events[index].value for index in texts)
    starts, position = [], 0
    for index in texts:
        starts.append(position)
        position += len(events[index].value)
    matches = []
    for match in pattern.finditer(joined):
        first = bisect.bisect_right(starts, match.start()) - 1
        pieces = []
        for index, start in zip(texts[first:], starts[first:], strict=True):
            if start >= match.end():
                break
            low = max(match.start(), start)
            high = min(match.end(), start + len(events[index].value))
            if low < high:
                pieces.append((index, low - start, high - start))
        matches.append(pieces)
    return matches


def end_of_nth(events: list[Event], tag: str, count: int) -> int | None:
    """The index of the step just after the end of the ``count``-th (or last, if fewer)
    ``tag`` element in document order, or None when there is none."""
    found = None
    depth_of_open: list[int] = []  # open elements of ``tag``, by nesting depth
    depth = 0
    seen = 0
    for index, event in enumerate(events):
        if event.kind == START and event.tag not in VOID_ELEMENTS:
            depth += 1
            if event.tag == tag:
                depth_of_open.append(depth)
        elif event.kind == END:
            if depth_of_open and depth_of_open[-1] == depth:
                depth_of_open.pop()
                seen += 1
                found = index + 1
                if seen == count:
                    return found
            depth -= 1
    return found


def remove_text(events: list[Event], pieces: list[tuple[int, int, int]]) -> frozenset[int]:
    """Delete the given spans of text (as ``find_text`` gives them) in place; returns the
    indexes of the TEXT steps touched, for ``write`` (so a paragraph that held only a marker
    leaves no empty paragraph)."""
    for index, start, end in sorted(pieces, key=lambda piece: (piece[0], -piece[1])):
        event = events[index]
        event.value = event.value[:start] + event.value[end:]
    return frozenset(index for index, _, _ in pieces)
