"""Verdicts: draft, submit, return, approve, publish, correct, retract.

Every service locks the claim row first and then the review row, in that order everywhere,
so two editors acting on the same verdict serialise instead of deadlocking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from claims.audit import event_record
from claims.models import Claim, ClaimStatus, EventAction
from claims.transitions import ClaimAction, claim_transition, claim_transition_check
from factcheck.errors import InvalidInput, PermissionDenied
from reviews.leases import lease_duration
from reviews.models import Rating, Review, ReviewState, WebhookEvent
from reviews.permissions import lease_holder_require, role_require
from reviews.state_machine import review_next_state
from reviews.webhooks import fact_check_event_announce

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    Actor = User

CLOSED_STATES = (ReviewState.SUPERSEDED, ReviewState.RETRACTED)
VERDICT_FIELDS = ("rating", "conclusion", "explanation")


def review_current(*, claim: Claim) -> Review | None:
    """Return the claim's verdict being worked on or live (not superseded or retracted)."""
    return (
        Review.objects.filter(claim=claim)
        .exclude(state__in=CLOSED_STATES)
        .select_related("rating")
        .first()
    )


def _verdict_values(review: Review) -> dict[str, Any]:
    return {
        "rating": review.rating.slug if review.rating else None,
        "conclusion": review.conclusion,
        "explanation": review.explanation,
    }


def _locked(review: Review) -> tuple[Claim, Review]:
    """Lock the claim, then the review (call inside atomic)."""
    claim = Claim.objects.select_for_update().get(pk=review.claim_id)
    locked = (
        Review.objects.select_for_update(of=("self",)).select_related("rating").get(pk=review.pk)
    )
    return claim, locked


def review_draft_save(
    *,
    claim: Claim,
    reviewer: Actor,
    rating: Rating | None = None,
    conclusion: str | None = None,
    explanation: str | None = None,
) -> Review:
    """Create or update the draft verdict of the claim the reviewer holds."""
    role_require(user=reviewer, permission="submit_review", doing="write verdicts")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        return _draft_save_locked(
            claim=locked,
            reviewer=reviewer,
            rating=rating,
            conclusion=conclusion,
            explanation=explanation,
        )


def _draft_save_locked(
    *,
    claim: Claim,
    reviewer: Actor,
    rating: Rating | None,
    conclusion: str | None,
    explanation: str | None,
) -> Review:
    if claim.status in (ClaimStatus.PUBLISHED, ClaimStatus.CORRECTED):
        review_next_state(action="edit", current=ReviewState.PUBLISHED)  # raises, with the hint
    lease_holder_require(claim=claim, user=reviewer, now=timezone.now(), doing="edit the verdict")
    review = (
        Review.objects.select_for_update().filter(claim=claim).exclude(state__in=CLOSED_STATES)
    ).first()
    if review is None:
        last = Review.objects.filter(claim=claim).order_by("-version").first()
        review = Review(claim=claim, version=(last.version + 1) if last else 1, author=reviewer)
        before: dict[str, Any] = {}
    else:
        review_next_state(action="edit", current=review.state)
        before = _verdict_values(review)
    if rating is not None:
        review.rating = rating
    if conclusion is not None:
        review.conclusion = conclusion
    if explanation is not None:
        review.explanation = explanation
    review.author = reviewer  # whoever holds the lease and writes it is the author
    review.save()
    after = _verdict_values(review)
    changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if before and not changed:
        return review  # nothing new to record (e.g. submitting the draft as it stands)
    event_record(
        action=EventAction.REVIEW_DRAFT_SAVED,
        actor=reviewer,
        claim=claim,
        from_state=claim.status,
        to_state=claim.status,
        changes={"review": review.pk, "version": review.version, "changed": changed},
    )
    return review


def review_submit(
    *,
    claim: Claim,
    reviewer: Actor,
    rating: Rating | None = None,
    conclusion: str | None = None,
    explanation: str | None = None,
) -> Review:
    """Save any given fields into the draft and submit it for approval; the lease ends."""
    role_require(user=reviewer, permission="submit_review", doing="submit verdicts")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        review = _draft_save_locked(
            claim=locked,
            reviewer=reviewer,
            rating=rating,
            conclusion=conclusion,
            explanation=explanation,
        )
        missing = [name for name in ("rating", "conclusion") if not getattr(review, name)]
        if missing:
            # Raising rolls back the draft save above: a refused request changes nothing.
            raise InvalidInput(f"A verdict needs a {' and a '.join(missing)} before submission.")
        now = timezone.now()
        review.state = review_next_state(action="submit", current=review.state)
        review.submitted_at = now
        review.save(update_fields=["state", "submitted_at", "updated_at"])
        claim_transition(
            claim=locked,
            action=ClaimAction.SUBMIT,
            actor=reviewer,
            changes={"review": review.pk, "version": review.version, **_verdict_values(review)},
        )
    return review


def _editor_require(*, review: Review, editor: Actor, doing: str) -> None:
    role_require(user=editor, permission="approve_review", doing=doing)
    if review.author_id == editor.pk:
        raise PermissionDenied(f"Cannot {doing}: you wrote this verdict; another editor must.")


def review_approve(*, review: Review, editor: Actor) -> Review:
    """Approve a submitted verdict; the approver must be an editor other than its author."""
    with transaction.atomic():
        claim, locked = _locked(review)
        _editor_require(review=locked, editor=editor, doing="approve this verdict")
        state = review_next_state(action="approve", current=locked.state)
        claim_transition_check(claim=claim, action=ClaimAction.APPROVE)
        locked.state = state
        locked.approver = editor
        locked.approved_at = timezone.now()
        locked.save(update_fields=["state", "approver", "approved_at", "updated_at"])
        claim_transition(
            claim=claim,
            action=ClaimAction.APPROVE,
            actor=editor,
            changes={"review": locked.pk, "version": locked.version},
        )
    return locked


