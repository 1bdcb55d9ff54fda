"""The claim page's match buttons: plain POST, then back to the claim page (no script needed).

The claim page (``/claims/<pk>/``) includes ``desk/claim/_matches.html``, whose forms post here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from claims import links
from claims.models import ClaimLink
from factcheck.errors import DomainError, PermissionDenied


def _decide(request: HttpRequest, pk: int, link_pk: int, *, confirm: bool) -> HttpResponse:
    link = get_object_or_404(ClaimLink, pk=link_pk, claim_id=pk)
    try:
        if confirm:
            links.claim_link_confirm(link=link, user=request.user)
        else:
            links.claim_link_reject(link=link, user=request.user)
    except PermissionDenied as refusal:
        raise DjangoPermissionDenied(refusal.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Match confirmed." if confirm else "Match rejected.")
    return HttpResponseRedirect(f"/claims/{pk}/#matches")


@login_required
@require_POST
def claim_link_confirm_page(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Confirm one of the claim's suggested matches."""
    return _decide(request, pk, link_pk, confirm=True)


@login_required
@require_POST
def claim_link_reject_page(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Reject one of the claim's matches: it is never suggested again."""
    return _decide(request, pk, link_pk, confirm=False)
