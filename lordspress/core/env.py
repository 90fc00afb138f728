"""Typed readers for environment variables.

Settings come from the environment (twelve-factor). A malformed value must stop the process
with a message naming the variable, never a traceback or a silently wrong default, so every
reader raises ``ImproperlyConfigured`` with the variable's name and what it expected.
"""

import math
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if required:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required when DEBUG is off; see .env.example."
            )
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name}={value!r} is not a boolean; use 1/0, true/false, "
        f"yes/no or on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name}={value!r} is not a whole number."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"The environment variable {name}={number} must be at least {minimum}."
        )
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated values; empty or unset gives the default."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_float(
    name: str,
    default: float,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """A finite decimal number (coordinates, timeouts); empty or unset gives the default."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = float(value.strip())
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ImproperlyConfigured(
            f"The environment variable {name}={value!r} is not a number (for example 51.5085)."
        )
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        bounds = " and ".join(
            part
            for part in (
                f"at least {minimum:g}" if minimum is not None else "",
                f"at most {maximum:g}" if maximum is not None else "",
            )
            if part
        )
        raise ImproperlyConfigured(f"The environment variable {name}={number:g} must be {bounds}.")
    return number
