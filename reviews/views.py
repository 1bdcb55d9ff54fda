"""Reviewer dashboard pages (server-rendered)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims import selectors as claim_selectors
from claims.models import Queue
from claims.routing import queue_default_get


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show a queue's candidate claims in review order (the default queue unless ?queue=slug)."""
    slug = request.GET.get("queue")
    queue = get_object_or_404(Queue, slug=slug) if slug else queue_default_get()
    claims = claim_selectors.queue_claims(queue_id=queue.pk)[:200]
    return render(
        request,
        "reviews/dashboard.html",
        {"queue": queue, "queues": Queue.objects.all(), "claims": claims},
    )
