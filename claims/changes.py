"""Applying an edit to a row field by field, and describing it for the audit log.

The edit services (article details, queues, clusters, ratings) share this: they name the fields
an edit may touch, apply the new values to the locked row and record ``{field: [old, new]}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from claims.audit import event_record
from claims.models import Article, EventAction
from factcheck.errors import InvalidInput

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Row = TypeVar("Row", bound=models.Model)


def json_value(value: Any) -> Any:
    """Return ``value`` as the audit log stores it (a JSON value)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def fields_apply(
    *, instance: models.Model, values: Mapping[str, Any], editable: Iterable[str]
) -> dict[str, list[Any]]:
    """Set ``values`` on ``instance`` and return what changed as ``{field: [old, new]}``.

    Refuses (``InvalidInput``) a field outside ``editable`` and a value the model's own
    validation rejects, before anything is saved. The caller saves and records the event.
    """
    allowed = set(editable)
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(f"These fields cannot be edited here: {', '.join(unknown)}.")
    changed: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changed[name] = [json_value(old), json_value(new)]
            setattr(instance, name, new)
    if changed:
        untouched = [f.name for f in instance._meta.fields if f.name not in changed]
        try:
            instance.full_clean(exclude=untouched)
        except ValidationError as exc:
            raise InvalidInput("; ".join(exc.messages)) from exc
    return changed


def row_edit(
    *,
    row: Row,
    values: Mapping[str, Any],
    editable: Iterable[str],
    action: EventAction,
    actor: AbstractBaseUser | AnonymousUser | None,
    label: Callable[[Row], dict[str, Any]],
    also_save: tuple[str, ...] = (),
) -> Row:
    """Lock ``row``, apply ``values`` to it, save and record ``{field: [old, new]}``; return it.

    ``label`` names the row in the event (e.g. ``{"queue": slug}``); an edit that changes
    nothing saves and records nothing.
    """
    with transaction.atomic():
        locked = type(row)._default_manager.select_for_update().get(pk=row.pk)
        changed = fields_apply(instance=locked, values=values, editable=editable)
        if changed:
            locked.save(update_fields=[*changed, *also_save])
            event_record(
                action=action,
                actor=actor,
                article=locked if isinstance(locked, Article) else None,
                changes={**label(locked), "changed": changed},
            )
    return locked
