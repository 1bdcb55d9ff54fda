"""The roles (Django groups) and their permissions; seeding the default rating scale.

Migration 0004 seeds both (the scale itself is defined in ``reviews.rating_scale``);
``roles_and_ratings_ensure`` puts them back idempotently where a database lost them (e.g. a
test database flushed between tests, or a hand-cleaned install).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from reviews.models import Rating
from reviews.rating_scale import BEST_VALUE, DEFAULT_SCALE, WORST_VALUE

REVIEWER_PERMISSIONS = ["lease_claim", "submit_review"]
EDITOR_PERMISSIONS = [
    *REVIEWER_PERMISSIONS,
    "approve_review",
    "publish_review",
    "correct_review",
    "boost_claim",
]
ROLES = {
    "reviewer": REVIEWER_PERMISSIONS,
    "editor": EDITOR_PERMISSIONS,
    "admin": EDITOR_PERMISSIONS,
}


def roles_and_ratings_ensure() -> None:
    """Create any missing role group, role permission or default rating."""
    with transaction.atomic():
        for position, (label, slug, value, description) in enumerate(DEFAULT_SCALE):
            Rating.objects.get_or_create(
                slug=slug,
                defaults={
                    "label": label,
                    "value": value,
                    "best_value": BEST_VALUE,
                    "worst_value": WORST_VALUE,
                    "description": description,
                    "position": position,
                },
            )
        for role, codenames in ROLES.items():
            group, _ = Group.objects.get_or_create(name=role)
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="reviews", codename__in=codenames
                )
            )
