"""One helper builds absolute addresses on the site's host (``lordspress.core.links``): a
second way of gluing ``SITE_URL`` to a path, in code or in a template, fails this test."""

import ast
import re

from tests.project import PROJECT_PACKAGES, ROOT

THE_HELPER = ROOT / "lordspress" / "core" / "links.py"


def _names_site_url(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "SITE_URL"


def _glued(tree: ast.AST) -> list[int]:
    """Lines where SITE_URL is added to something or formatted into a string."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            if _names_site_url(node.left) or _names_site_url(node.right):
                lines.append(node.lineno)
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue) and _names_site_url(value.value):
                    lines.append(node.lineno)
    return lines


def test_no_code_builds_an_absolute_address_but_the_helper():
    offenders = []
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == THE_HELPER or "migrations" in path.parts or path.name == "settings.py":
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _glued(tree)]
    assert offenders == [], f"Use lordspress.core.links.absolute_url: {offenders}"


def test_no_template_glues_the_site_address_to_a_path():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and re.search(r"\{\{\s*site_url", path.read_text())
    ]
    assert offenders == [], f"Use the |absolute filter: {offenders}"


def test_the_walk_finds_a_glued_address():
    planted = ast.parse('url = settings.SITE_URL + "/x/"\nother = f"{settings.SITE_URL}/y/"\n')
    assert _glued(planted) == [1, 2]
