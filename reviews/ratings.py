"""Creating and changing the rating scale, each change recorded in the audit log.

Published fact-checks show their rating's label and values (ClaimReview's reviewRating), so a
change to the scale is an edit a reader can see and belongs in the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from claims.audit import event_record
from claims.changes import fields_apply, json_value, row_edit
from claims.models import EventAction
from reviews.models import Rating

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

RATING_EDITABLE_FIELDS = (
    "label",
    "slug",
    "value",
    "best_value",
    "worst_value",
    "description",
    "position",
    "is_active",
)


def rating_create(
    *, actor: AbstractBaseUser | AnonymousUser | None, values: dict[str, Any]
) -> Rating:
    """Add a step to the rating scale and record it."""
    rating = Rating()
    fields_apply(instance=rating, values=values, editable=RATING_EDITABLE_FIELDS)
    with transaction.atomic():
        rating.save()
        event_record(
            action=EventAction.RATING_CREATED,
            actor=actor,
            changes={
                "rating": rating.slug,
                "values": {n: json_value(getattr(rating, n)) for n in RATING_EDITABLE_FIELDS},
            },
        )
    return rating


def rating_change(
    *, rating: Rating, actor: AbstractBaseUser | AnonymousUser | None, values: dict[str, Any]
) -> Rating:
    """Change a rating (label, values, order, whether it is offered) and record what changed."""
    return row_edit(
        row=rating,
        values=values,
        editable=RATING_EDITABLE_FIELDS,
        action=EventAction.RATING_CHANGED,
        actor=actor,
        label=lambda r: {"rating": r.slug},
    )
