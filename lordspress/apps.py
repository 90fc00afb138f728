from django.apps import AppConfig


class LordsPressConfig(AppConfig):
    name = "lordspress"
    verbose_name = "Site"

    def ready(self) -> None:
        from lordspress import checks, django_fixes  # noqa: F401  (checks registers itself)

        django_fixes.install()
