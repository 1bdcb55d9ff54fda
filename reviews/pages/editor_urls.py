"""Editor pages: the editor's desk and a verdict's review page with its actions."""

from django.urls import path

from reviews.pages import editor

urlpatterns = [
    path("editor/", editor.editor_home, name="desk-editor"),
    path("reviews/<int:pk>/", editor.review_page, name="desk-review"),
    path("reviews/<int:pk>/approve/", editor.review_approve_action, name="desk-review-approve"),
    path("reviews/<int:pk>/return/", editor.review_return_action, name="desk-review-return"),
    path("reviews/<int:pk>/publish/", editor.review_publish_action, name="desk-review-publish"),
]
