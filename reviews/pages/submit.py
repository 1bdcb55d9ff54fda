"""Submit an article (``/submit/``) and watch its extraction (``/articles/<pk>/``).

The article page polls a small status partial with htmx until extraction is done or failed;
the partial then comes back without its polling attributes, which stops the polling.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims import services
from claims.models import Article, ExtractionStatus
from factcheck.errors import InvalidInput
from reviews.pages.flow_access import page_role_require, page_user
from reviews.pages.submit_forms import ArticleSubmitForm
from reviews.permissions import role_has

UNFINISHED = (ExtractionStatus.FETCHING, ExtractionStatus.PENDING, ExtractionStatus.RUNNING)


@login_required
def submit_page(request: HttpRequest) -> HttpResponse:
    """Show the submit form; on POST store the article and open its status page."""
    user = page_role_require(request, permission="submit_article", doing="submit articles")
    form = ArticleSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"title": data["title"], "source": data["source"], "submitted_by": user}
        try:
            if form.has_text():
                article, _ = services.article_submit(body=data["body"], url=data["url"], **fields)
            else:
                article, _ = services.article_submit_url(url=data["url"], **fields)
        except InvalidInput as refusal:
            form.add_error("body" if form.has_text() else "url", refusal.message)
        else:
            return redirect("desk-article", pk=article.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/submit/submit.html", {"form": form}, status=status)


def _article_for(request: HttpRequest, pk: int) -> Article:
    """Return the article if the user may read it: a reviewer or editor, or its submitter."""
    article = get_object_or_404(Article, pk=pk)
    user = page_user(request)
    if article.submitted_by_id != user.pk and not role_has(user=user, permission="view_workflow"):
        raise DjangoPermissionDenied(
            "Only a user with the reviewer or editor role, or the person who submitted it, "
            "can read this article."
        )
    return article


def _status_context(article: Article) -> dict[str, object]:
    return {
        "article": article,
        "claims": list(article.claims.order_by("start").only("id", "text", "article_id")),
        "unfinished": article.extraction_status in UNFINISHED,
    }


@login_required
def article_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an article's extraction status, its claims and the lines left out."""
    article = _article_for(request, pk)
    return render(request, "desk/submit/article.html", _status_context(article))


@login_required
def article_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the status partial the article page polls."""
    article = _article_for(request, pk)
    return render(request, "desk/submit/_article_status.html", _status_context(article))
