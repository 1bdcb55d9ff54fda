"""The queue page and its "Take next" action."""

from django.urls import path

from reviews.pages import queue

urlpatterns = [
    path("queues/<slug:slug>/", queue.queue_page, name="desk-queue"),
    path("queues/<slug:slug>/next/", queue.take_next, name="desk-queue-next"),
]
