from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Static pages, and the one owner of the site's one-segment addresses (``/<slug>/``)."""

    name = "lordspress.pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        from lordspress.pages.models import Page
        from lordspress.pages.slugs import claim
        from lordspress.pages.views import page_view

        claim(Page, noun="A static page", view=page_view, order=1)
