"""The queue page's filters, read from the query string and validated."""

from __future__ import annotations

from django import forms

from claims.models import ClaimType
from reviews.queue_selectors import SCORE_BANDS, QueueFilters

SCORE_BAND_LABELS = {
    "high": "High (0.8 and up)",
    "medium": "Medium (0.5–0.8)",
    "low": "Low (below 0.5)",
}


class QueueFilterForm(forms.Form):
    type = forms.ChoiceField(
        required=False, choices=[("", "Any type"), *ClaimType.choices], label="Type"
    )
    score = forms.ChoiceField(
        required=False,
        choices=[("", "Any score"), *((k, SCORE_BAND_LABELS[k]) for k in SCORE_BANDS)],
        label="Score",
    )
    entity = forms.CharField(required=False, max_length=200, strip=True, label="Entity")
    source = forms.CharField(required=False, max_length=200, strip=True, label="Source")

    def filters(self) -> QueueFilters:
        """Return the validated filters (call after ``is_valid``)."""
        data = self.cleaned_data
        return QueueFilters(
            claim_type=data["type"],
            score_band=data["score"],
            entity=data["entity"],
            source=data["source"],
        )
