from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The outbox: each email a row written with what caused it, sent by the worker."""

    name = "lordspress.outbox"
    verbose_name = "Outgoing email"
