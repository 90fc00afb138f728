from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for ``make run`` (``manage.py seed_demo``): imports every other app, imported by none."""

    name = "lordspress.demo"
    verbose_name = "Demo content"
