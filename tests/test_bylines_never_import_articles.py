"""Arrows run one way: articles point at bylines, and bylines never import articles.

Every import in ``authors/`` is read, at any depth (inside functions and methods too, and
``importlib.import_module`` with a literal name), so a byline page or a permission helper that
reaches back into the articles app fails here. A byline's page lists its articles, so it
lives in ``articles.views`` (``articles:byline``, still at ``/authors/<slug>/``).
"""

import ast
from pathlib import Path

from django.urls import resolve, reverse

import authors

AUTHORS = Path(authors.__file__).parent


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, ("." * node.level) + (node.module or "")
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.lineno, str(node.args[0].value)


def test_no_module_of_the_bylines_app_imports_the_articles_app():
    files = sorted(AUTHORS.rglob("*.py"))
    assert any(path.name == "views.py" for path in files)
    found = [
        f"{path.relative_to(AUTHORS.parent)}:{line} imports {name}"
        for path in files
        for line, name in _imported_modules(ast.parse(path.read_text(), str(path)))
        if name == "articles" or name.startswith("articles.")
    ]
    assert found == []


def test_the_byline_page_keeps_its_address():
    path = reverse("articles:byline", kwargs={"slug": "j-r"})
    assert path == "/authors/j-r/"
    assert resolve(path).func.view_class.__module__ == "articles.views"
    assert reverse("authors:list") == "/authors/"
