"""URL map: dashboard at /, API under /api/v1/, schema and docs under /api/, admin, probes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from claims import apis as claim_apis
from factcheck import api_docs, health
from reviews import apis as review_apis
from reviews import lease_apis, research_apis, verdict_apis
from reviews import views as review_views

api_v1 = [
    path("articles/", claim_apis.ArticleListSubmitApi.as_view(), name="article-list"),
    path("articles/<int:pk>/", claim_apis.ArticleDetailApi.as_view(), name="article-detail"),
    path("clusters/<int:pk>/", claim_apis.ClusterDetailApi.as_view(), name="cluster-detail"),
    path("queues/", review_apis.QueueListApi.as_view(), name="queue-list"),
    path(
        "queues/<slug:slug>/claims/",
        review_apis.QueueClaimListApi.as_view(),
        name="queue-claims",
    ),
    # The reviewer workflow (reviews/): leases, research, verdicts, audit.
    path("queues/<slug:slug>/stats/", review_apis.QueueStatsApi.as_view(), name="queue-stats"),
    path(
        "queues/<slug:slug>/lease-next/",
        lease_apis.ClaimLeaseNextApi.as_view(),
        name="claim-lease-next",
    ),
    path("ratings/", review_apis.RatingListApi.as_view(), name="rating-list"),
    path("me/claims/", review_apis.MyClaimListApi.as_view(), name="my-claims"),
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
    path("claims/<int:pk>/boost/", review_apis.ClaimBoostApi.as_view(), name="claim-boost"),
    path(
        "claims/<int:pk>/timeline/",
        review_apis.ClaimTimelineApi.as_view(),
        name="claim-timeline",
    ),
    path(
        "claims/<int:pk>/reviews/", review_apis.ClaimReviewListApi.as_view(), name="claim-reviews"
    ),
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

urlpatterns = [
    path("", review_views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs.api_docs, name="api-docs"),
    path("api/v1/", include(api_v1)),
]

handler404 = "factcheck.error_pages.not_found"
handler500 = "factcheck.error_pages.crashed"
