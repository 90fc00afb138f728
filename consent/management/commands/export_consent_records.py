"""Write consent records as CSV or JSON to standard output (or a file), by date range."""

import sys
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from consent.exports import EXPORT_FORMATS, csv_lines, json_chunks, records_between
from lordspress.core.dates import OUT_OF_RANGE, validate_editorial_date


def _day(value: str) -> date:
    try:
        day = date.fromisoformat(value)
        validate_editorial_date(day)
    except ValueError:
        raise CommandError(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None
    except ValidationError:
        raise CommandError(f"{value!r}: {OUT_OF_RANGE}") from None
    return day


class Command(BaseCommand):
    help = "Export consent records (CSV or JSON) for a range of UTC days."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD (UTC).")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD (UTC), inclusive.")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument("--consent-id", help="Only the records of this consent ID.")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, **options):
        start = _day(options["start"]) if options["start"] else None
        end = _day(options["end"]) if options["end"] else None
        if start and end and start > end:
            raise CommandError("--from must not be after --to.")
        consent_id = None
        if options["consent_id"]:
            try:
                consent_id = uuid.UUID(options["consent_id"].strip())
            except ValueError:
                raise CommandError(
                    f"{options['consent_id']!r} is not a consent ID (32 hexadecimal digits)."
                ) from None
        records = records_between(start=start, end=end, consent_id=consent_id)
        chunks = json_chunks(records) if options["format"] == "json" else csv_lines(records)
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                    handle.writelines(chunks)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
        else:
            out = self.stdout if self.stdout else sys.stdout
            for chunk in chunks:
                out.write(chunk, ending="")
