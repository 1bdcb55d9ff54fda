"""The default rating scale, defined once: migrations 0004 and 0009 and ``roles`` read it.

Plain data with no model imports, so migrations can use it. Each step has its own value;
``value`` orders the steps by how much of the claim, as stated, stands up to the evidence
(docs/decisions.md, "The rating scale"). Changing this list changes what a new database is
seeded with; an existing database needs a data migration of its own.
"""

from __future__ import annotations

from typing import NamedTuple


class RatingStep(NamedTuple):
    label: str
    slug: str
    value: int
    description: str


DEFAULT_SCALE: tuple[RatingStep, ...] = (
    RatingStep("True", "true", 8, "The statement is accurate and nothing significant is missing."),
    RatingStep("Mostly true", "mostly-true", 7, "Accurate but needs clarification or more detail."),
    RatingStep("Half true", "half-true", 6, "Partially accurate; leaves out important details."),
    RatingStep(
        "Misleading", "misleading", 5, "Accurate in the letter, but gives a false impression."
    ),
    RatingStep(
        "Unproven", "unproven", 4, "The evidence available neither proves nor disproves it."
    ),
    RatingStep(
        "Mostly false",
        "mostly-false",
        3,
        "Contains an element of truth but ignores critical facts.",
    ),
    RatingStep("False", "false", 2, "The statement is not accurate."),
    RatingStep("Pants on fire", "pants-on-fire", 1, "Not accurate and makes a ridiculous claim."),
)
BEST_VALUE = max(step.value for step in DEFAULT_SCALE)
WORST_VALUE = min(step.value for step in DEFAULT_SCALE)
