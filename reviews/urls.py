"""The review workflow's API: queues, leases, research, verdicts (mounted under /api/v1/)."""

from django.urls import path

from reviews import (
    apis,
    claimant_apis,
    factcheck_tools,
    lease_apis,
    public_apis,
    read_apis,
    research_apis,
    verdict_apis,
    webhook_apis,
)

urlpatterns = [
    path("queues/", apis.QueueListApi.as_view(), name="queue-list"),
    path(
        "queues/<slug:slug>/claims/",
        apis.QueueClaimListApi.as_view(),
        name="queue-claims",
    ),
    path("queues/<slug:slug>/stats/", apis.QueueStatsApi.as_view(), name="queue-stats"),
    path(
        "queues/<slug:slug>/lease-next/",
        lease_apis.ClaimLeaseNextApi.as_view(),
        name="claim-lease-next",
    ),
    path("ratings/", apis.RatingListApi.as_view(), name="rating-list"),
    path("me/claims/", apis.MyClaimListApi.as_view(), name="my-claims"),
    path(
        "claims/<int:pk>/release/",
        lease_apis.ClaimLeaseReleaseApi.as_view(),
        name="claim-release",
    ),
    path("claims/<int:pk>/skip/", lease_apis.ClaimLeaseSkipApi.as_view(), name="claim-skip"),
    path("claims/<int:pk>/extend/", lease_apis.ClaimLeaseExtendApi.as_view(), name="claim-extend"),
    path(
        "claims/<int:pk>/evidence/",
        research_apis.EvidenceListAddApi.as_view(),
        name="claim-evidence",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_id>/",
        research_apis.EvidenceRemoveApi.as_view(),
        name="claim-evidence-remove",
    ),
    path("claims/<int:pk>/dismiss/", research_apis.ClaimDismissApi.as_view(), name="claim-dismiss"),
    path("claims/<int:pk>/draft/", verdict_apis.ReviewDraftSaveApi.as_view(), name="claim-draft"),
    path("claims/<int:pk>/verdict/", verdict_apis.ReviewSubmitApi.as_view(), name="claim-verdict"),
    path("claims/<int:pk>/boost/", apis.ClaimBoostApi.as_view(), name="claim-boost"),
    path(
        "claims/<int:pk>/timeline/",
        apis.ClaimTimelineApi.as_view(),
        name="claim-timeline",
    ),
    path("claims/<int:pk>/reviews/", apis.ClaimReviewListApi.as_view(), name="claim-reviews"),
    path(
        "reviews/<int:pk>/approve/", verdict_apis.ReviewApproveApi.as_view(), name="review-approve"
    ),
    path("reviews/<int:pk>/return/", verdict_apis.ReviewReturnApi.as_view(), name="review-return"),
    path(
        "reviews/<int:pk>/publish/", verdict_apis.ReviewPublishApi.as_view(), name="review-publish"
    ),
    path(
        "reviews/<int:pk>/correct/", verdict_apis.ReviewCorrectApi.as_view(), name="review-correct"
    ),
    path(
        "reviews/<int:pk>/retract/", verdict_apis.ReviewRetractApi.as_view(), name="review-retract"
    ),
]

# Who made a claim: suggested from the extracted speaker, confirmed by the lease holder.
urlpatterns += [
    path(
        "claims/<int:pk>/claimant/", claimant_apis.ClaimClaimantApi.as_view(), name="claim-claimant"
    ),
]

# The public side: published fact-checks for anyone, no login. Their names contain "public",
# which is how the security tests tell them from the role-gated endpoints above.
urlpatterns += [
    path("fact-checks/", public_apis.FactCheckListApi.as_view(), name="public-fact-check-list"),
    path(
        "fact-checks/<int:pk>/",
        public_apis.FactCheckDetailApi.as_view(),
        name="public-fact-check-detail",
    ),
    path(
        "fact-checks/<int:pk>/claimreview.jsonld",
        public_apis.FactCheckClaimReviewApi.as_view(),
        name="public-fact-check-claimreview",
    ),
    path("claimreviews/", public_apis.ClaimReviewFeedApi.as_view(), name="public-claimreview-feed"),
    # Google Fact Check Tools' shape: a client changes its base URL to …/api/v1/factchecktools/
    path(
        "factchecktools/v1alpha1/claims:search",
        factcheck_tools.ClaimsSearchApi.as_view(),
        name="public-claims-search",
    ),
]

# Webhook subscriptions (staff only) and their delivery log.
urlpatterns += [
    path("webhooks/", webhook_apis.WebhookListCreateApi.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", webhook_apis.WebhookDetailApi.as_view(), name="webhook-detail"),
    path(
        "webhooks/<int:pk>/deliveries/",
        webhook_apis.WebhookDeliveryListApi.as_view(),
        name="webhook-deliveries",
    ),
]

# Single reads and verdicts by state (what the desk pages and integrators read).
urlpatterns += [
    path("claims/<int:pk>/", read_apis.ClaimDetailApi.as_view(), name="claim-detail"),
    path("reviews/", read_apis.ReviewListApi.as_view(), name="review-list"),
    path("reviews/<int:pk>/", read_apis.ReviewDetailApi.as_view(), name="review-detail"),
]
