from django.apps import AppConfig


class SiteSettingsConfig(AppConfig):
    """Site settings and the footer's follow links: texts editors change without a deploy."""

    name = "lordspress.sitesettings"
    verbose_name = "Site settings"
