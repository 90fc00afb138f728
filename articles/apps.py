from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        # Registers the editorial email kinds with the outbox.
        from articles import emails  # noqa: F401
