"""Verdicts: draft, submit, return, approve, publish, correct, retract.

Two people stand behind every published version: an editor who wrote no version of the
verdict's text approves it, and that holds for corrections too (proposed by one editor,
approved, and so published, by another). Claims published with a cluster's lead follow its
corrections and its retraction.

Every service locks the claim row first and then the review rows, in that order everywhere,
so two editors acting on the same verdict serialise instead of deadlocking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from claims.audit import event_record
from claims.models import Claim, ClaimStatus, Event, EventAction
from claims.transitions import ClaimAction, claim_transition, claim_transition_check
from factcheck.errors import IllegalTransition, InvalidInput, PermissionDenied
from reviews.leases import lease_duration
from reviews.models import OPEN_REVIEW_STATES, Evidence, Rating, Review, ReviewState, WebhookEvent
from reviews.permissions import lease_holder_require, role_require
from reviews.state_machine import review_next_state
from reviews.webhooks import fact_check_event_announce

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    Actor = User

VERDICT_FIELDS = ("rating", "conclusion", "explanation")
# The events whose actor wrote (part of) the text of a claim's verdict. With the authors of
# every version, they are the people who may not approve any version of it.
WRITING_EVENTS = (
    EventAction.REVIEW_DRAFT_SAVED,
    EventAction.REVIEW_SUBMITTED,
    EventAction.REVIEW_CORRECTION_PROPOSED,
)


def review_current(*, claim: Claim) -> Review | None:
    """Return the claim's verdict being worked on or waiting for approval, else the live one."""
    reviews = Review.objects.filter(claim=claim).select_related("rating")
    return (
        reviews.filter(state__in=OPEN_REVIEW_STATES).first()
        or reviews.filter(state=ReviewState.PUBLISHED).first()
    )


def review_writers(*, claim: Claim) -> set[int]:
    """Return the ids of everyone who wrote any version of the claim's verdict.

    That is the author of each version and every actor of a writing event on the claim: a
    draft saved, a verdict submitted, a correction proposed. Every review of a claim is a
    version of the same verdict, so the claim's events are the verdict's events.
    """
    authors = Review.objects.filter(claim=claim).values_list("author_id", flat=True)
    actors = Event.objects.filter(
        claim=claim, action__in=WRITING_EVENTS, actor__isnull=False
    ).values_list("actor_id", flat=True)
    return {*authors, *(actor for actor in actors if actor is not None)}


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
        Review.objects.select_for_update().filter(claim=claim, state__in=OPEN_REVIEW_STATES)
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
        if settings.REVIEW_REQUIRE_EVIDENCE and not Evidence.objects.filter(claim=locked).exists():
            raise IllegalTransition(
                f"Cannot submit the verdict on claim {locked.pk}: it has no evidence. Add at "
                "least one evidence link (a source the verdict relies on) first."
            )
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


def _editor_require(*, claim: Claim, editor: Actor, doing: str) -> None:
    """Refuse unless ``editor`` is an editor who wrote no version of the claim's verdict."""
    role_require(user=editor, permission="approve_review", doing=doing)
    if editor.pk in review_writers(claim=claim):
        raise PermissionDenied(
            f"Cannot {doing}: you wrote this verdict or a version of its text; "
            "an editor who wrote none of it must."
        )


def review_approve(*, review: Review, editor: Actor) -> Review:
    """Approve a submitted verdict, or approve and publish a proposed correction.

    The approver must be an editor who wrote no version of the verdict's text.
    """
    with transaction.atomic():
        claim, locked = _locked(review)
        _editor_require(claim=claim, editor=editor, doing="approve this verdict")
        if locked.state == ReviewState.PROPOSED:
            return _correction_publish(claim=claim, proposal=locked, editor=editor)
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
    """Send a submitted verdict back to its author with a comment; they get a fresh lease.

    A proposed correction that is returned is kept, with the comment, and never published.
    """
    with transaction.atomic():
        claim, locked = _locked(review)
        _editor_require(claim=claim, editor=editor, doing="return this verdict")
        if locked.state == ReviewState.PROPOSED:
            return _correction_return(claim=claim, proposal=locked, editor=editor, comment=comment)
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


def _cluster_follow(
    *, claim: Claim, action: ClaimAction, editor: Actor, review: Review
) -> list[int]:
    """Move the claims published with ``claim``'s verdict by ``action``; return their ids.

    They are the claims whose ``claim.published_with_cluster`` event names ``claim``; claims
    of the cluster that got a verdict of their own are left alone.
    """
    published_with = Event.objects.filter(
        action=EventAction.CLAIM_PUBLISHED_WITH_CLUSTER, changes__via_claim=claim.pk
    ).values("claim_id")
    siblings = list(
        Claim.objects.select_for_update()
        .filter(pk__in=published_with, status__in=[ClaimStatus.PUBLISHED, ClaimStatus.CORRECTED])
        .order_by("pk")
    )
    for sibling in siblings:
        claim_transition(
            claim=sibling,
            action=action,
            actor=editor,
            changes={"cluster": claim.cluster_id, "via_claim": claim.pk, "review": review.pk},
        )
    return [s.pk for s in siblings]


