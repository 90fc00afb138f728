from django.apps import AppConfig


class ChromeConfig(AppConfig):
    """The frame around every page: the sections, pages, follow links and sponsors it shows."""

    name = "lordspress.chrome"
    verbose_name = "Chrome"

    def ready(self) -> None:
        from lordspress.chrome import checks  # noqa: F401  (registers the deploy check)
