"""The range of dates staff may type, checked in one place.

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
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models

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
