from django.apps import AppConfig


class SponsorsConfig(AppConfig):
    """Sponsors, shown on the site between two dates."""

    name = "lordspress.sponsors"
    verbose_name = "Sponsors"
