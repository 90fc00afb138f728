from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter and members"

    def ready(self) -> None:
        # Registers the email kinds with the outbox, and the receivers of mail providers'
        # reports (django-anymail's tracking and inbound signals).
        from newsletter import emails, feedback  # noqa: F401
