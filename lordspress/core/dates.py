"""Dates in one place: the range staff may type, and the one form dates take for machines.

**For machines.** Every date or time the site writes for a program to read (an HTML
``<time datetime>``, the JSON-LD, Open Graph's article times, the Atom feed, the sitemaps'
``lastmod`` and the Google News ``publication_date``) comes from ``machine_date`` (in
templates, the ``|machine_date`` filter): RFC 3339 in UTC to the whole second,
``2026-05-01T09:30:00+00:00``, or a bare ``2026-05-01`` for a calendar date. That one string is
valid for each of those standards: HTML allows at most three digits of a second (a
``timezone.now()`` has six, and the Nu Html Checker refused every page for it), Atom wants RFC
3339, sitemaps the W3C profile of ISO 8601, Google ISO 8601 with a time zone. Stored editorial
times are whole seconds already (below), so nothing a reader was told is lost. The one
exception is the RSS ``pubDate``, which RSS 2.0 requires in RFC 822's form; the feeds hand
the generator ``for_machines`` times, so it writes the same instant to the same second.

**The editorial range.**

Every date or time an editor types (an article's publication and "updated" times, a
correction's date, a sponsorship's first and last days, a newsletter issue's date, the days of
a consent export) carries ``validate_editorial_date``: on a model field, every ModelForm (the
admin's change forms and inlines) shows the error on the field; ``check_editorial_dates`` holds
services to the same rule, so the shell, imports and actions cannot store what a form refuses.

The range, 1 January 1900 to 31 December 2100, holds every real date the journal deals in
(backdated print-era entries, schedules, sponsorships years ahead) and refuses the typing
slips the admin used to accept (year 1, year 9999). It also keeps every such date four digits
long and a day's arithmetic away from Python's ``date.min``/``date.max``, which archive
addresses, feeds and date ranges rely on.

Editorial date-and-time fields are ``EditorialDateTimeField``: the range check, and a stored
precision of whole seconds, which is what the admin's date and time inputs show and send.
"""

from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
OUT_OF_RANGE = "Enter a date between 1 January 1900 and 31 December 2100."


def validate_editorial_date(value: date | datetime) -> None:
    """Raise ``ValidationError`` (code ``date_out_of_range``) outside ``EARLIEST``–``LATEST``.

    A datetime is judged by its own calendar date (forms give London times), so no time-zone
    conversion can overflow on the way.
    """
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


def check_editorial_dates(instance: models.Model, *, previous: models.Model | None) -> None:
    """For services: refuse an out-of-range value in any editorial date field of ``instance``.

    Only values that differ from ``previous`` (the stored row; ``None`` for a new one) are
    judged, so a row stored before this rule can still be saved, unpublished or corrected
    without first fixing a date nobody touched. Raises ``ValidationError({field: [message]})``.
    """
    errors = {}
    for field in instance._meta.concrete_fields:
        if validate_editorial_date not in field.validators:
            continue
        value = getattr(instance, field.attname)
        if value is None or (previous is not None and value == getattr(previous, field.attname)):
            continue
        try:
            validate_editorial_date(value)
        except ValidationError as error:
            errors[field.name] = error.messages
    if errors:
        raise ValidationError(errors)


def for_machines(value: datetime) -> datetime:
    """``value`` as the machines are told it: in UTC, without its fraction of a second (a
    naive value is read in the current time zone)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(UTC).replace(microsecond=0)


def machine_date(value: date | datetime | None) -> str:
    """The one machine-readable form of a date or time (see the module's docstring):
    ``2026-05-01T09:30:00+00:00`` for a time, ``2026-05-01`` for a calendar date, ``""`` for
    none."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return for_machines(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"machine_date takes a date or a datetime, not {type(value).__name__}")


def whole_seconds(value: Any) -> Any:
    """``value`` without its fraction of a second when it is a datetime; anything else as is."""
    if isinstance(value, datetime) and value.microsecond:
        return value.replace(microsecond=0)
    return value


class EditorialDateTimeField(models.DateTimeField):
    """A date and time staff type or a service sets for them (an article's publication and
    "updated" times, a newsletter issue's date): in the editorial range, stored to whole
    seconds.

    Why whole seconds: the admin's split date/time inputs show ``HH:MM:SS`` and send back
    what they show, so a stored fraction of a second (``timezone.now()`` has microseconds)
    could never survive the form: every unchanged "Save" stored a different time, recorded a
    change in the history and moved the sitemap's lastmod. Stored as the form shows it, the
    round trip is exact. The rule is the field's, so every write path keeps it: ``pre_save``
    for a model save (and puts the stored value back on the instance, so the object in memory
    matches its row) and ``get_db_prep_save`` for ``update()``, ``bulk_create()`` and
    ``bulk_update()``. Lookups are untouched: ``publish_at__lte=now`` compares with the
    exact time. A database expression (``Now()``) is the database's to round.
    """

    default_validators = [validate_editorial_date]

    def pre_save(self, model_instance, add):
        value = whole_seconds(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if value is not None and not hasattr(value, "resolve_expression"):
            value = whole_seconds(self.get_prep_value(value))
        return super().get_db_prep_save(value, connection)


def truncate_stored_times(*fields: tuple[str, str, str]):
    """The code of a data migration: store the existing values of ``fields`` (``(app_label,
    model_name, field_name)``) to whole seconds, as ``EditorialDateTimeField`` now stores them.

    Done by the database (``TruncSecond``, in UTC so no time zone is involved), one
    ``UPDATE`` per field; a ``QuerySet.update()`` records no history and sends no signal.
    """

    def forwards(apps, schema_editor) -> None:
        from datetime import UTC

        from django.db.models.functions import TruncSecond

        alias = schema_editor.connection.alias
        for app_label, model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            rows = model._base_manager.using(alias).filter(**{f"{field_name}__isnull": False})
            rows.update(**{field_name: TruncSecond(field_name, tzinfo=UTC)})

    return forwards
