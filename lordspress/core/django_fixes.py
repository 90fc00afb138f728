"""Where Django 5.2 (its admin and its forms) and django-simple-history trust the input.

This is library code every ModelAdmin and form uses, so it is corrected once, here, when the
app loads (``LordsPressConfig.ready``), instead of in each ModelAdmin or form. Each
correction only turns malformed input into the answer the library already gives for other
bad input; valid input takes the library's own path unchanged. (No Django ticket with a fix
for these was found for 5.2; when one lands, the matching correction here can go.)

* **Autocomplete widgets** (``autocomplete_fields``). When a posted form is invalid, the
  admin shows it again, and ``AutocompleteMixin.optgroups`` looks up the posted values with
  ``.filter(pk__in=values)`` as they came: ``category=abc`` raised ``ValueError`` (a 500)
  instead of showing the form's own "Select a valid choice" error, and a number beyond the
  key's range failed in the database. Values the key field cannot hold are left out of that
  lookup; the form's error still tells the editor what was wrong.
* **Change-list lookups** (any ``?field__lookup=value``). The change list turns every
  unknown query parameter into a queryset filter. Django catches values it cannot *build*
  a filter from, but not those only the database or the date arithmetic refuses: the date
  hierarchy's end of 31 December 9999 (``OverflowError``), ``?headline__regex=(`` (an
  invalid regular expression), ``?id__in=99999999999999999999`` (beyond SQLite's integers),
  ``?id__range=1``. Those now get Django's answer for a malformed lookup,
  ``IncorrectLookupParameters``: the change list reloads unfiltered with ``?e=1``. The
  counting queries run in a savepoint, so on PostgreSQL a refused query leaves the
  request's transaction usable. Only what a malformed *value* raises is caught (the
  database's ``DataError``; on SQLite, the ``OperationalError`` of its regular-expression
  function), and each refusal is logged: a database that is down, locked or timing out
  still fails loudly rather than showing an unfiltered list.
* **Several-choice model fields** (``ModelMultipleChoiceField``: a group's permissions, a
  user's groups, an issue's articles). Django checks each posted key can build a filter,
  then looks them all up with ``pk__in``; on SQLite a number beyond its integers
  (``articles=99999999999999999999``) raised ``OverflowError`` (a 500). A key the model's
  key field cannot hold now gets the field's own "is not a valid value" error.
* **History pages** (django-simple-history, ``SimpleHistoryAdmin``). Its routes take any
  text as the object and version ids (the object id quoted as the admin quotes keys) and
  filter with it as it came: ``/admin/lordspress/
  page/x/history/`` or ``…/article/1/history/1.5/`` raised ``ValueError`` (a 500). An id
  the key field cannot hold now gets the 404 the history pages give for an unknown object.
* **Integer keys written in other digits** (admin addresses, posted choices, history ids).
  Django reads an integer key with ``int()``, which takes every Unicode digit, white space
  and underscores: ``/admin/newsletter/subscriber/١/change/`` opened subscriber 1, and a
  posted ``category=１`` chose category 1. A key is a name, so each row has one:
  ``ModelAdmin.get_object`` finds nothing for such text (the admin's "doesn't exist"
  answer), choice fields give their "Select a valid choice" error, and every correction
  above that asks whether a field can hold a key refuses it (``lordspress.core.numbers``).
  Numbers staff type as amounts (an order, a priority) are converted by Django to the
  number, and only that number is stored and shown, so they are left as Django reads them.
* **Change-list page and ordering numbers** (``?p=``, ``?o=``) in other digits, which
  ``int()`` read as the page or column (``?p=١``): the change list's "malformed lookup"
  answer, ``?e=1``.
* **An empty** ``?_to_field=`` on a change page passes Django's check (an empty name is not
  checked) and reached ``get_field("")``, a 500; it now means the key, as no ``_to_field``.
"""

import logging

from django.contrib.admin import ModelAdmin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.db import DataError, OperationalError, connections, models, transaction
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from lordspress.core.numbers import is_ascii_number

logger = logging.getLogger(__name__)

# What a malformed lookup value raises once Django has accepted it as a filter: PostgreSQL
# answers a value it cannot read (an invalid regular expression, an integer out of range)
# with SQLSTATE class 22, "data exception", which psycopg2 raises as DataError.
_REFUSED_LOOKUP = (DataError, LookupError, OverflowError, TypeError, ValueError)
# SQLite's REGEXP is Django's Python function; an invalid pattern fails inside it, and
# SQLite reports any failure of a function it was given this way.
_SQLITE_FUNCTION_FAILED = "user-defined function raised exception"


