"""The project's own code as the walking tests see it, found in one place.

A test that walks "every model", "every form" or "every module" of the project takes its
list from here, so an app added (or moved, as in issue 9) is walked without anyone
remembering to add it to a list in each test.
"""

from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

# The top-level packages that hold the project's code (the nested apps are inside lordspress/).
PROJECT_PACKAGES = ("articles", "authors", "consent", "lordspress", "newsletter")

# The labels of the project's installed apps: every app inside those packages.
PROJECT_APPS = frozenset(
    config.label
    for config in apps.get_app_configs()
    if config.name.partition(".")[0] in PROJECT_PACKAGES
)
