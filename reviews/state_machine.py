"""The review (verdict version) state machine: which action may move a verdict where.

The claim's own state machine is ``claims.transitions``; the services move both together.
"""

from __future__ import annotations

from factcheck.errors import IllegalTransition
from reviews.models import ReviewState

R = ReviewState

# action -> (states it may start from, state it leads to)
REVIEW_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({R.DRAFT}), R.DRAFT),
    "submit": (frozenset({R.DRAFT}), R.SUBMITTED),
    "return": (frozenset({R.SUBMITTED}), R.DRAFT),
    "approve": (frozenset({R.SUBMITTED}), R.APPROVED),
    "publish": (frozenset({R.APPROVED}), R.PUBLISHED),
    "supersede": (frozenset({R.PUBLISHED}), R.SUPERSEDED),
    "retract": (frozenset({R.PUBLISHED}), R.RETRACTED),
    # A correction is proposed against the published version, which stays live meanwhile.
    "correct": (frozenset({R.PUBLISHED}), R.PUBLISHED),
    "approve_correction": (frozenset({R.PROPOSED}), R.PUBLISHED),
    "return_correction": (frozenset({R.PROPOSED}), R.RETURNED),
}

_REVIEW_HINTS = {
    R.DRAFT: "it is a draft and must be submitted first",
    R.SUBMITTED: "it is waiting for an editor's approval",
    R.APPROVED: "it is approved and waiting to be published",
    R.PUBLISHED: "it is published; a published verdict is never edited, correct it instead",
    R.SUPERSEDED: "it was superseded by a correction",
    R.RETRACTED: "it was retracted",
    R.PROPOSED: (
        "it is a proposed correction waiting for a second editor, whose approval publishes it"
    ),
    R.RETURNED: "it is a correction that was returned; propose a new one instead",
}


def review_next_state(*, action: str, current: str) -> str:
    """Return the review state ``action`` leads to from ``current``, or raise IllegalTransition."""
    allowed, target = REVIEW_TRANSITIONS[action]
    if current not in allowed:
        hint = _REVIEW_HINTS.get(ReviewState(current), current)
        raise IllegalTransition(f"Cannot {action} this verdict: {hint}.")
    return target
