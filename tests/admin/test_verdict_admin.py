"""Published verdicts corrected or retracted from the admin, through the verdict services."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from claims.models import Claim, ClaimStatus, Event
from reviews.models import Rating, Review, ReviewState
from tests.admin.conftest import messages_of, run_action
from tests.reviews.factories import user_with_role

REVIEWS = "/admin/reviews/review/"


def test_a_correction_from_the_admin_is_published_only_when_a_second_editor_approves_it(
    editor_client: Client, desk_editor: User, published_review: Review
) -> None:
    # WHEN the desk lead proposes a correction of the published verdict's rating, with a reason
    misleading = Rating.objects.get(slug="misleading")
    response = run_action(
        editor_client,
        REVIEWS,
        "correct",
        [published_review],
        reason="The figure was revised.",
        rating=misleading.pk,
    )

    # THEN the correction waits: the published version stays live
    [message] = messages_of(response)
    assert message.startswith(f"Verdict {published_review.pk} (claim {published_review.claim_id})")
    assert "correction proposed" in message
    assert Review.objects.get(pk=published_review.pk).state == ReviewState.PUBLISHED
    proposal = Review.objects.get(claim_id=published_review.claim_id, state=ReviewState.PROPOSED)

    # WHEN the same editor tries to approve their own correction, THEN the admin refuses
    refusal = messages_of(run_action(editor_client, REVIEWS, "approve_correction", [proposal]))[-1]
    assert "you wrote this verdict or a version of its text" in refusal
    assert Review.objects.get(pk=proposal.pk).state == ReviewState.PROPOSED

    # WHEN a second editor approves it from the admin
    second = user_with_role("editor", username="carla", is_staff=True)
    second_client = Client()
    second_client.force_login(second)
    [approved] = messages_of(run_action(second_client, REVIEWS, "approve_correction", [proposal]))

    # THEN it is published, the old version superseded, and the log has both steps
    assert "correction published" in approved
    assert Review.objects.get(pk=published_review.pk).state == ReviewState.SUPERSEDED
    event = Event.objects.get(claim_id=published_review.claim_id, action="review.corrected")
    assert event.actor == second
    assert Event.objects.filter(
        claim_id=published_review.claim_id, action="review.correction_proposed", actor=desk_editor
    ).exists()


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
