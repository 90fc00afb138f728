"""Consent records as CSV or JSON, by date range (UTC days), for the admin and the command.

Both formats stream, so a year of records never sits in memory. Every value written is one
the server chose (ids, times, keys), and the CSV writer neutralises formulas all the same.
"""

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from django.http import StreamingHttpResponse

from consent.models import Category, ConsentRecord
from lordspress.core.spreadsheets import csv_writer

EXPORT_FORMATS = ("csv", "json")
CATEGORY_KEYS = tuple(Category.Key.values)


def records_between(*, start: date | None, end: date | None, consent_id=None):
    """Records from the start of UTC day ``start`` to the end of UTC day ``end`` (inclusive).

    Either bound may be None (open), and any date is accepted: an ``end`` of 31 December 9999
    (``date.max``, which has no next day) means no upper bound rather than an overflow.
    """
    records = ConsentRecord.objects.select_related("policy_version").order_by("created_at", "id")
    if start:
        records = records.filter(created_at__gte=datetime.combine(start, time.min, tzinfo=UTC))
    if end and end < date.max:
        after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        records = records.filter(created_at__lt=after)
    if consent_id:
        records = records.filter(consent_id=consent_id)
    return records


def record_as_dict(record: ConsentRecord) -> dict:
    return {
        "consent_id": str(record.consent_id),
        "time_utc": record.created_at.astimezone(UTC).isoformat(),
        "policy_version": record.policy_version.number,
        "policy_digest": record.policy_version.digest,
        "action": record.action,
        "surface": record.surface,
        "language": record.language,
        "choices": record.choices,
        "services": record.services,
    }


class _Echo:
    def write(self, value):
        return value


def csv_lines(records) -> Iterator[str]:
    writer = csv_writer(_Echo())
    header = ["consent_id", "time_utc", "policy_version", "policy_digest", "action", "surface"]
    header += ["language", *CATEGORY_KEYS, "services_allowed", "services_refused"]
    yield writer.writerow(header)
    for record in records.iterator(chunk_size=2000):
        data = record_as_dict(record)
        services = data["services"] or {}
        yield writer.writerow(
            [data[k] for k in header[:7]]
            + ["yes" if data["choices"].get(k) else "no" for k in CATEGORY_KEYS]
            + [
                " ".join(sorted(k for k, v in services.items() if v)),
                " ".join(sorted(k for k, v in services.items() if not v)),
            ]
        )


def json_chunks(records) -> Iterator[str]:
    yield "[\n"
    first = True
    for record in records.iterator(chunk_size=2000):
        yield ("" if first else ",\n") + json.dumps(record_as_dict(record), ensure_ascii=False)
        first = False
    yield "\n]\n"


def export_response(*, start: date | None, end: date | None, fmt: str) -> StreamingHttpResponse:
    records = records_between(start=start, end=end)
    span = f"{start or 'start'}_{end or datetime.now(UTC).date()}"
    if fmt == "json":
        response = StreamingHttpResponse(
            json_chunks(records), content_type="application/json; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(csv_lines(records), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consent-records_{span}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
