"""The stats page: how the desk is doing, as charts with their figures beside them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from factcheck.errors import PermissionDenied
from reviews.pages.stats_charts import charts_build
from reviews.permissions import role_require
from reviews.stats_selectors import DAYS, stats_overview


@require_safe
@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    """Show the last 30 days of the desk's work; reviewers and editors only (unpublished work)."""
    try:
        role_require(user=request.user, permission="view_workflow", doing="see the desk's stats")  # type: ignore[arg-type]
    except PermissionDenied as refusal:
        raise DjangoPermissionDenied(refusal.message) from None
    overview = stats_overview(now=timezone.now())
    charts = charts_build(overview)
    response = render(
        request, "desk/stats/page.html", {"overview": overview, "charts": charts, "days": DAYS}
    )
    # Each chart's <style> is allowed by its hash, this response only (what csp_update does);
    # see reviews/pages/stats_charts.py for why the style cannot be a static file.
    response._csp_update = {"style-src": [chart.style_hash for chart in charts]}  # type: ignore[attr-defined]
    return response
