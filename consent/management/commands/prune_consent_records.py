"""Delete consent records older than CONSENT_RECORD_RETENTION_DAYS. Run it daily (cron or a
systemd timer next to the web server and the worker)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from consent.models import ConsentRecord
from consent.services import consent_records_prune


class Command(BaseCommand):
    help = "Delete consent records older than CONSENT_RECORD_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, **options):
        days = settings.CONSENT_RECORD_RETENTION_DAYS
        if options["dry_run"]:
            cutoff = timezone.now() - timedelta(days=days)
            count = ConsentRecord.objects.filter(created_at__lt=cutoff).count()
            self.stdout.write(f"{count} consent record(s) are older than {days} days.")
            return
        count = consent_records_prune()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {count} consent record(s) older than {days} days.")
        )
