"""Seed the rating scale and the reviewer / editor / admin roles (Django groups)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The scale is defined once, in reviews.rating_scale; 0009 renumbers databases seeded earlier.
from reviews.rating_scale import BEST_VALUE, DEFAULT_SCALE, WORST_VALUE

REVIEWER = ["lease_claim", "submit_review"]
EDITOR = [*REVIEWER, "approve_review", "publish_review", "correct_review", "boost_claim"]
ROLES = {"reviewer": REVIEWER, "editor": EDITOR, "admin": EDITOR}


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Rating = apps.get_model("reviews", "Rating")
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

    # Permissions are normally made after migrate; the groups need them now.
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(content_type__app_label="reviews", codename__in=codenames)
        group.permissions.add(*perms)
    # Admins also manage queues, ratings and users.
    admin = Group.objects.get(name="admin")
    admin.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["reviews", "auth"],
            codename__regex=r"^(add|change|view)_(queue|rating|user|group)$",
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_ratings_reviews_evidence_routing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
