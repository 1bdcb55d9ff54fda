"""The audit log in the admin: browsable, filterable, and closed to every change."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Event
from tests.factories import ArticleFactory, UserFactory
from tests.reviews.factories import ClaimFactory

EVENTS = "/admin/claims/event/"


@pytest.fixture
def log(db: None) -> dict[str, Event]:
    """Three events: two on one claim by Rita, one on another article by Oscar."""
    rita, oscar = UserFactory.create(username="rita"), UserFactory.create(username="oscar")
    claim = ClaimFactory.create()
    other = ArticleFactory.create()
    return {
        "leased": Event.objects.create(action="claim.leased", actor=rita, claim=claim),
        "released": Event.objects.create(action="claim.released", actor=rita, claim=claim),
        "submitted": Event.objects.create(action="article.submitted", actor=oscar, article=other),
    }


def shown(response: object, events: dict[str, Event]) -> set[str]:
    html = response.content.decode()  # type: ignore[attr-defined]
    return {name for name, e in events.items() if f"{EVENTS}{e.pk}/change/" in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"leased", "released", "submitted"}),
        ("?action__exact=claim.leased", {"leased"}),
        ("?q=oscar", {"submitted"}),
        ("?claim={claim}", {"leased", "released"}),
        ("?article={article}", {"submitted"}),
        ("?claim=not-a-number", set()),
        ("?created_at__year=1999", set()),
    ],
)
def test_the_log_filters_by_action_actor_claim_article_and_date(
    operator_client: Client, log: dict[str, Event], query: str, expected: set[str]
) -> None:
    url = EVENTS + query.format(claim=log["leased"].claim_id, article=log["submitted"].article_id)

    response = operator_client.get(url)

    assert response.status_code == 200
    assert shown(response, log) == expected


def test_not_even_a_superuser_can_add_change_or_delete_an_event(
    operator_client: Client, log: dict[str, Event]
) -> None:
    event = log["leased"]

    added = operator_client.post(f"{EVENTS}add/", {"action": "claim.published"})
    changed = operator_client.post(f"{EVENTS}{event.pk}/change/", {"action": "claim.released"})
    deleted = operator_client.post(f"{EVENTS}{event.pk}/delete/", {"post": "yes"})
    bulk = operator_client.post(
        EVENTS, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )

    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert bulk.status_code == 200  # the changelist again: there is no delete action
    assert Event.objects.get(pk=event.pk).action == "claim.leased"
    assert Event.objects.count() == 3


def test_an_editor_can_read_the_log(editor_client: Client, log: dict[str, Event]) -> None:
    response = editor_client.get(EVENTS)

    assert response.status_code == 200
    assert shown(response, log) == {"leased", "released", "submitted"}
