"""Queues, ratings and clusters edited in the admin: each edit is logged with what changed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from claims.models import ClaimCluster, Event, Queue
from reviews.models import Rating
from tests.reviews.factories import ClaimFactory

QUEUE_FORM: dict[str, Any] = {
    "name": "Economy",
    "slug": "economy",
    "description": "",
    "routing_order": "10",
    "route_keywords": '["unemployment", "inflation"]',
    "route_entities": "[]",
    "route_languages": "[]",
    "route_sources": "[]",
    "sla_hours": "4",
}


def test_creating_and_changing_a_queue_is_logged(operator_client: Client, operator: User) -> None:
    # WHEN an operator creates a queue, then changes its SLA
    created = operator_client.post("/admin/claims/queue/add/", QUEUE_FORM)
    queue = Queue.objects.get(slug="economy")
    changed = operator_client.post(
        f"/admin/claims/queue/{queue.pk}/change/", {**QUEUE_FORM, "sla_hours": "2"}
    )

    # THEN both are in the log, the change with the old and new SLA
    assert (created.status_code, changed.status_code) == (302, 302)
    creation = Event.objects.get(action="queue.created")
    assert creation.actor == operator
    assert creation.changes["queue"] == "economy"
    assert creation.changes["values"]["route_keywords"] == ["unemployment", "inflation"]
    change = Event.objects.get(action="queue.changed")
    assert change.changes == {"queue": "economy", "changed": {"sla_hours": [4, 2]}}


def test_saving_a_queue_unchanged_logs_nothing(operator_client: Client) -> None:
    operator_client.post("/admin/claims/queue/add/", QUEUE_FORM)
    queue = Queue.objects.get(slug="economy")

    operator_client.post(f"/admin/claims/queue/{queue.pk}/change/", QUEUE_FORM)

    assert not Event.objects.filter(action="queue.changed").exists()


def test_a_queue_cannot_be_deleted_from_the_admin(operator_client: Client) -> None:
    queue = Queue.objects.get(is_default=True)

    response = operator_client.post(f"/admin/claims/queue/{queue.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Queue.objects.filter(pk=queue.pk).exists()


def test_changing_a_rating_is_logged(operator_client: Client, operator: User) -> None:
    # GIVEN the default scale's "Misleading"
    rating = Rating.objects.get(slug="misleading")
    form = {
        "label": "Misleading",
        "slug": "misleading",
        "value": str(rating.value),
        "best_value": str(rating.best_value),
        "worst_value": str(rating.worst_value),
        "description": "True in the letter, false in the impression it leaves.",
        "position": str(rating.position),
        "is_active": "on",
    }

    # WHEN an operator rewrites its description
    response = operator_client.post(f"/admin/reviews/rating/{rating.pk}/change/", form)

    # THEN the log says who changed it from what to what
    assert response.status_code == 302
    event = Event.objects.get(action="rating.changed")
    assert event.actor == operator
    assert event.changes == {
        "rating": "misleading",
        "changed": {
            "description": [
                rating.description,
                "True in the letter, false in the impression it leaves.",
            ]
        },
    }


def test_a_rating_value_already_on_the_scale_is_refused_and_nothing_is_logged(
    operator_client: Client,
) -> None:
    # GIVEN "Misleading", and "Mostly false" holding value 3 on the scale
    rating = Rating.objects.get(slug="misleading")
    taken = Rating.objects.get(slug="mostly-false").value
    form = {
        "label": "Misleading",
        "slug": "misleading",
        "value": str(taken),
        "best_value": str(rating.best_value),
        "worst_value": str(rating.worst_value),
        "description": rating.description,
        "position": str(rating.position),
        "is_active": "on",
    }

    # WHEN an operator gives Misleading the same value
    response = operator_client.post(f"/admin/reviews/rating/{rating.pk}/change/", form)

    # THEN the form says why, and neither the scale nor the log changed
    assert response.status_code == 200
    assert b"Rating with this Value already exists." in response.content
    assert Rating.objects.get(pk=rating.pk).value == rating.value
    assert not Event.objects.filter(action="rating.changed").exists()


def test_relabelling_a_cluster_is_logged_and_its_claims_stay(
    editor_client: Client, desk_editor: User
) -> None:
    cluster = ClaimCluster.objects.create(text="unemployment fell")
    claim = ClaimFactory.create(cluster=cluster)

    response = editor_client.post(
        f"/admin/claims/claimcluster/{cluster.pk}/change/",
        {
            "text": "Unemployment fell to 4.1% in 2024",
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "1",
            "claims-0-id": str(claim.pk),
            "claims-0-cluster": str(cluster.pk),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(action="cluster.changed")
    assert event.actor == desk_editor
    assert event.changes == {
        "cluster": cluster.pk,
        "changed": {"text": ["unemployment fell", "Unemployment fell to 4.1% in 2024"]},
    }
    assert list(cluster.claims.all()) == [claim]
