from django.apps import AppConfig


class LordsPressConfig(AppConfig):
    name = "lordspress"
    verbose_name = "Site"
