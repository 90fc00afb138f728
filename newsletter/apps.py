from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter and members"

    def ready(self) -> None:
        # Registers the email kinds with the outbox.
        from newsletter import emails  # noqa: F401
