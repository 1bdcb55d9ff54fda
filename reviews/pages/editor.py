"""Editor pages: ``/editor/`` (what waits for an editor) and ``/reviews/<pk>/`` (one verdict).

The review page's buttons call the verdict services; a refusal is shown on the page with the
service's reason and the status the API would answer (403, 409), and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from factcheck.errors import DomainError
from reviews import editor_selectors, home_selectors, verdicts
from reviews.models import Review, ReviewState
from reviews.pages.flow_access import page_role_require
from reviews.verdict_diff import verdict_diff

EDITOR_PERMISSION = "approve_review"


class ReturnForm(forms.Form):
    comment = forms.CharField(
        max_length=5000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Comment for the author",
        error_messages={"required": "Say what the author should fix: a comment is required."},
    )


@login_required
def editor_home(request: HttpRequest) -> HttpResponse:
    """List verdicts waiting for approval and approved ones waiting to be published."""
    page_role_require(request, permission=EDITOR_PERMISSION, doing="open the editor's desk")
    context = {
        "to_approve": list(home_selectors.verdicts_waiting_for_approval()),
        "to_publish": list(home_selectors.verdicts_waiting_to_publish()),
    }
    return render(request, "desk/editor/editor_home.html", context)


def _review_page(
    request: HttpRequest,
    review: Review,
    *,
    return_form: ReturnForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    replaced = editor_selectors.review_replaced(review=review)
    context: dict[str, Any] = {
        "review": review,
        "claim": review.claim,
        "evidence": list(editor_selectors.review_evidence(review=review)),
        "replaced": replaced,
        "diff": verdict_diff(old=replaced, new=review) if replaced else [],
        "return_form": return_form or ReturnForm(),
        "refusal": refusal,
        "can_decide": review.state in (ReviewState.SUBMITTED, ReviewState.PROPOSED),
        "can_publish": review.state == ReviewState.APPROVED,
    }
    return render(request, "desk/editor/review.html", context, status=status)


def _review_get(pk: int) -> Review:
    return get_object_or_404(editor_selectors.review_for_page(), pk=pk)


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a verdict with its claim, evidence and, for a correction, what it changes."""
    page_role_require(request, permission=EDITOR_PERMISSION, doing="open verdicts for approval")
    return _review_page(request, _review_get(pk))


@login_required
@require_POST
def review_approve_action(request: HttpRequest, pk: int) -> HttpResponse:
    editor = page_role_require(request, permission=EDITOR_PERMISSION, doing="approve verdicts")
    review = _review_get(pk)
    try:
        verdicts.review_approve(review=review, editor=editor)
    except DomainError as refusal:
        return _review_page(request, review, refusal=refusal.message, status=refusal.http_status)
    messages.success(request, f"Approved version {review.version} of the verdict.")
    return redirect("desk-review", pk=pk)


@login_required
@require_POST
def review_return_action(request: HttpRequest, pk: int) -> HttpResponse:
    editor = page_role_require(request, permission=EDITOR_PERMISSION, doing="return verdicts")
    review = _review_get(pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review_page(request, review, return_form=form, status=400)
    try:
        verdicts.review_return(review=review, editor=editor, comment=form.cleaned_data["comment"])
    except DomainError as refusal:
        return _review_page(
            request, review, return_form=form, refusal=refusal.message, status=refusal.http_status
        )
    messages.success(request, "Returned the verdict to its author with your comment.")
    return redirect("desk-review", pk=pk)


@login_required
@require_POST
def review_publish_action(request: HttpRequest, pk: int) -> HttpResponse:
    editor = page_role_require(request, permission=EDITOR_PERMISSION, doing="publish verdicts")
    review = _review_get(pk)
    try:
        verdicts.review_publish(review=review, editor=editor)
    except DomainError as refusal:
        return _review_page(request, review, refusal=refusal.message, status=refusal.http_status)
    messages.success(request, "Published: the fact-check is public now.")
    return redirect("desk-review", pk=pk)
