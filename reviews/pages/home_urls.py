"""Home (``/``); its name stays "dashboard", where login lands."""

from django.urls import path

from reviews.pages import home

urlpatterns = [
    path("", home.home, name="dashboard"),
]
