from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Static pages, and the one owner of the site's one-segment addresses (``/<slug>/``)."""

    name = "lordspress.pages"
    verbose_name = "Pages"
