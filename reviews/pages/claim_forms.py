"""The claim page's forms: they check the shape of the input; the services hold the rules."""

from __future__ import annotations

from django import forms

from reviews.models import DismissalReason, EvidenceStance, Rating


class EvidenceForm(forms.Form):
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    title = forms.CharField(label="Title", max_length=500, required=False)
    stance = forms.ChoiceField(label="Stance", choices=EvidenceStance.choices)
    archived_url = forms.URLField(
        label="Archived copy URL", max_length=2000, required=False, assume_scheme="https"
    )
    note = forms.CharField(
        label="Note",
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerdictForm(forms.Form):
    """The verdict fields; every one is optional here, as a draft may be half written."""

    rating = forms.ModelChoiceField(
        label="Rating",
        queryset=Rating.objects.filter(is_active=True).order_by("position", "id"),
        to_field_name="slug",
        required=False,
        empty_label="Choose a rating…",
    )
    conclusion = forms.CharField(label="Conclusion", max_length=300, required=False)
    explanation = forms.CharField(
        label="Explanation", max_length=50_000, required=False, widget=forms.Textarea
    )
    claimant = forms.CharField(label="Claimant", max_length=200, required=False)


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label="Reason", choices=DismissalReason.choices)
    note = forms.CharField(label="Note", max_length=5000, required=False)
    duplicate_of = forms.IntegerField(
        label="Duplicate of claim number", required=False, min_value=1, max_value=2**31 - 1
    )


class SkipForm(forms.Form):
    reason = forms.CharField(label="Why skip?", max_length=300, required=False)


def form_errors(form: forms.Form) -> str:
    """Return a form's errors as one sentence a person can read."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)
