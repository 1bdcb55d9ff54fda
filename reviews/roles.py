"""The roles (Django groups) and their permissions, and the default rating scale.

Migration 0004 seeds both (0010 adds the submitter role and the read permissions);
``roles_and_ratings_ensure`` puts them back idempotently where a database lost them (e.g. a
test database flushed between tests, or a hand-cleaned install).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from reviews.models import Rating, Review

BEST_VALUE, WORST_VALUE = 6, 1
RATINGS = [
    # (label, slug, value, description)
    ("True", "true", 6, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 5, "Accurate but needs clarification or more detail."),
    ("Half true", "half-true", 4, "Partially accurate; leaves out important details."),
    ("Mostly false", "mostly-false", 3, "Contains an element of truth but ignores critical facts."),
    ("False", "false", 2, "The statement is not accurate."),
    ("Pants on fire", "pants-on-fire", 1, "Not accurate and makes a ridiculous claim."),
    ("Misleading", "misleading", 2, "Accurate in the letter, but gives a false impression."),
    ("Unproven", "unproven", 3, "The evidence available neither proves nor disproves it."),
]

# Permissions that belong to no model's Meta: what a role may read, and article submission.
# They hang off the Review content type, like the workflow permissions in Review.Meta.
ACCESS_PERMISSIONS = {
    "submit_article": "Can submit articles",
    "view_workflow": "Can read articles, claims, queues, evidence, verdicts and timelines",
    "view_drafts": "Can read other people's draft verdicts",
}

SUBMITTER_PERMISSIONS = ["submit_article"]
REVIEWER_PERMISSIONS = ["submit_article", "view_workflow", "lease_claim", "submit_review"]
EDITOR_PERMISSIONS = [
    *REVIEWER_PERMISSIONS,
    "view_drafts",
    "approve_review",
    "publish_review",
    "correct_review",
    "boost_claim",
]
ROLES = {
    "submitter": SUBMITTER_PERMISSIONS,
    "reviewer": REVIEWER_PERMISSIONS,
    "editor": EDITOR_PERMISSIONS,
    "admin": EDITOR_PERMISSIONS,
}


def roles_and_ratings_ensure() -> None:
    """Create any missing role group, role permission or default rating."""
    with transaction.atomic():
        for position, (label, slug, value, description) in enumerate(RATINGS):
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
        review_type = ContentType.objects.get_for_model(Review)
        for codename, name in ACCESS_PERMISSIONS.items():
            Permission.objects.get_or_create(
                content_type=review_type, codename=codename, defaults={"name": name}
            )
        for role, codenames in ROLES.items():
            group, _ = Group.objects.get_or_create(name=role)
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="reviews", codename__in=codenames
                )
            )
