from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared core: the user model, rate limits, old addresses and the plumbing every app
    uses (HTTP helpers, caching, images, sanitising, fields, dates, logging).

    It keeps the label ``lordspress`` that the whole project had before it was divided into
    apps (issue 9), so that existing databases keep their migration history, their tables
    (``lordspress_user``…) and ``AUTH_USER_MODEL = "lordspress.User"``.
    """

    name = "lordspress.core"
    label = "lordspress"
    verbose_name = "Site"

    def ready(self) -> None:
        from lordspress.core import django_fixes
        from lordspress.core.logging import install_record_factory

        install_record_factory()  # one-time link tokens never reach a log (core/logging.py)
        django_fixes.install()
