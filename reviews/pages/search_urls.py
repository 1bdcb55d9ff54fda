"""URL of the search page."""

from django.urls import path

from reviews.pages import search

urlpatterns = [
    path("search/", search.search_page, name="desk-search"),
]
