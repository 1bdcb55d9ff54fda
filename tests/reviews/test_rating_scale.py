"""The rating scale: one value per label, in order, inside the scale's best and worst."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from reviews.models import Rating
from reviews.rating_scale import DEFAULT_SCALE
from reviews.roles import roles_and_ratings_ensure
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

ORDERED = [
    ("true", 8),
    ("mostly-true", 7),
    ("half-true", 6),
    ("misleading", 5),
    ("unproven", 4),
    ("mostly-false", 3),
    ("false", 2),
    ("pants-on-fire", 1),
]


def test_the_published_scale_gives_each_label_its_own_value_in_order(
    reviewer_api: APIClient,
) -> None:
    # WHEN anyone reads the scale through the API
    response = reviewer_api.get("/api/v1/ratings/")
    scale = response.json()["results"]

    # THEN each label has its own value, listed from best to worst, all on one 1..8 scale
    assert [(r["slug"], r["value"]) for r in scale] == ORDERED
    assert {(r["worst_value"], r["best_value"]) for r in scale} == {(1, 8)}


def test_the_database_refuses_a_second_rating_with_a_taken_value() -> None:
    roles_and_ratings_ensure()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            label="Exaggerated", slug="exaggerated", value=5, best_value=8, worst_value=1
        )


def test_the_database_refuses_a_value_outside_the_scale() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            label="Beyond true", slug="beyond", value=9, best_value=8, worst_value=1
        )


BEFORE = [("reviews", "0008_correction_proposals")]
OLD_SCALE = {
    # The 1..6 scale of migration 0004 as first shipped: two pairs of labels shared a value.
    "true": 6,
    "mostly-true": 5,
    "half-true": 4,
    "mostly-false": 3,
    "false": 2,
    "pants-on-fire": 1,
    "misleading": 2,
    "unproven": 3,
}


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_renumbers_a_database_seeded_with_the_old_scale() -> None:
    # GIVEN a database before migration 0009, holding the old scale and a verdict rated Misleading
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldRating = old_apps.get_model("reviews", "Rating")
    for position, (slug, value) in enumerate(OLD_SCALE.items()):
        OldRating.objects.update_or_create(
            slug=slug,
            defaults={
                "label": slug.replace("-", " ").capitalize(),
                "value": value,
                "best_value": 6,
                "worst_value": 1,
                "position": position,
            },
        )
    misleading_id = OldRating.objects.get(slug="misleading").pk

    # WHEN the migrations run
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    # THEN every rating has its own value on the 1..8 scale, the same rows kept
    migrated = list(Rating.objects.order_by("position").values_list("slug", "value"))
    assert migrated == ORDERED
    assert Rating.objects.get(slug="misleading").pk == misleading_id
    assert set(Rating.objects.values_list("worst_value", "best_value")) == {(1, 8)}


def test_the_default_scale_is_defined_once() -> None:
    # The seeding code and both migrations read reviews.rating_scale; no copy remains.
    copies = [
        str(path.relative_to(ROOT))
        for app in ("claims", "reviews", "factcheck")
        for path in Path(ROOT, app).rglob("*.py")
        if '"pants-on-fire"' in path.read_text(encoding="utf-8")
    ]
    assert copies == ["reviews/rating_scale.py"]
    assert [(step.slug, step.value) for step in DEFAULT_SCALE] == ORDERED
