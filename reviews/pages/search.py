"""The search page: "have we seen this before?" for reviewers and editors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from factcheck.errors import PermissionDenied
from reviews.permissions import role_require
from reviews.search_selectors import (
    MAX_QUERY_LENGTH,
    SearchQueryInvalid,
    search_query_clean,
    search_run,
)


@require_safe
@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Search claims, articles and published fact-checks for ``?q=``; unpublished work too."""
    try:
        role_require(user=request.user, permission="view_workflow", doing="search the desk")  # type: ignore[arg-type]
    except PermissionDenied as refusal:
        raise DjangoPermissionDenied(refusal.message) from None
    raw = request.GET.get("q")
    context: dict[str, object] = {"q": raw or "", "max_length": MAX_QUERY_LENGTH}
    status = 200
    if raw is not None:  # the bare page is a form, not an error
        try:
            context["results"] = search_run(query=search_query_clean(raw))
        except SearchQueryInvalid as invalid:
            context["message"] = invalid.message
            status = 400
    return render(request, "desk/search/page.html", context, status=status)
