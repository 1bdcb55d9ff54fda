"""URL of the stats page."""

from django.urls import path

from reviews.pages import stats

urlpatterns = [
    path("stats/", stats.stats_page, name="desk-stats"),
]