def _refused_lookup(error: Exception, vendor: str) -> bool:
    """Whether a change-list query failed because of a malformed filter value (and not
    because the database is down, locked or slow)."""
    if isinstance(error, _REFUSED_LOOKUP):
        return True
    return (
        vendor == "sqlite"
        and isinstance(error, OperationalError)
        and _SQLITE_FUNCTION_FAILED in str(error)
    )


_installed = False


def install() -> None:
    """Apply the corrections (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True

    django_optgroups = AutocompleteMixin.optgroups
    django_get_filters = ChangeList.get_filters
    django_get_results = ChangeList.get_results
    django_check_values = ModelMultipleChoiceField._check_values
    django_history_view = SimpleHistoryAdmin.history_view
    django_history_form_view = SimpleHistoryAdmin.history_form_view
    django_get_object = ModelAdmin.get_object
    django_choice_to_python = ModelChoiceField.to_python

    def optgroups(self, name, value, attr=None):
        return django_optgroups(self, name, [v for v in value if _is_key(self, v)], attr)

    def get_filters(self, request):
        for parameter, value in _numbers_in_change_list_query(request):
            if not is_ascii_number(value):
                raise IncorrectLookupParameters(f"{parameter}={value!r} is not in ASCII digits")
        try:
            return django_get_filters(self, request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        using = self.queryset.db
        try:
            with transaction.atomic(using=using):
                return django_get_results(self, request)
        except (*_REFUSED_LOOKUP, OperationalError) as error:
            if not _refused_lookup(error, connections[using].vendor):
                raise
            logger.warning(
                "Change list %s: filter %s refused by the database (%s: %s); shown unfiltered.",
                self.model._meta.label,
                request.GET.urlencode()[:500],
                error.__class__.__name__,
                error,
            )
            raise IncorrectLookupParameters(error) from error

    def _check_values(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value if isinstance(value, list | tuple | set | frozenset) else ():
            if not _holds(key, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return django_check_values(self, value)

    def history_view(self, request, object_id, extra_context=None):
        if not _holds(self.model._meta.pk, unquote(object_id)):
            raise Http404
        return django_history_view(self, request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        opts = self.model._meta
        history = getattr(self.model, opts.simple_history_manager_attribute).model
        if not (
            _holds(opts.pk, unquote(object_id))
            and _holds(history._meta.get_field("history_id"), version_id)
        ):
            raise Http404
        return django_history_form_view(self, request, object_id, version_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        # ``?_to_field=`` (empty) passes the change form's check (an empty name is not
        # tested) and then reached ``get_field("")``: FieldDoesNotExist, a 500.
        from_field = from_field or None
        opts = self.model._meta
        key = opts.pk if from_field is None else opts.get_field(from_field)
        if not _spelt_as_key(key, object_id):
            return None
        return django_get_object(self, request, object_id, from_field)

    def choice_to_python(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        if value not in self.empty_values and not _spelt_as_key(key, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return django_choice_to_python(self, value)

    AutocompleteMixin.optgroups = optgroups
    ChangeList.get_filters = get_filters
    ChangeList.get_results = get_results
    ModelMultipleChoiceField._check_values = _check_values
    SimpleHistoryAdmin.history_view = history_view
    SimpleHistoryAdmin.history_form_view = history_form_view
    ModelAdmin.get_object = get_object
    ModelChoiceField.to_python = choice_to_python


def _numbers_in_change_list_query(request):
    """The numbers a change list reads from its query with ``int()``: the page (``p``) and
    each column of the ordering (``o``, dot-separated, each optionally after ``-``). Parts
    ``int()`` refuses Django ignores itself; those it reads are yielded."""
    page = request.GET.get(PAGE_VAR)
    if page is not None and _reads_as_int(page):
        yield PAGE_VAR, page
    for part in request.GET.get(ORDER_VAR, "").split("."):
        column = part.removeprefix("-")
        if _reads_as_int(column):
            yield ORDER_VAR, column


def _reads_as_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _is_key(widget, value) -> bool:
    """Whether ``value`` could be the autocomplete target's key (pk or ``to_field``).

    Empty values pass: Django's ``optgroups`` drops them itself.
    """
    if value is None or str(value) in widget.choices.field.empty_values:
        return True
    remote = widget.field.remote_field
    opts = remote.model._meta
    return _holds(opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname), value)


def _holds(field, value) -> bool:
    """Whether a model field can hold ``value`` (converted, and within its validators, such
    as an integer key's range), i.e. whether a lookup with it can reach the database."""
    if not _spelt_as_key(field, value):
        return False
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _spelt_as_key(field, value) -> bool:
    """False for text an integer field would read with ``int()`` but that is not written in
    ASCII digits (an optional minus sign, then ``0``–``9`` only); True for anything else,
    which the field's own conversion then judges."""
    if not isinstance(value, str) or not isinstance(field, models.IntegerField):
        return True
    return is_ascii_number(value.removeprefix("-"))
