"""Whole numbers read from text that came from outside: ASCII digits only, the one rule.

Python reads far more than ``0``–``9`` as a number. ``str.isdigit()``, ``isdecimal()`` and
``isnumeric()`` are true for every Unicode digit (Arabic-Indic ``١٢``, fullwidth ``１２``,
Devanagari ``१२``…), and ``isdigit()`` and ``isnumeric()`` also for superscripts and other
digits ``int()`` then refuses (``"²".isdigit()`` is true, ``int("²")`` raises). ``int()``
accepts every Unicode decimal digit (``int("１２") == 12``), surrounding white space, a sign
and underscores (``int("1_0") == 10``), and so does the ``\\d`` of Python's ``re`` unless it
is compiled with ``re.ASCII``. A check made with any of them lets one number arrive in many
spellings: written back out as it came (an HTML attribute, a link) it is not the number a
browser or the next program reads (the HTML Standard's "rules for parsing non-negative
integers" take ASCII digits only, section 2.3.4.1), and compared or looked up after ``int()``
it makes ``١`` and ``1`` the same page, record or version.

Every number a request, a form or stored HTML supplies is read here instead: ASCII digits,
nothing around them, and a bounded length.
"""

import re

_ASCII_DIGITS = re.compile(r"[0-9]+")


def is_ascii_number(text: object, *, max_digits: int | None = None) -> bool:
    """Whether ``text`` is a string of ASCII digits only (``0``–``9``, at least one, no
    sign, space or underscore), at most ``max_digits`` long when given."""
    if not isinstance(text, str) or _ASCII_DIGITS.fullmatch(text) is None:
        return False
    return max_digits is None or len(text) <= max_digits


def parse_ascii_number(text: object, *, max_digits: int | None = None) -> int | None:
    """``text`` as a whole number when ``is_ascii_number`` holds, else None (the caller
    answers as it does for any other malformed number)."""
    if not is_ascii_number(text, max_digits=max_digits):
        return None
    return int(text)
