"""Every claim transition goes through one helper and writes exactly one event."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimCluster, ClaimStatus, Event, EventAction
from claims.routing import queue_default_get
from claims.transitions import CLAIM_TRANSITIONS, ClaimAction, claim_transition
from factcheck.errors import IllegalTransition
from reviews import leases, research, verdicts
from reviews.models import Rating, Review
from tests.conftest import ROOT
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = pytest.mark.django_db


def _claim_in(status: str, reviewer: User) -> Claim:
    in_review = status == ClaimStatus.IN_REVIEW
    return ClaimFactory.create(
        status=status,
        leased_by=reviewer if in_review else None,
        lease_expires_at=timezone.now() + timedelta(minutes=5) if in_review else None,
    )


@pytest.mark.parametrize("action", list(ClaimAction))
def test_each_transition_moves_the_claim_and_writes_exactly_one_event(
    action: ClaimAction, reviewer: User
) -> None:
    # GIVEN a claim in a state the action starts from
    transition = CLAIM_TRANSITIONS[action]
    claim = _claim_in(sorted(transition.sources)[0], reviewer)
    previous = claim.status

    # WHEN the helper moves it
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        lease = (reviewer.pk, timezone.now() + timedelta(minutes=10))
        needs_lease = transition.target == ClaimStatus.IN_REVIEW
        claim_transition(
            claim=locked, action=action, actor=reviewer, lease=lease if needs_lease else None
        )

    # THEN the stored claim is in the target state, leased only while in review
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.status == transition.target
    assert (fresh.leased_by_id is not None) == needs_lease
    assert (fresh.lease_expires_at is not None) == needs_lease
    # AND exactly one event says what happened
    events = list(Event.objects.filter(claim=claim).values_list("action", "from_state", "to_state"))
    assert events == [(transition.event, previous, transition.target)]


@pytest.mark.parametrize("action", list(ClaimAction))
def test_a_transition_from_a_wrong_state_is_refused_whole(
    action: ClaimAction, reviewer: User
) -> None:
    # GIVEN a claim in a state the action does not start from
    transition = CLAIM_TRANSITIONS[action]
    wrong = sorted(set(ClaimStatus) - transition.sources)[0]
    claim = _claim_in(wrong, reviewer)

    # WHEN the helper is asked to move it, THEN it refuses, naming the state
    with pytest.raises(IllegalTransition, match=f"it is {wrong}"), transaction.atomic():
        claim_transition(claim=claim, action=action, actor=reviewer)

    # AND nothing was written
    assert Claim.objects.get(pk=claim.pk).status == wrong
    assert not Event.objects.filter(claim=claim).exists()


def _step(claim: Claim, call: Callable[[], Any]) -> list[str]:
    """Run ``call``; return the actions of the events it wrote about ``claim``."""
    before = Event.objects.filter(claim=claim).count()
    call()
    return list(
        Event.objects.filter(claim=claim).order_by("id")[before:].values_list("action", flat=True)
    )


def test_every_service_that_moves_a_claim_writes_one_event_per_move(reviewer: User) -> None:
    editor = user_with_role("editor", username="edna")
    second_editor = user_with_role("editor", username="carla")
    third_editor = user_with_role("editor", username="tom")
    queue = queue_default_get()
    rating = Rating.objects.get(slug="false")
    cluster = ClaimCluster.objects.create(text="Unemployment fell.")
    claim = ClaimFactory.create(cluster=cluster, priority=5)
    sibling = ClaimFactory.create(cluster=cluster, priority=0)

    def lease() -> None:
        leases.claim_lease_next(queue=queue, reviewer=reviewer)

    def submit() -> None:
        verdicts.review_submit(claim=claim, reviewer=reviewer)

    def current() -> Any:
        return verdicts.review_current(claim=claim)

    steps = [
        (lease, EventAction.CLAIM_LEASED),
        (lambda: leases.claim_lease_extend(claim=claim, reviewer=reviewer), "claim.lease_extended"),
        (lambda: leases.claim_lease_release(claim=claim, reviewer=reviewer), "claim.released"),
        (lease, EventAction.CLAIM_LEASED),
        (
            lambda: research.evidence_add(
                claim=claim, reviewer=reviewer, url="https://stats.example.org", stance="refutes"
            ),
            EventAction.EVIDENCE_ADDED,
        ),
        (
            lambda: verdicts.review_draft_save(
                claim=claim, reviewer=reviewer, rating=rating, conclusion="It rose."
            ),
            EventAction.REVIEW_DRAFT_SAVED,
        ),
        (submit, EventAction.REVIEW_SUBMITTED),
        (
            lambda: verdicts.review_return(review=current(), editor=editor, comment="Cite it."),
            EventAction.REVIEW_RETURNED,
        ),
        (submit, EventAction.REVIEW_SUBMITTED),
        (
            lambda: verdicts.review_approve(review=current(), editor=editor),
            EventAction.REVIEW_APPROVED,
        ),
        (
            lambda: verdicts.review_publish(review=current(), editor=editor),
            EventAction.REVIEW_PUBLISHED,
        ),
        (
            lambda: verdicts.review_correct(review=current(), editor=second_editor, reason="Typo."),
            EventAction.REVIEW_CORRECTION_PROPOSED,
        ),
        (
            lambda: verdicts.review_return(review=current(), editor=editor, comment="No typo."),
            EventAction.REVIEW_CORRECTION_RETURNED,
        ),
        (
            lambda: verdicts.review_correct(review=current(), editor=second_editor, reason="Typo."),
            EventAction.REVIEW_CORRECTION_PROPOSED,
        ),
        (
            lambda: verdicts.review_approve(review=current(), editor=editor),
            EventAction.REVIEW_CORRECTED,
        ),
        (
            lambda: verdicts.review_correct(review=current(), editor=third_editor, reason="Again."),
            EventAction.REVIEW_CORRECTION_PROPOSED,
        ),
        (
            lambda: verdicts.review_retract(
                review=Review.objects.get(claim=claim, state="published"),
                editor=editor,
                reason="Wrong.",
            ),
            EventAction.REVIEW_RETRACTED,
        ),
    ]
    for call, expected in steps:
        assert _step(claim, call) == [expected]
    # The sibling moved with the publication, the correction and the retraction: one event each.
    assert list(Event.objects.filter(claim=sibling).values_list("action", flat=True)) == [
        EventAction.CLAIM_PUBLISHED_WITH_CLUSTER,
        EventAction.CLAIM_CORRECTED_WITH_CLUSTER,
        EventAction.CLAIM_RETRACTED_WITH_CLUSTER,
    ]


def test_skip_dismiss_and_expiry_write_one_event_each(reviewer: User) -> None:
    queue = queue_default_get()
    claim = ClaimFactory.create()

    def lease() -> None:
        leases.claim_lease_next(queue=queue, reviewer=reviewer)

    other = user_with_role("reviewer", username="oscar")
    assert _step(claim, lease) == [EventAction.CLAIM_LEASED]
    skip = lambda: leases.claim_lease_skip(claim=claim, reviewer=reviewer, reason="Not mine.")  # noqa: E731
    assert _step(claim, skip) == [EventAction.CLAIM_SKIPPED]
    assert _step(claim, lambda: leases.claim_lease_next(queue=queue, reviewer=other)) == [
        EventAction.CLAIM_LEASED
    ]
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=timezone.now() - timedelta(1))
    assert _step(claim, leases.claim_leases_expire) == [EventAction.CLAIM_LEASE_EXPIRED]
    assert _step(claim, lambda: leases.claim_lease_next(queue=queue, reviewer=other)) == [
        EventAction.CLAIM_LEASED
    ]
    dismiss = lambda: research.claim_dismiss(claim=claim, reviewer=other, reason="opinion")  # noqa: E731
    assert _step(claim, dismiss) == [EventAction.CLAIM_DISMISSED]


# Files that may write a `status` field: the helper itself, and the one model with a status of
# its own (a ClaimLink is suggested, confirmed or rejected; claims/links.py never moves a claim).
OWN_STATUS_FILES = {"transitions.py", "links.py"}


def test_no_code_outside_the_helper_sets_a_claim_status() -> None:
    # A status written anywhere else would skip the state machine or the audit log.
    assignment = re.compile(r"\.status\s*=[^=]|update\([^)]*\bstatus=")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in ("claims", "reviews", "factcheck")
        for path in Path(ROOT, app).rglob("*.py")
        if "migrations" not in path.parts and path.name not in OWN_STATUS_FILES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if assignment.search(line)
    ]
    assert offenders == []
