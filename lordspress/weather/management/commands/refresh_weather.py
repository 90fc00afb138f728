"""Fetch the masthead's weather now and store it; for cron or a systemd timer.

The task worker already refreshes the reading when it is due, so cron is optional: use it
when no worker runs, or to keep the reading fresh on a site with few visitors. Exit status 0
on success (one line on standard output; none with ``-v 0``, for cron), 1 on failure with
one line on standard error. A failure keeps the last good reading.
"""

from django.core.management.base import BaseCommand, CommandError

from lordspress.weather.services import weather_refresh


class Command(BaseCommand):
    help = "Fetch the current weather from the configured provider and store it."

    def handle(self, *args, **options):
        outcome = weather_refresh(log=False)
        if not outcome.ok:
            raise CommandError(outcome.message, returncode=1)
        if options["verbosity"] >= 1:
            self.stdout.write(outcome.message)
