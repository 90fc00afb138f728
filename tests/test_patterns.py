"""Anchored patterns end with ``\\Z``, not ``$``: in Python ``$`` also matches before a final
newline, so ``G-ABC123\\n`` passed the Google tag check and ``_ga_\\n`` a cookie-name check (a
line break on its way into a page or a header).

The walk reads the project's source, so a new pattern of the kind fails here.
"""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from tests.project import PROJECT_PACKAGES

ROOT = Path(__file__).resolve().parent.parent
# Calls whose pattern is searched or matched (fullmatch needs the whole text, so it is safe).
PATTERN_CALLS = {"compile", "match", "search", "RegexValidator"}


def _pattern_calls(tree):
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0]
        multiline = any(
            isinstance(part, ast.Attribute) and part.attr in {"M", "MULTILINE"}
            for arg in [*node.args[1:], *(k.value for k in node.keywords)]
            for part in ast.walk(arg)
        )  # there "$" means the end of each line, on purpose
        if name in PATTERN_CALLS and isinstance(first, ast.Constant) and not multiline:
            if isinstance(first.value, str):
                yield node.lineno, first.value


def test_no_anchored_pattern_ends_with_a_dollar():
    offenders = []
    for app in PROJECT_PACKAGES:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for line, pattern in _pattern_calls(tree):
                if pattern.endswith("$") and not pattern.endswith("\\$"):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} {pattern!r}")
    assert offenders == [], "End these patterns with \\Z: " + "; ".join(offenders)


@pytest.mark.parametrize(
    "value",
    ["G-ABC123\n", "G-ABC123\r\n", "GT-ABCD1234\n"],
)
def test_the_google_tag_id_refuses_a_final_line_break(value):
    from consent.models import ConsentSettings

    field = ConsentSettings._meta.get_field("google_tag_id")
    with pytest.raises(ValidationError):
        for validator in field.validators:
            validator(value)
    for validator in field.validators:
        validator(value.strip())  # the same ID without the break is fine


def test_a_consent_script_path_refuses_a_final_line_break():
    from consent.models import SCRIPT_PATH_RE

    assert SCRIPT_PATH_RE.match("js/demo-analytics.js")
    assert not SCRIPT_PATH_RE.match("js/demo-analytics.js\n")
    assert re.compile(r"^a$").match("a\n")  # why: Python's "$" admits the final newline
