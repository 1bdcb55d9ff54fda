"""The claim page: a claim in its article, its research and verdict, and its lease actions.

Thin views: the forms check the input's shape, the services in ``reviews/`` hold every rule
and write, and a refusal (``DomainError``) is shown on the page with the reviewer's input kept.
The htmx parts (evidence, draft autosave) answer with a fragment; without htmx every form
still works as a plain POST that redirects back to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from claims.models import Claim, ClaimStatus
from claims.selectors import claim_links_for
from factcheck.errors import DomainError, PermissionDenied
from reviews import claim_selectors, claimants, leases, research, verdicts
from reviews.pages.claim_forms import (
    DismissForm,
    EvidenceForm,
    SkipForm,
    VerdictForm,
    form_errors,
)
from reviews.pages.claim_text import body_segments
from reviews.permissions import role_has, role_require

# The shortcuts keys.js binds on this page, listed on it (the same data-key attributes). The
# lease holder's keys are bound only while they hold it, "n" only for those who may lease.
SHORTCUTS_NEXT = (("n", "Take the next claim of this queue"),)
SHORTCUTS_HOLDER = (
    ("e", "Add evidence (focus the URL field)"),
    ("v", "Write the verdict (focus the rating)"),
    ("s", "Save the draft now"),
    ("ctrl+enter", "Submit the verdict"),
    ("r", "Release the claim"),
    ("x", "Extend the lease"),
    ("esc", "Leave the field, so single keys work again"),
)


def _shortcuts(*, holds_lease: bool, can_lease: bool) -> tuple[tuple[str, str], ...]:
    return (SHORTCUTS_NEXT if can_lease else ()) + (SHORTCUTS_HOLDER if holds_lease else ())


def _viewer(request: HttpRequest) -> User:
    """Return the signed-in user if their role may read the workflow, else refuse (403)."""
    user = cast(User, request.user)
    try:
        role_require(user=user, permission="view_workflow", doing="see claims under review")
    except PermissionDenied as refusal:
        raise DjangoPermissionDenied(refusal.message) from None
    return user


def _claim(pk: int) -> Claim:
    try:
        return claim_selectors.claim_page_claim(pk=pk)
    except Claim.DoesNotExist:
        raise Http404(f"No claim {pk}.") from None


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _holds_lease(claim: Claim, user: User) -> bool:
    return (
        claim.status == ClaimStatus.IN_REVIEW
        and claim.leased_by_id == user.pk
        and claim.lease_expires_at is not None
        and claim.lease_expires_at > timezone.now()
    )


def _lease_ran_out(claim: Claim) -> bool:
    """Return whether the claim is still marked in review under a lease that has expired."""
    expiry = claim.lease_expires_at
    return claim.status == ClaimStatus.IN_REVIEW and expiry is not None and expiry <= timezone.now()


def _verdict_form(draft: claim_selectors.VerdictDraft, claim: Claim) -> VerdictForm:
    """Return the verdict form filled from the draft the viewer may read.

    The extracted speaker is only a placeholder: saving the form confirms the claimant, and a
    guess must not be confirmed by nobody having looked at it.
    """
    review = draft.review if draft.readable else None
    form = VerdictForm(
        auto_id="verdict_%s",
        initial={
            "rating": review.rating.slug if review and review.rating else None,
            "conclusion": review.conclusion if review else "",
            "explanation": review.explanation if review else "",
            "claimant": claim.claimant.name if claim.claimant else "",
        },
    )
    form.fields["rating"].widget.attrs.update({"data-key": "v", "aria-keyshortcuts": "v"})
    suggested = claimants.claimant_suggest(claim=claim) if claim.claimant_id is None else None
    if suggested is not None:
        form.fields["claimant"].widget.attrs["placeholder"] = f"Suggested: {suggested.name}"
    return form


def _evidence_context(
    request: HttpRequest, claim: Claim, form: EvidenceForm | None = None, error: str = ""
) -> dict[str, Any]:
    user = cast(User, request.user)
    return {
        "claim": claim,
        "evidence": list(claim_selectors.claim_evidence(claim=claim)),
        "evidence_form": form or EvidenceForm(auto_id="evidence_%s"),
        "evidence_error": error,
        "holds_lease": _holds_lease(claim, user),
    }


def _page(
    request: HttpRequest,
    claim: Claim,
    *,
    verdict_form: VerdictForm | None = None,
    verdict_error: str = "",
    evidence_form: EvidenceForm | None = None,
    evidence_error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = cast(User, request.user)
    draft = claim_selectors.claim_verdict_for(claim=claim, viewer=user)
    saved_at = draft.review.updated_at if draft.review and draft.readable else None
    context = {
        **_evidence_context(request, claim, evidence_form, evidence_error),
        "article": claim.article,
        "segments": body_segments(
            body=claim.article.body,
            spans=claim_selectors.article_claims(claim=claim),
            current_id=claim.pk,
        ),
        "cluster_claims": list(claim.cluster.claims.all()) if claim.cluster else [],
        "conflicts": list(claim.conflicts.all()),
        "previously_checked": claim.previously_checked,
        "claim_links": claim_links_for(claim=claim),
        "review": draft.review if draft.readable else None,
        "hidden_draft": not draft.readable,
        "can_lease": role_has(user=user, permission="lease_claim"),
        "draft_saved_at_ms": int(saved_at.timestamp() * 1000) if saved_at else 0,
        "verdict_form": verdict_form or _verdict_form(draft, claim),
        "verdict_error": verdict_error,
        "dismiss_form": DismissForm(auto_id="dismiss_%s"),
        "events": claim_selectors.claim_page_timeline(claim=claim, viewer=user),
        "lease_ran_out": _lease_ran_out(claim),
        "lease_mine_expired": _lease_ran_out(claim) and claim.leased_by_id == user.pk,
        "can_take": role_has(user=user, permission="lease_claim")
        and (claim.status == ClaimStatus.CANDIDATE or _lease_ran_out(claim)),
        "next_claim_url": f"/queues/{claim.queue.slug}/next/",
        "shortcuts": _shortcuts(
            holds_lease=_holds_lease(claim, user),
            can_lease=role_has(user=user, permission="lease_claim"),
        ),
    }
    return render(request, "desk/claim/page.html", context, status=status)


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("desk-claim", args=[pk]))


@login_required
@require_GET
def claim_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the claim in its article, with its research, verdict, lease and history."""
    _viewer(request)
    return _page(request, _claim(pk))


