"""The claim page and its actions, under /claims/<pk>/."""

from django.urls import path

from reviews.pages import claim

urlpatterns = [
    path("claims/<int:pk>/", claim.claim_page, name="desk-claim"),
    path("claims/<int:pk>/take/", claim.claim_take, name="desk-claim-take"),
    path("claims/<int:pk>/release/", claim.claim_release, name="desk-claim-release"),
    path("claims/<int:pk>/skip/", claim.claim_skip, name="desk-claim-skip"),
    path("claims/<int:pk>/extend/", claim.claim_extend, name="desk-claim-extend"),
    path("claims/<int:pk>/dismiss/", claim.claim_dismiss, name="desk-claim-dismiss"),
    path("claims/<int:pk>/evidence/", claim.claim_evidence_add, name="desk-claim-evidence-add"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_id>/remove/",
        claim.claim_evidence_remove,
        name="desk-claim-evidence-remove",
    ),
    path("claims/<int:pk>/draft/", claim.claim_draft_save, name="desk-claim-draft"),
    path("claims/<int:pk>/verdict/", claim.claim_verdict_submit, name="desk-claim-verdict"),
]