def review_return(*, review: Review, editor: Actor, comment: str) -> Review:
    """Send a submitted verdict back to its author with a comment; they get a fresh lease."""
    with transaction.atomic():
        claim, locked = _locked(review)
        _editor_require(review=locked, editor=editor, doing="return this verdict")
        state = review_next_state(action="return", current=locked.state)
        claim_transition_check(claim=claim, action=ClaimAction.RETURN)
        locked.state = state
        locked.return_comment = comment
        locked.save(update_fields=["state", "return_comment", "updated_at"])
        claim_transition(
            claim=claim,
            action=ClaimAction.RETURN,
            actor=editor,
            lease=(locked.author_id, timezone.now() + lease_duration()),
            changes={
                "review": locked.pk,
                "version": locked.version,
                "comment": comment,
                "leased_to": locked.author_id,
            },
        )
    return locked


def _cluster_publish(*, claim: Claim, review: Review, editor: Actor) -> list[int]:
    """Publish the verdict to every open claim of the same cluster; return their ids."""
    if not claim.cluster_id:
        return []
    siblings = list(
        Claim.objects.select_for_update()
        .filter(
            cluster_id=claim.cluster_id, status__in=[ClaimStatus.CANDIDATE, ClaimStatus.IN_REVIEW]
        )
        .exclude(pk=claim.pk)
        .order_by("pk")
    )
    for sibling in siblings:
        claim_transition(
            claim=sibling,
            action=ClaimAction.PUBLISH_WITH_CLUSTER,
            actor=editor,
            changes={"cluster": claim.cluster_id, "via_claim": claim.pk, "review": review.pk},
        )
    return [s.pk for s in siblings]


def review_publish(*, review: Review, editor: Actor) -> Review:
    """Publish an approved verdict; claims of the same cluster move with it."""
    role_require(user=editor, permission="publish_review", doing="publish verdicts")
    with transaction.atomic():
        claim, locked = _locked(review)
        state = review_next_state(action="publish", current=locked.state)
        claim_transition_check(claim=claim, action=ClaimAction.PUBLISH)
        locked.state = state
        locked.published_at = timezone.now()
        locked.save(update_fields=["state", "published_at", "updated_at"])
        siblings = _cluster_publish(claim=claim, review=locked, editor=editor)
        claim_transition(
            claim=claim,
            action=ClaimAction.PUBLISH,
            actor=editor,
            changes={"review": locked.pk, "version": locked.version, "cluster_claims": siblings},
        )
        # Publishing: subscribers hear of it once this commits (reviews/webhooks.py).
        fact_check_event_announce(review=locked, event=WebhookEvent.PUBLISHED)
    return locked


def review_correct(
    *,
    review: Review,
    editor: Actor,
    reason: str,
    rating: Rating | None = None,
    conclusion: str | None = None,
    explanation: str | None = None,
) -> Review:
    """Publish a corrected version of a published verdict; the old one is kept, superseded."""
    role_require(user=editor, permission="correct_review", doing="correct published verdicts")
    with transaction.atomic():
        claim, old = _locked(review)
        old_state = review_next_state(action="supersede", current=old.state)
        claim_transition_check(claim=claim, action=ClaimAction.CORRECT)
        now = timezone.now()
        old.state = old_state
        old.save(update_fields=["state", "updated_at"])
        new = Review.objects.create(
            claim=claim,
            version=old.version + 1,
            state=ReviewState.PUBLISHED,
            rating=rating or old.rating,
            conclusion=conclusion if conclusion is not None else old.conclusion,
            explanation=explanation if explanation is not None else old.explanation,
            author=editor,
            approver=editor,
            supersedes=old,
            correction_reason=reason,
            submitted_at=now,
            approved_at=now,
            published_at=now,
        )
        before, after = _verdict_values(old), _verdict_values(new)
        claim_transition(
            claim=claim,
            action=ClaimAction.CORRECT,
            actor=editor,
            changes={
                "review": new.pk,
                "version": new.version,
                "supersedes": old.pk,
                "reason": reason,
                "changed": {k: [before[k], v] for k, v in after.items() if before[k] != v},
            },
        )
        # Publishing: subscribers hear of it once this commits (reviews/webhooks.py).
        fact_check_event_announce(review=new, event=WebhookEvent.CORRECTED)
    return new


def review_retract(*, review: Review, editor: Actor, reason: str) -> Review:
    """Retract a published verdict: the record stays, marked retracted with the reason."""
    role_require(user=editor, permission="correct_review", doing="retract published verdicts")
    with transaction.atomic():
        claim, locked = _locked(review)
        state = review_next_state(action="retract", current=locked.state)
        claim_transition_check(claim=claim, action=ClaimAction.RETRACT)
        locked.state = state
        locked.retraction_reason = reason
        locked.retracted_at = timezone.now()
        locked.save(update_fields=["state", "retraction_reason", "retracted_at", "updated_at"])
        claim_transition(
            claim=claim,
            action=ClaimAction.RETRACT,
            actor=editor,
            changes={"review": locked.pk, "version": locked.version, "reason": reason},
        )
        # Publishing: subscribers hear of it once this commits (reviews/webhooks.py).
        fact_check_event_announce(review=locked, event=WebhookEvent.RETRACTED)
    return locked
