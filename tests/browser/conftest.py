"""Real-browser tests: Playwright driving the system's Chromium against a live server.

CI installs Chromium (.ci/run); on a workstation without it these tests are skipped, unless
CI is set, where a missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# here are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def editorial_groups(transactional_db):
    """Live-server tests run in real transactions, and the flush between them empties the
    tables a data migration filled; put the Writers and Editors groups back as migrated."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("articles.migrations.0003_editorial_groups")
    for name, spec in (("Writers", migration.WRITERS), ("Editors", migration.EDITORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in spec.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


@pytest.fixture(autouse=True)
def consent_registry(editorial_groups):
    """The same flush empties the cookie registry and its first published version; put them
    (and the Editors' consent permissions) back as migrated."""
    import importlib

    from django.apps import apps

    from consent.registry import registry_invalidate

    migration = importlib.import_module("consent.migrations.0002_seed_registry")
    migration.seed_registry(apps)
    migration.editor_permissions(apps)
    registry_invalidate()


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is not installed; .ci/run installs it (apt-get install chromium)."
            )
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
