"""Every service and selector of every app is typed and called by keyword (house style 4).

Found by walking the project's apps (``tests/project.py``), so a new app's ``services.py``
or ``selectors.py`` is held to the rule without anyone adding it here. The newsletter keeps
its writes in one module per job; those modules are named by its own layout test and
walked here too.
"""

import importlib
import inspect
from types import ModuleType

import pytest
from django.apps import apps
from django_tasks.base import Task

from tests.project import PROJECT_APPS
from tests.test_newsletter_layout import PURE as NEWSLETTER_PURE
from tests.test_newsletter_layout import SERVICES as NEWSLETTER_JOB_MODULES

# Functions that take one value positionally by nature, and why.
POSITIONAL = {
    # Decorators: they are given the function they register.
    "lordspress.outbox.services.email_kind",
    "lordspress.outbox.services.on_hard_bounce",
    # Pure helpers of one value, no database work, passed where a one-argument callable is
    # wanted (newsletter's layout test names them).
    *(f"newsletter.{name}" for name in NEWSLETTER_PURE),
}


def _modules() -> list[ModuleType]:
    found = []
    for label in sorted(PROJECT_APPS):
        config = apps.get_app_config(label)
        for kind in ("services", "selectors"):
            try:
                found.append(importlib.import_module(f"{config.name}.{kind}"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.{kind}":
                    raise
    return found + list(NEWSLETTER_JOB_MODULES)


def _functions():
    for module in _modules():
        for name, value in vars(module).items():
            function = value.func if isinstance(value, Task) else value
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue  # imported, checked where it is defined
            yield f"{module.__name__}.{name}", function, isinstance(value, Task)


FUNCTIONS = sorted(_functions(), key=lambda item: item[0])
PARAMS = [pytest.param(*item, id=item[0]) for item in FUNCTIONS]


def test_the_walk_finds_every_apps_services_and_selectors():
    names = {name for name, _, _ in FUNCTIONS}
    assert {
        "articles.services.article_save",
        "authors.selectors.bylines_for",
        "consent.services.policy_version_publish",
        "lordspress.core.services.keep_old_addresses",
        "lordspress.outbox.services.outbox_retry",
        "lordspress.weather.services.weather_refresh",
        "newsletter.signup.signup_request",
        "newsletter.selectors.is_suppressed",
    } <= names
    assert POSITIONAL <= names  # no stale exception


@pytest.mark.parametrize(("name", "function", "is_task"), PARAMS)
def test_every_service_and_selector_is_typed(name, function, is_task):
    signature = inspect.signature(function)
    untyped = [p.name for p in signature.parameters.values() if p.annotation is p.empty]
    assert untyped == [], f"{name}: parameters without a type"
    assert signature.return_annotation is not signature.empty, f"{name}: no return type"


@pytest.mark.parametrize(("name", "function", "is_task"), PARAMS)
def test_every_service_and_selector_is_called_by_keyword(name, function, is_task):
    """A call reads as what it passes (``article_save(article=…, user=…)``), and adding a
    parameter never shifts the meaning of a caller's arguments."""
    if name in POSITIONAL:
        return
    positional = [
        p.name
        for p in inspect.signature(function).parameters.values()
        if p.kind in {p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL}
    ]
    assert positional == [], f"{name}: positional parameters"
