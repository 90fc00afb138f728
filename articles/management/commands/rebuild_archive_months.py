"""Recount the archive's months (``ArchiveMonth``) from the articles.

Every save and delete through ``articles.services`` keeps the table current; this is for
what bypasses them (rows changed with SQL, a restored backup, a new ``TIME_ZONE``)."""

from django.core.management.base import BaseCommand

from articles.services import archive_months_rebuild


class Command(BaseCommand):
    help = "Recount the archive's months from the articles (after edits that bypassed the site)."

    def handle(self, *args, **options):
        months = archive_months_rebuild()
        self.stdout.write(
            f"The archive has {months} month{'' if months == 1 else 's'} with articles."
        )
