from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        # Registers the editorial email kinds with the outbox.
        from articles import (
            emails,  # noqa: F401
            schedule,  # noqa: F401  (when pages change by themselves)
        )
        from articles.models import Category
        from articles.views import section_view
        from lordspress.pages.slugs import claim

        # Sections live at /<slug>/, a space the pages app owns.
        claim(Category, noun="A section", view=section_view, order=0)
