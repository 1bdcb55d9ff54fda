"""The roles (Django groups) and their permissions; seeding the default rating scale.

Migration 0004 seeds both (the scale itself is defined in ``reviews.rating_scale``; 0011 adds
the submitter role and the read permissions);
``roles_and_ratings_ensure`` puts them back idempotently where a database lost them (e.g. a
test database flushed between tests, or a hand-cleaned install).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from reviews.models import Rating, Review
from reviews.rating_scale import BEST_VALUE, DEFAULT_SCALE, WORST_VALUE

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

# What each role sees and edits in the Django admin ("app_label.codename"). Workflow changes
# there are admin actions that call the services, which check the role permissions above;
# these only open the pages. Reviewers work in the dashboard and the API, not the admin.
EDITOR_ADMIN_PERMISSIONS = [
    "claims.view_article",
    "claims.add_article",
    "claims.change_article",
    "claims.view_claim",
    "claims.view_claimcluster",
    "claims.change_claimcluster",
    "claims.view_queue",
    "claims.view_event",
    "reviews.view_review",
    "reviews.view_evidence",
    "reviews.view_dismissal",
    "reviews.view_rating",
]
# The admin role is the operator: it also runs queues, the rating scale, users and tokens.
OPERATOR_ADMIN_PERMISSIONS = [
    *EDITOR_ADMIN_PERMISSIONS,
    "claims.add_queue",
    "claims.change_queue",
    "reviews.add_rating",
    "reviews.change_rating",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
    "auth.add_group",
    "auth.change_group",
    "authtoken.view_tokenproxy",
    "authtoken.add_tokenproxy",
    "authtoken.delete_tokenproxy",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
]
ROLE_ADMIN_PERMISSIONS = {
    "submitter": [],
    "reviewer": [],
    "editor": EDITOR_ADMIN_PERMISSIONS,
    "admin": OPERATOR_ADMIN_PERMISSIONS,
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
            group.permissions.add(*admin_permissions(ROLE_ADMIN_PERMISSIONS[role]))


def admin_permissions(names: list[str]) -> list[Permission]:
    """Return the permissions named ``app_label.codename`` (those that exist)."""
    if not names:
        return []
    wanted = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted))
