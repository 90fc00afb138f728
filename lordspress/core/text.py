"""Plain text: the one normaliser for every plain-text model field, and the XML guard.

Plain text reaches XML (feeds, sitemaps), email headers and HTML. Two rules, each written once:

* ``plain_text(value, single_line=…)`` is what every plain-text field stores (see
  ``lordspress.core.fields``): Unicode NFC; no control characters, lone surrogates or
  noncharacters (XML 1.0 forbids C0 controls but tab, LF and CR, surrogates, U+FFFE and
  U+FFFF; the W3C's "Unicode in XML" note, https://www.w3.org/TR/unicode-xml/#Charlist,
  discourages DEL, C1 controls and the other noncharacters); every line break written ``\\n``.
  A single-line field (a headline, a subject: anything that may become an email header or a
  one-line title) has every run of whitespace, line breaks and tabs included, made one space,
  and no space at either end. Multi-line text keeps its paragraphs; trailing spaces on a line
  go (they would hide a blank line from ``linebreaks``).
* ``xml_text(value)`` removes what XML 1.0 forbids, for output: rows written before the
  normaliser existed (or by raw SQL) must not stop a feed or a sitemap being well-formed.
"""

import re
import unicodedata

# Every line break Python's str.splitlines() knows: CRLF, CR, VT (Word's manual line break),
# FF, the information separators, NEL and the Unicode line and paragraph separators.
_LINE_BREAK = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
# Control characters but tab and LF (CR and the other breaks are already LF), DEL, the C1
# controls, lone surrogates and noncharacters.
_NOT_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")

# XML 1.0 section 2.2 (Char): what no XML document may contain, however it is escaped.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Whitespace that may be collapsed: all of it except the deliberate no-break spaces
# (U+00A0, the figure space U+2007, the narrow no-break space U+202F of French typography).
_BREAKING_SPACE = re.compile("[^\\S\u00a0\u2007\u202f]+")
_TRAILING_SPACE = re.compile("[^\\S\n]+$", re.MULTILINE)


def plain_text(value: str, *, single_line: bool) -> str:
    """``value`` as a plain-text field stores it (see the module docstring).

    >>> plain_text("The Duke\\vof Wrexley\\r\\n", single_line=True)
    'The Duke of Wrexley'
    >>> plain_text("First.\\r\\n\\r\\nSecond.\\x07", single_line=False)
    'First.\\n\\nSecond.'
    """
    text = _NOT_TEXT.sub("", _LINE_BREAK.sub("\n", value))
    text = unicodedata.normalize("NFC", text)
    if single_line:
        return _BREAKING_SPACE.sub(" ", text).strip()
    return _TRAILING_SPACE.sub("", text).strip()


def single_line(value: str) -> str:
    """``plain_text(value, single_line=True)``: for an email subject built at send time."""
    return plain_text(value, single_line=True)


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 forbids (escaping cannot make them legal)."""
    return _XML_FORBIDDEN.sub("", value)