def review_correct(
    *,
    review: Review,
    editor: Actor,
    reason: str,
    rating: Rating | None = None,
    conclusion: str | None = None,
    explanation: str | None = None,
) -> Review:
    """Propose a correction of a published verdict: a new version, waiting for approval.

    The published version stays live until an editor who wrote no version of the text
    approves the correction (``review_approve``), which publishes it and supersedes the old
    one; returning it (``review_return``) keeps the published version. One correction waits
    at a time.
    """
    role_require(user=editor, permission="correct_review", doing="correct published verdicts")
    with transaction.atomic():
        claim, live = _locked(review)
        review_next_state(action="correct", current=live.state)
        claim_transition_check(claim=claim, action=ClaimAction.CORRECT)
        waiting = Review.objects.filter(claim=claim, state__in=OPEN_REVIEW_STATES).first()
        if waiting is not None:
            raise IllegalTransition(
                f"Cannot correct this verdict: correction v{waiting.version} is already "
                "waiting for approval; an editor approves or returns it first."
            )
        last = Review.objects.filter(claim=claim).aggregate(last=Max("version"))["last"]
        proposal = Review.objects.create(
            claim=claim,
            version=last + 1,
            state=ReviewState.PROPOSED,
            rating=rating or live.rating,
            conclusion=conclusion if conclusion is not None else live.conclusion,
            explanation=explanation if explanation is not None else live.explanation,
            author=editor,
            correction_reason=reason,
            submitted_at=timezone.now(),
        )
        before, after = _verdict_values(live), _verdict_values(proposal)
        event_record(
            action=EventAction.REVIEW_CORRECTION_PROPOSED,
            actor=editor,
            claim=claim,
            from_state=claim.status,
            to_state=claim.status,
            changes={
                "review": proposal.pk,
                "version": proposal.version,
                "corrects": live.pk,
                "reason": reason,
                "changed": {k: [before[k], v] for k, v in after.items() if before[k] != v},
            },
        )
    return proposal


def _correction_publish(*, claim: Claim, proposal: Review, editor: Actor) -> Review:
    """Publish an approved correction in place of the live version (locks held by caller)."""
    role_require(user=editor, permission="publish_review", doing="publish corrections")
    state = review_next_state(action="approve_correction", current=proposal.state)
    claim_transition_check(claim=claim, action=ClaimAction.CORRECT)
    live = (
        Review.objects.select_for_update(of=("self",))
        .select_related("rating")
        .get(claim=claim, state=ReviewState.PUBLISHED)
    )
    now = timezone.now()
    # The old version leaves "published" first: one published version per claim, always.
    live.state = review_next_state(action="supersede", current=live.state)
    live.save(update_fields=["state", "updated_at"])
    proposal.state = state
    proposal.supersedes = live
    proposal.approver = editor
    proposal.approved_at = now
    proposal.published_at = now
    proposal.save(
        update_fields=[
            "state",
            "supersedes",
            "approver",
            "approved_at",
            "published_at",
            "updated_at",
        ]
    )
    siblings = _cluster_follow(
        claim=claim, action=ClaimAction.CORRECT_WITH_CLUSTER, editor=editor, review=proposal
    )
    before, after = _verdict_values(live), _verdict_values(proposal)
    claim_transition(
        claim=claim,
        action=ClaimAction.CORRECT,
        actor=editor,
        changes={
            "review": proposal.pk,
            "version": proposal.version,
            "supersedes": live.pk,
            "proposed_by": proposal.author_id,
            "reason": proposal.correction_reason,
            "changed": {k: [before[k], v] for k, v in after.items() if before[k] != v},
            "cluster_claims": siblings,
        },
    )
    # Publishing: subscribers hear of the correction once this commits (reviews/webhooks.py).
    fact_check_event_announce(review=proposal, event=WebhookEvent.CORRECTED)
    return proposal


def _correction_return(*, claim: Claim, proposal: Review, editor: Actor, comment: str) -> Review:
    """Keep a proposed correction unpublished, with the comment (locks held by caller)."""
    proposal.state = review_next_state(action="return_correction", current=proposal.state)
    proposal.return_comment = comment
    proposal.save(update_fields=["state", "return_comment", "updated_at"])
    event_record(
        action=EventAction.REVIEW_CORRECTION_RETURNED,
        actor=editor,
        claim=claim,
        from_state=claim.status,
        to_state=claim.status,
        changes={"review": proposal.pk, "version": proposal.version, "comment": comment},
    )
    return proposal


def review_retract(*, review: Review, editor: Actor, reason: str) -> Review:
    """Retract a published verdict: the record stays, marked retracted with the reason.

    A correction still waiting for approval is returned with it, and the claims published
    with this one (its cluster) are retracted too.
    """
    role_require(user=editor, permission="correct_review", doing="retract published verdicts")
    with transaction.atomic():
        claim, locked = _locked(review)
        state = review_next_state(action="retract", current=locked.state)
        claim_transition_check(claim=claim, action=ClaimAction.RETRACT)
        waiting = (
            Review.objects.select_for_update()
            .filter(claim=claim, state=ReviewState.PROPOSED)
            .first()
        )
        if waiting is not None:
            waiting.state = review_next_state(action="return_correction", current=waiting.state)
            waiting.return_comment = f"Withdrawn: the verdict was retracted ({reason})."
            waiting.save(update_fields=["state", "return_comment", "updated_at"])
        locked.state = state
        locked.retraction_reason = reason
        locked.retracted_at = timezone.now()
        locked.save(update_fields=["state", "retraction_reason", "retracted_at", "updated_at"])
        siblings = _cluster_follow(
            claim=claim, action=ClaimAction.RETRACT_WITH_CLUSTER, editor=editor, review=locked
        )
        claim_transition(
            claim=claim,
            action=ClaimAction.RETRACT,
            actor=editor,
            changes={
                "review": locked.pk,
                "version": locked.version,
                "reason": reason,
                "withdrawn_correction": waiting.pk if waiting is not None else None,
                "cluster_claims": siblings,
            },
        )
        # Publishing: subscribers hear of it once this commits (reviews/webhooks.py).
        fact_check_event_announce(review=locked, event=WebhookEvent.RETRACTED)
    return locked
