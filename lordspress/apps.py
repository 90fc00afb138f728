from django.apps import AppConfig


class LordsPressConfig(AppConfig):
    name = "lordspress"
    verbose_name = "Site"

    def ready(self) -> None:
        from lordspress import checks, django_fixes  # noqa: F401  (checks registers itself)
        from lordspress.logging import install_record_factory

        install_record_factory()  # one-time link tokens never reach a log (lordspress/logging.py)
        django_fixes.install()
