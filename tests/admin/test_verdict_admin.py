"""Published verdicts corrected or retracted from the admin, through the verdict services."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from claims.models import Claim, ClaimStatus, Event
from reviews.models import Rating, Review, ReviewState
from tests.admin.conftest import messages_of, run_action

REVIEWS = "/admin/reviews/review/"


def test_an_editor_corrects_a_published_verdict_from_the_admin(
    editor_client: Client, desk_editor: User, published_review: Review
) -> None:
    # WHEN the desk lead corrects the published verdict's rating, with a reason
    misleading = Rating.objects.get(slug="misleading")
    response = run_action(
        editor_client,
        REVIEWS,
        "correct",
        [published_review],
        reason="The figure was revised.",
        rating=misleading.pk,
    )

    # THEN the correction service ran: the log records it with the reason and the change
    [message] = messages_of(response)
    assert message.startswith(f"Verdict {published_review.pk} (claim {published_review.claim_id})")
    assert "corrected" in message
    event = Event.objects.get(claim_id=published_review.claim_id, action="review.corrected")
    assert event.actor == desk_editor
    assert event.changes["reason"] == "The figure was revised."
    assert event.changes["changed"]["rating"] == ["false", "misleading"]
    assert Review.objects.get(pk=published_review.pk).state == ReviewState.SUPERSEDED


def test_an_editor_retracts_a_published_verdict_from_the_admin(
    editor_client: Client, published_review: Review
) -> None:
    response = run_action(
        editor_client, REVIEWS, "retract", [published_review], reason="Source withdrawn."
    )

    assert messages_of(response) == [
        f"Verdict {published_review.pk} (claim {published_review.claim_id}): retracted."
    ]
    assert Claim.objects.get(pk=published_review.claim_id).status == ClaimStatus.RETRACTED
    assert Review.objects.get(pk=published_review.pk).retraction_reason == "Source withdrawn."


def test_retracting_twice_is_refused_with_the_services_reason(
    editor_client: Client, published_review: Review
) -> None:
    run_action(editor_client, REVIEWS, "retract", [published_review], reason="Source withdrawn.")
    editor_client.get(REVIEWS)  # the list page shows (and so clears) the first run's messages

    again = run_action(editor_client, REVIEWS, "retract", [published_review], reason="Again.")

    assert messages_of(again) == [
        f"Verdict {published_review.pk} (claim {published_review.claim_id}): "
        "Cannot retract this verdict: it was retracted."
    ]
    assert Event.objects.filter(action="review.retracted").count() == 1


def test_a_correction_needs_a_reason(editor_client: Client, published_review: Review) -> None:
    response = run_action(editor_client, REVIEWS, "correct", [published_review])

    assert messages_of(response) == [
        "Fill in the reason in the action bar, then run the action again. Nothing was changed."
    ]
    assert Review.objects.get(pk=published_review.pk).state == ReviewState.PUBLISHED


def test_a_verdict_cannot_be_edited_in_the_admin(
    operator_client: Client, published_review: Review
) -> None:
    response = operator_client.post(
        f"{REVIEWS}{published_review.pk}/change/", {"conclusion": "Quietly rewritten."}
    )

    assert response.status_code == 403
    assert Review.objects.get(pk=published_review.pk).conclusion.startswith("Unemployment rose")
