"""Home (``/``): what needs me now, per role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from claims.routing import queue_default_get
from reviews import home_selectors, queue_selectors
from reviews.pages.flow_access import page_role_require
from reviews.permissions import role_has

# Home previews the top of the default queue; the queue page has the rest.
PREVIEW_ROWS = 5


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show my leases with their countdowns, the queues' backlog and verdicts returned to me.

    Editors also see the verdicts waiting for their approval and those waiting to be
    published. Queues are unpublished work: reviewers and editors only, as in the API.
    """
    user = page_role_require(request, permission="view_workflow", doing="see the queues")
    now = timezone.now()
    default_queue = queue_default_get()
    is_editor = role_has(user=user, permission="approve_review")
    context = {
        "now": now,
        "leases": list(home_selectors.leases_of(user=user)),
        "queues": list(home_selectors.queues_with_backlog(now=now)),
        "default_queue": default_queue,
        "next_up": list(
            queue_selectors.queue_page_claims(
                queue=default_queue, filters=queue_selectors.QueueFilters(), now=now
            )[:PREVIEW_ROWS]
        ),
        "returned": list(home_selectors.verdicts_returned_to(user=user)),
        "is_editor": is_editor,
        "can_lease": role_has(user=user, permission="lease_claim"),
        "to_approve": list(home_selectors.verdicts_waiting_for_approval()) if is_editor else [],
        "to_publish": list(home_selectors.verdicts_waiting_to_publish()) if is_editor else [],
    }
    return render(request, "desk/home/home.html", context)
