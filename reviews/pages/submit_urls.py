"""The submit page and the article status page (with the partial it polls)."""

from django.urls import path

from reviews.pages import submit

urlpatterns = [
    path("submit/", submit.submit_page, name="desk-submit"),
    path("articles/<int:pk>/", submit.article_page, name="desk-article"),
    path("articles/<int:pk>/status/", submit.article_status, name="desk-article-status"),
]
