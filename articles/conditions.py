"""A rule written once, as a query expression, answers for one object too.

Each rule of who sees what (``articles.models.live_q``, ``scheduled_q``,
``articles.access.members_only_q``) is a ``Q``: listings filter on it in the database, and
``holds`` reads the very same ``Q`` against one object's fields in Python, so the answer on
one page and the membership of a list can never be two copies that drift apart.

Why not Django's ``Q.check()``: it asks the database, one query per object, so every card on
a list page would cost one (a home page shows about thirty); and it answers True when the
query fails. Why not an annotation on every queryset: objects that come from elsewhere (the
admin preview, a newsletter issue, an old address) need the answer as well.

Only what a rule needs is understood: plain fields of the object, compared with ``exact``,
``in``, ``lt``, ``lte``, ``gt``, ``gte`` or ``isnull`` to plain values, joined by AND, OR,
XOR and NOT. Anything else (a relation, a transform, an ``F()``) raises ``ValueError`` rather
than being guessed at; so does a field the object was loaded without (``defer()``), which
would otherwise cost a query per object in silence.

NULL is read as SQL reads it, and as Django writes a negated lookup on a nullable field:
a comparison with NULL is false, and its negation true (Django adds ``IS NOT NULL`` inside a
``NOT``). ``tests/test_rules_once.py`` holds ``holds`` to the database's answer for random
articles at random times.
"""

import operator
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Model, Q

_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "in": lambda value, choices: value in choices,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def holds(condition: Q, obj: Model | Mapping[str, Any]) -> bool:
    """Whether ``obj`` (a model instance, or a mapping of field names to values) would be
    among the rows ``filter(condition)`` returns."""
    answers = [
        holds(child, obj) if isinstance(child, Q) else _lookup(*child, obj)
        for child in condition.children
    ]
    if condition.connector == Q.AND:
        answer = all(answers)
    elif condition.connector == Q.OR:
        answer = any(answers)
    elif condition.connector == Q.XOR:
        answer = sum(answers) % 2 == 1
    else:  # pragma: no cover - Django has no other connector
        raise ValueError(f"Unknown connector {condition.connector!r}")
    return not answer if condition.negated else answer


def _lookup(key: str, expected: Any, obj: Model | Mapping[str, Any]) -> bool:
    name, _, lookup = key.partition("__")
    lookup = lookup or "exact"
    if lookup != "isnull" and lookup not in _COMPARISONS:
        raise ValueError(f"holds() does not read the lookup {key!r}")
    if hasattr(expected, "resolve_expression"):
        raise ValueError(f"holds() compares with plain values only, not {expected!r} ({key})")
    value = _field_value(obj, name)
    if lookup == "isnull":
        return (value is None) == bool(expected)
    if lookup == "exact" and expected is None:
        return value is None  # Django writes field=None as IS NULL
    if value is None:
        return False  # NULL compared with anything is not true
    if lookup == "in":
        return value in [choice for choice in expected if choice is not None]
    return _COMPARISONS[lookup](value, expected)


def _field_value(obj: Model | Mapping[str, Any], name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj[name]
    field = obj._meta.get_field(name)
    if field.is_relation or not field.concrete:
        raise ValueError(f"holds() reads plain fields only, not {name!r}")
    if field.attname not in obj.__dict__:
        raise ValueError(
            f"{type(obj).__name__}.{name} was not loaded (deferred): reading it here would "
            "cost a query for every object"
        )
    return obj.__dict__[field.attname]
