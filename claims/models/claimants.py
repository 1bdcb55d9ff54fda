"""Who made a claim: a person or an organisation, shared by every claim they made."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower


class ClaimantKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"


class Claimant(models.Model):
    """A person or organisation that made claims; ClaimReview's ``itemReviewed.author``.

    The extractor only guesses a speaker's name (``Claim.speaker``); a reviewer confirms the
    claimant, so a public fact-check never names someone on the strength of a guess.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=16, choices=ClaimantKind.choices, default=ClaimantKind.PERSON
    )
    wikidata_id = models.CharField(
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q42.")],
        help_text="e.g. Q42; gives the claimant's sameAs link.",
    )
    url = models.URLField(max_length=2000, blank=True, help_text="An official page, if any.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # One claimant per name and kind, so claims by the same speaker share one row.
            models.UniqueConstraint(Lower("name"), "kind", name="claimant_unique_name_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""
