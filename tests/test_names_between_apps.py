"""The links between apps that are made by name, not by import, all name something real.

Import contracts (pyproject.toml) see imports only. A few links are kept by name on purpose
(docs/architecture.md, §4): URL names (``reverse("articles:byline")`` from ``authors``),
permission codenames (``has_perm("articles.publish_article")`` in ``authors`` and the core's
editor views) and template includes (a static page includes the consent app's cookie table).
A renamed URL, permission or template would break them silently; this test reads every such
literal in the project's code and templates and checks that it resolves.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from tests.project import PROJECT_PACKAGES, ROOT
from tests.url_walk import routes

PERMISSION = re.compile(r"""(?:has_perm\(\s*|PERMISSION\s*=\s*)["']([a-z_]+)\.([a-z_]+)["']""")
URL_NAME = re.compile(r"""reverse(?:_lazy)?\(\s*["']([\w-]+:[\w-]+|[\w-]+)["']""")
URL_TAG = re.compile(r"""{%\s*url\s+["']([\w-]+:[\w-]+|[\w-]+)["']""")
TEMPLATE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"'{}]+)["']""")


def _python_sources() -> list[Path]:
    return [
        path
        for package in PROJECT_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html")) + list((ROOT / "templates").rglob("*.txt"))
    for package in PROJECT_PACKAGES:
        found += list((ROOT / package).rglob("templates/**/*.html"))
    return found


def _found(pattern: re.Pattern, paths: list[Path]) -> dict[tuple, list[str]]:
    found: dict[tuple, list[str]] = {}
    for path in paths:
        for match in pattern.finditer(path.read_text()):
            found.setdefault(match.groups(), []).append(str(path.relative_to(ROOT)))
    return found


@pytest.mark.django_db
def test_every_permission_named_in_code_exists():
    named = _found(PERMISSION, _python_sources())
    assert ("articles", "publish_article") in named  # the reader sees the cross-app ones
    missing = [
        f"{label}.{codename} ({', '.join(sorted(set(where)))})"
        for (label, codename), where in named.items()
        if not Permission.objects.filter(content_type__app_label=label, codename=codename).exists()
    ]
    assert not missing, missing


def test_every_url_name_in_code_and_templates_exists():
    names = {route.name for route in routes()}
    named = _found(URL_NAME, _python_sources()) | _found(URL_TAG, _templates())
    assert ("articles:byline",) in named
    missing = [
        f"{name} ({', '.join(sorted(set(where)))})"
        for (name,), where in named.items()
        if name not in names
    ]
    assert not missing, missing


def test_every_included_or_extended_template_exists():
    named = _found(TEMPLATE, _templates())
    assert ("consent/cookie_table.html",) in named
    missing = []
    for (name,), where in named.items():
        try:
            get_template(name)
        except TemplateDoesNotExist:
            missing.append(f"{name} ({', '.join(sorted(set(where)))})")
    assert not missing, missing
