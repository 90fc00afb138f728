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

``Layout`` reads one walk for cuts bounded by structure and length (the members-only teaser,
``articles.access.teaser_html``): its top-level blocks, the text before any ``Position``,
and where to move a cut back to so it ends at a block or a word, or not on a heading.
"""

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from lordspress.core.sanitize import sanitize_html

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
    # For a START: the text of its attributes a reader is shown or read aloud (an image's
    # alt text, a title), which a teaser's length counts as it counts text.
    attribute_text: str = ""


# Attributes whose value is text for the reader (the sanitiser allows alt and title).
READABLE_ATTRIBUTES = frozenset({"alt", "title"})


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        readable = " ".join(value or "" for name, value in attrs if name in READABLE_ATTRIBUTES)
        self.events.append(Event(START, tag, self.get_starttag_text(), readable))
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


def remove_text(events: list[Event], pieces: list[tuple[int, int, int]]) -> frozenset[int]:
    """Delete the given spans of text (as ``find_text`` gives them) in place; returns the
    indexes of the TEXT steps touched, for ``write`` (so a paragraph that held only a marker
    leaves no empty paragraph)."""
    for index, start, end in sorted(pieces, key=lambda piece: (piece[0], -piece[1])):
        event = events[index]
        event.value = event.value[:start] + event.value[end:]
    return frozenset(index for index, _, _ in pieces)


# --- Positions, blocks and lengths, for cuts bounded by structure and by length ------------

# Elements that make a block of their own (HTML Standard, "flow content" that is not
# "phrasing content"), as far as the sanitiser's allow-list goes. Anything else (text, a link,
# emphasis, an image, a line break) is inline: a run of it at the top level reads as one block.
BLOCK_ELEMENTS = frozenset(
    {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "figure", "figcaption", "hr"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
)
HEADINGS = frozenset({"h2", "h3", "h4"})


@dataclass(frozen=True, order=True)
class Position:
    """A point in the walk: just before step ``index`` (and, when that step is text, after
    its first ``offset`` characters). Positions compare in document order; ``write`` takes
    one as ``stop=position.index, offset=position.offset``."""

    index: int
    offset: int = 0


@dataclass(frozen=True)
class Block:
    """A top-level block that shows something: the steps ``start`` to ``end`` (exclusive)."""

    start: int
    end: int


def _count(text: str) -> int:
    """Characters a reader reads, white space not counted (so a length does not depend on
    how the HTML was indented or where its blocks break lines)."""
    return sum(1 for character in text if not character.isspace())


class Layout:
    """What bounded cuts need to know of one walk, worked out once, without recursion:
    each step's parent, each start's matching end, the text length before each step, and
    the top-level blocks. ``events`` must not change while the layout is in use."""

    def __init__(self, events: list[Event], *, attributes: bool = True):
        """``attributes``: whether readable attribute text (alt, title) counts as text."""
        self.events = events
        self.parent: list[int | None] = []
        self.end_of: dict[int, int] = {}
        self.start_of: dict[int, int] = {}
        self._before: list[int] = []
        stack: list[int] = []
        length = 0
        for index, event in enumerate(events):
            self._before.append(length)
            if event.kind == END:
                start = stack.pop()
                self.end_of[start] = index
                self.start_of[index] = start
            self.parent.append(stack[-1] if stack else None)
            if event.kind == START:
                if attributes:
                    length += _count(event.attribute_text)
                if event.tag not in VOID_ELEMENTS:
                    stack.append(index)
            elif event.kind == TEXT:
                length += _count(event.value)
        self._before.append(length)
        self.blocks = self._top_level_blocks()

    @property
    def text_length(self) -> int:
        """Characters of text in the whole walk, white space not counted."""
        return self._before[-1]

    def length_before(self, position: Position) -> int:
        """Characters of text before ``position``, white space not counted."""
        length = self._before[position.index]
        if position.offset and position.index < len(self.events):
            length += _count(self.events[position.index].value[: position.offset])
        return length

    def _top_level_blocks(self) -> list[Block]:
        blocks, index, events = [], 0, self.events
        while index < len(events):
            event = events[index]
            if event.kind == START and event.tag in BLOCK_ELEMENTS:
                end = index + 1 if event.tag in VOID_ELEMENTS else self.end_of[index] + 1
            else:  # a run of inline content, up to the next block at the top level
                end = index
                while end < len(events) and not (
                    events[end].kind == START and events[end].tag in BLOCK_ELEMENTS
                ):
                    end = self.end_of[end] + 1 if end in self.end_of else end + 1
            if any(_shows(events[step]) for step in range(index, end)):
                blocks.append(Block(index, end))
            index = end
        return blocks

    def within_length(self, position: Position, limit: float, *, words: bool) -> Position:
        """``position``, or the latest point before it with at most ``limit`` characters of
        text before it: the end of a block (a paragraph, a list item, a cell…) where one
        leaves any text, else (when ``words``) the end of a word; else the start."""
        if self.length_before(position) <= limit:
            return position
        best = None
        for index, event in enumerate(self.events[: position.index]):
            if event.tag not in BLOCK_ELEMENTS or event.kind == TEXT:
                continue
            boundary = Position(index + 1 if event.kind == END else index)
            if self.length_before(boundary) > limit:
                break
            best = boundary
        if best is not None and self.length_before(best) > 0:
            return best
        best = Position(0)
        if not words:
            return best
        for index, event in enumerate(self.events[: position.index + 1]):
            if event.kind != TEXT:
                continue
            length = self._before[index]
            if length > limit:
                break
            stop = position.offset if index == position.index else len(event.value)
            for offset, character in enumerate(event.value[:stop]):
                if character.isspace():
                    best = Position(index, offset)
                    continue
                length += 1
                if length > limit:
                    break
        return best

    def _last_shown(self, position: Position) -> int | None:
        """The index of the last step before ``position`` a reader sees something of."""
        index = position.index
        if index < len(self.events) and position.offset:
            if self.events[index].value[: position.offset].strip():
                return index
        for step in range(index - 1, -1, -1):
            if _shows(self.events[step]):
                return step
        return None

    def not_ending_in(self, position: Position, tags: frozenset[str]) -> Position:
        """``position``, moved back before any element of ``tags`` that the last thing shown
        before it belongs to, as often as that takes (a teaser does not end on a heading
        whose section it then hides)."""
        while True:
            step = self._last_shown(position)
            outermost = None
            while step is not None:
                if self.events[step].kind == START and self.events[step].tag in tags:
                    outermost = step
                step = self.parent[step]
            if outermost is None:
                return position
            position = Position(outermost)
