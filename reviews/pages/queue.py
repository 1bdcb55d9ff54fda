"""The queue page (``/queues/<slug>/``) and "Take next" (``POST /queues/<slug>/next/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from claims.models import Queue
from factcheck.errors import PermissionDenied
from reviews import home_selectors, queue_selectors
from reviews.leases import claim_lease_next
from reviews.pages.flow_access import page_role_require, page_user
from reviews.pages.queue_forms import QueueFilterForm
from reviews.permissions import role_has


@login_required
def queue_page(request: HttpRequest, slug: str) -> HttpResponse:
    """List a queue's waiting claims in the order "Take next" leases them, filtered.

    Filters come from the query string; a value the form refuses is a 400 naming it.
    """
    page_role_require(request, permission="view_workflow", doing="see the queues")
    queue = get_object_or_404(Queue, slug=slug)
    now = timezone.now()
    form = QueueFilterForm(request.GET)
    valid = form.is_valid()
    claims = (
        list(
            queue_selectors.queue_page_claims(queue=queue, filters=form.filters(), now=now)[
                : queue_selectors.QUEUE_PAGE_ROWS
            ]
        )
        if valid
        else []
    )
    context = {
        "queue": queue,
        "queues": list(home_selectors.queues_with_backlog(now=now)),
        "form": form,
        "filtered": valid and any(form.cleaned_data.values()),
        "claims": claims,
        "now": now,
        "can_lease": role_has(user=page_user(request), permission="lease_claim"),
    }
    return render(request, "desk/queue/queue.html", context, status=200 if valid else 400)


@login_required
@require_POST
def take_next(request: HttpRequest, slug: str) -> HttpResponse:
    """Lease the queue's most urgent claim to me and open it; say so when none is free."""
    queue = get_object_or_404(Queue, slug=slug)
    try:
        claim = claim_lease_next(queue=queue, reviewer=page_user(request))
    except PermissionDenied as refusal:
        raise DjangoPermissionDenied(refusal.message) from None
    if claim is None:
        messages.info(request, f"No claim is free in {queue.name}: nothing to take right now.")
        return redirect("desk-queue", slug=queue.slug)
    return redirect(f"/claims/{claim.pk}/")