# --- Lease: take, release, skip, extend, and dismissing -----------------------------------------


def _lease_action(
    request: HttpRequest, pk: int, act: Callable[..., Claim], done: str
) -> HttpResponse:
    """Run one lease service; a refusal becomes a message on the page, never a crash."""
    user = _viewer(request)
    claim = _claim(pk)
    try:
        act(claim=claim, reviewer=user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return _back(pk)


@login_required
@require_POST
def claim_take(request: HttpRequest, pk: int) -> HttpResponse:
    return _lease_action(request, pk, leases.claim_lease_take, "You hold this claim now.")


@login_required
@require_POST
def claim_release(request: HttpRequest, pk: int) -> HttpResponse:
    return _lease_action(request, pk, leases.claim_lease_release, "Released to its queue.")


@login_required
@require_POST
def claim_extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _lease_action(request, pk, leases.claim_lease_extend, "Lease extended.")


@login_required
@require_POST
def claim_skip(request: HttpRequest, pk: int) -> HttpResponse:
    form = SkipForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def skip(*, claim: Claim, reviewer: User) -> Claim:
        return leases.claim_lease_skip(claim=claim, reviewer=reviewer, reason=reason)

    return _lease_action(request, pk, skip, "Skipped: it will not be offered to you again.")


@login_required
@require_POST
def claim_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    claim = _claim(pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(pk)
    duplicate_of = None
    if form.cleaned_data["duplicate_of"]:
        duplicate_of = Claim.objects.filter(pk=form.cleaned_data["duplicate_of"]).first()
        if duplicate_of is None:
            messages.error(request, f"There is no claim {form.cleaned_data['duplicate_of']}.")
            return _back(pk)
    try:
        research.claim_dismiss(
            claim=claim,
            reviewer=user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            duplicate_of=duplicate_of,
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Dismissed.")
    return _back(pk)


# --- Evidence (htmx fragment, or a full page without htmx) --------------------------------------


def _evidence_answer(
    request: HttpRequest,
    claim: Claim,
    form: EvidenceForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    if _is_htmx(request):
        context = _evidence_context(request, claim, form, error)
        # The swap removes the focused button; draft.js puts the focus back in the form, ready
        # for the next link, instead of dropping a keyboard user at the top of the page.
        context["evidence_refocus"] = True
        return render(request, "desk/claim/_evidence.html", context, status=status)
    if error:
        return _page(request, claim, evidence_form=form, evidence_error=error, status=status)
    return _back(claim.pk)


@login_required
@require_POST
def claim_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    claim = _claim(pk)
    form = EvidenceForm(request.POST, auto_id="evidence_%s")
    if not form.is_valid():
        return _evidence_answer(request, claim, form, form_errors(form), status=400)
    try:
        research.evidence_add(claim=claim, reviewer=user, **form.cleaned_data)
    except DomainError as refusal:
        return _evidence_answer(request, claim, form, refusal.message, refusal.http_status)
    return _evidence_answer(request, claim)


@login_required
@require_POST
def claim_evidence_remove(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    user = _viewer(request)
    claim = _claim(pk)
    try:
        research.evidence_remove(claim=claim, evidence_id=evidence_id, reviewer=user)
    except DomainError as refusal:
        return _evidence_answer(request, claim, None, refusal.message, refusal.http_status)
    return _evidence_answer(request, claim)


# --- Verdict: autosaved draft, submit ----------------------------------------------------------


def _draft_save(*, claim: Claim, user: User, data: dict[str, Any]) -> None:
    """Save the typed verdict as the draft, and the claimant when it was changed."""
    verdicts.review_draft_save(
        claim=claim,
        reviewer=user,
        rating=data["rating"],
        conclusion=data["conclusion"],
        explanation=data["explanation"],
    )
    current = claim.claimant.name if claim.claimant else ""
    if data["claimant"] and data["claimant"].strip() != current:
        claimants.claim_claimant_set(claim=claim, reviewer=user, name=data["claimant"])


def _draft_status(
    request: HttpRequest, *, error: str = "", saved_at_ms: int = 0, status: int = 200
) -> HttpResponse:
    context = {"error": error, "saved_at_ms": saved_at_ms, "saved_at": timezone.now()}
    return render(request, "desk/claim/_draft_status.html", context, status=status)


@login_required
@require_POST
def claim_draft_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave target: store the draft and answer with the status line (an htmx fragment)."""
    user = _viewer(request)
    claim = _claim(pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _draft_status(request, error=form_errors(form), status=400)
    try:
        _draft_save(claim=claim, user=user, data=form.cleaned_data)
    except DomainError as refusal:
        return _draft_status(request, error=refusal.message, status=refusal.http_status)
    return _draft_status(request, saved_at_ms=int(timezone.now().timestamp() * 1000))


@login_required
@require_POST
def claim_verdict_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save what was typed as the draft, then submit it; a refusal keeps every word."""
    user = _viewer(request)
    claim = _claim(pk)
    form = VerdictForm(request.POST, auto_id="verdict_%s")
    if not form.is_valid():
        return _page(request, claim, verdict_form=form, verdict_error=form_errors(form), status=400)
    try:
        # Saved first, in its own transaction: a submission refused below (no evidence, no
        # rating) still leaves the text on the server.
        _draft_save(claim=claim, user=user, data=form.cleaned_data)
        verdicts.review_submit(claim=claim, reviewer=user)
    except DomainError as refusal:
        return _page(
            request,
            _claim(pk),
            verdict_form=form,
            verdict_error=refusal.message,
            status=refusal.http_status,
        )
    messages.success(request, "Verdict submitted for an editor's approval.")
    return _back(pk)
