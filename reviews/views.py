"""Reviewer dashboard pages (server-rendered)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims import selectors as claim_selectors
from claims.models import Queue
from claims.routing import queue_default_get
from factcheck.errors import PermissionDenied
from reviews.permissions import role_require


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show a queue's candidate claims in review order (the default queue unless ?queue=slug).

    Queues are unpublished work: reviewers and editors only, as in the API.
    """
    try:
        role_require(user=request.user, permission="view_workflow", doing="see the queues")  # type: ignore[arg-type]
    except PermissionDenied as refusal:
        raise DjangoPermissionDenied(refusal.message) from None
    slug = request.GET.get("queue")
    queue = get_object_or_404(Queue, slug=slug) if slug else queue_default_get()
    claims = claim_selectors.queue_claims(queue_id=queue.pk)[:200]
    return render(
        request,
        "reviews/dashboard.html",
        {"queue": queue, "queues": Queue.objects.all(), "claims": claims},
    )
