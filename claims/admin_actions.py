"""How an admin action runs a service on each selected row and says what happened to each.

An admin action holds no rule: it calls the same service as the API for every selected row and
reports, row by row, what the service did or the service's own reason for refusing. One
refusal does not stop the others; each row's change is its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib import admin, messages
from django.http import HttpRequest

from factcheck.errors import DomainError

Row = TypeVar("Row")


def rows_apply(
    *,
    model_admin: admin.ModelAdmin,  # type: ignore[type-arg]
    request: HttpRequest,
    rows: Iterable[Row],
    label: Callable[[Row], str],
    service: Callable[[Row], str],
) -> None:
    """Call ``service`` on each row; report its result, or its refusal, one message per row."""
    for row in rows:
        try:
            done = service(row)
        except DomainError as refusal:
            model_admin.message_user(request, f"{label(row)}: {refusal.message}", messages.ERROR)
        else:
            model_admin.message_user(request, f"{label(row)}: {done}", messages.SUCCESS)


def input_missing(
    *,
    model_admin: admin.ModelAdmin,  # type: ignore[type-arg]
    request: HttpRequest,
    name: str,
) -> None:
    """Report that the action needs ``name`` filled in the action bar; nothing was done."""
    model_admin.message_user(
        request,
        f"Fill in {name} in the action bar, then run the action again. Nothing was changed.",
        messages.ERROR,
    )
