"""Page URLs of the claim page's match buttons (mounted at the site root)."""

from django.urls import path

from claims import match_pages

urlpatterns = [
    path(
        "claims/<int:pk>/matches/<int:link_pk>/confirm/",
        match_pages.claim_link_confirm_page,
        name="claim-link-confirm-page",
    ),
    path(
        "claims/<int:pk>/matches/<int:link_pk>/reject/",
        match_pages.claim_link_reject_page,
        name="claim-link-reject-page",
    ),
]
