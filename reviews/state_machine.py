"""The claim and review state machines: which action may move which state where.

Services ask this module before they change anything, so an illegal move is refused with a
message that names the action, the current state and the states it needs.
"""

from __future__ import annotations

from claims.models import ClaimStatus
from factcheck.errors import IllegalTransition
from reviews.models import ReviewState

C = ClaimStatus
R = ReviewState

# action -> (states it may start from, state it leads to)
CLAIM_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "lease": (frozenset({C.CANDIDATE}), C.IN_REVIEW),
    "release": (frozenset({C.IN_REVIEW}), C.CANDIDATE),
    "skip": (frozenset({C.IN_REVIEW}), C.CANDIDATE),
    "extend": (frozenset({C.IN_REVIEW}), C.IN_REVIEW),
    "expire": (frozenset({C.IN_REVIEW}), C.CANDIDATE),
    "research": (frozenset({C.IN_REVIEW}), C.IN_REVIEW),
    "dismiss": (frozenset({C.IN_REVIEW}), C.DISMISSED),
    "submit": (frozenset({C.IN_REVIEW}), C.VERDICT_SUBMITTED),
    "return": (frozenset({C.VERDICT_SUBMITTED}), C.IN_REVIEW),
    "approve": (frozenset({C.VERDICT_SUBMITTED}), C.APPROVED),
    "publish": (frozenset({C.APPROVED}), C.PUBLISHED),
    "publish_with_cluster": (frozenset({C.CANDIDATE, C.IN_REVIEW}), C.PUBLISHED),
    "correct": (frozenset({C.PUBLISHED, C.CORRECTED}), C.CORRECTED),
    "retract": (frozenset({C.PUBLISHED, C.CORRECTED}), C.RETRACTED),
}

REVIEW_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({R.DRAFT}), R.DRAFT),
    "submit": (frozenset({R.DRAFT}), R.SUBMITTED),
    "return": (frozenset({R.SUBMITTED}), R.DRAFT),
    "approve": (frozenset({R.SUBMITTED}), R.APPROVED),
    "publish": (frozenset({R.APPROVED}), R.PUBLISHED),
    "supersede": (frozenset({R.PUBLISHED}), R.SUPERSEDED),
    "retract": (frozenset({R.PUBLISHED}), R.RETRACTED),
}

_REVIEW_HINTS = {
    R.DRAFT: "it is a draft and must be submitted first",
    R.SUBMITTED: "it is waiting for an editor's approval",
    R.APPROVED: "it is approved and waiting to be published",
    R.PUBLISHED: "it is published; a published verdict is never edited, correct it instead",
    R.SUPERSEDED: "it was superseded by a correction",
    R.RETRACTED: "it was retracted",
}


def claim_next_state(*, action: str, current: str, claim_id: int | None = None) -> str:
    """Return the claim state ``action`` leads to from ``current``, or raise IllegalTransition."""
    allowed, target = CLAIM_TRANSITIONS[action]
    if current not in allowed:
        name = f"claim {claim_id}" if claim_id else "the claim"
        needed = " or ".join(sorted(allowed))
        raise IllegalTransition(
            f"Cannot {action.replace('_', ' ')} {name}: it is {current}, and this needs {needed}."
        )
    return target


def review_next_state(*, action: str, current: str) -> str:
    """Return the review state ``action`` leads to from ``current``, or raise IllegalTransition."""
    allowed, target = REVIEW_TRANSITIONS[action]
    if current not in allowed:
        hint = _REVIEW_HINTS.get(ReviewState(current), current)
        raise IllegalTransition(f"Cannot {action} this verdict: {hint}.")
    return target
