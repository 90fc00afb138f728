"""Send the emails that are due, for cron or by hand; the worker does the same by itself."""

from django.core.management.base import BaseCommand

from lordspress.outbox.services import outbox_deliver_due


class Command(BaseCommand):
    help = "Send every outgoing email that is due (retrying those whose time has come)."

    def handle(self, *args, **options):
        sent = retrying = failed = 0
        while True:
            report = outbox_deliver_due()
            sent += report.sent
            retrying += report.retrying
            failed += report.failed
            if not report.run_again:
                break
        message = f"Sent {sent}, will retry {retrying}, failed {failed}."
        if report.connection_error:
            message += (
                f" The mail server connection broke ({report.connection_error}); "
                f"{report.deferred} not yet tried will go with its retry."
            )
        self.stdout.write(
            self.style.WARNING(message)
            if failed or report.connection_error
            else self.style.SUCCESS(message)
        )
