"""Housekeeping for cron (the worker schedules the same work by itself): forget unconfirmed
signups after a week and drop old rate-limit counters."""

from django.core.management.base import BaseCommand

from lordspress.core.ratelimit import rate_limit_purge
from newsletter.signup import pending_purge


class Command(BaseCommand):
    help = "Purge unconfirmed signups older than a week and expired rate-limit counters."

    def handle(self, *args, **options):
        purged = pending_purge()
        counters = rate_limit_purge()
        self.stdout.write(
            self.style.SUCCESS(
                f"Purged {purged} unconfirmed signup(s) and {counters} rate-limit counter(s)."
            )
        )
