"""Send the emails that are due, for cron or by hand; the worker does the same by itself."""

from django.core.management.base import BaseCommand

from lordspress.outbox import outbox_deliver_due


class Command(BaseCommand):
    help = "Send every outgoing email that is due (retrying those whose time has come)."

    def handle(self, *args, **options):
        sent = retrying = failed = 0
        while True:
            report = outbox_deliver_due()
            sent += report.sent
            retrying += report.retrying
            failed += report.failed
            if report.handled == 0 or report.retrying or report.errors:
                break
        message = f"Sent {sent}, will retry {retrying}, failed {failed}."
        self.stdout.write(
            self.style.SUCCESS(message) if not failed else self.style.WARNING(message)
        )
