"""Typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
import re

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """An environment variable holds a value the service cannot use."""


def env_str(name: str, default: str) -> str:
    """Return the variable as a string, or ``default`` when unset or empty."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean (1/0, true/false, yes/no, on/off)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return the variable as an integer, at least ``minimum`` when given."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is below the minimum {minimum}")
    return value


def env_float(name: str, default: float) -> float:
    """Return the variable as a float."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str) -> str:
    """Return the variable as an absolute http(s) URL without a trailing slash ("" allowed)."""
    raw = os.environ.get(name)
    if not raw:
        return default
    value = raw.strip().rstrip("/")
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest or any(c.isspace() for c in value):
        raise ConfigError(f"{name}={raw!r} is not an absolute http(s) URL")
    return value


_RATE = re.compile(r"^\s*(\d+)\s*/\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*$")


def env_rate(name: str, default: str) -> str:
    """Return the variable as a request rate such as ``60/min`` (per s, min, hour or day).

    The value is returned in the form Django REST framework's throttles parse.
    """
    raw = os.environ.get(name) or default
    match = _RATE.match(raw)
    if not match or int(match.group(1)) < 1:
        raise ConfigError(
            f"{name}={raw!r} is not a rate (use a count per period: 60/min, 5/s, 1000/hour, "
            "10000/day)"
        )
    return f"{int(match.group(1))}/{match.group(2)}"


def env_float_list(name: str, default: list[float]) -> list[float]:
    """Return a comma-separated variable as a list of non-negative numbers."""
    items = env_list(name, [])
    if not items:
        return default
    try:
        values = [float(item) for item in items]
    except ValueError:
        raise ConfigError(f"{name}={os.environ.get(name)!r} is not a list of numbers") from None
    if any(v < 0 for v in values):
        raise ConfigError(f"{name} cannot hold negative numbers")
    return values
