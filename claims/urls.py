"""The claim store's API: articles and clusters (mounted under /api/v1/)."""

from django.urls import path

from claims import apis

urlpatterns = [
    path("articles/", apis.ArticleListSubmitApi.as_view(), name="article-list"),
    path("articles/<int:pk>/", apis.ArticleDetailApi.as_view(), name="article-detail"),
    path("clusters/<int:pk>/", apis.ClusterDetailApi.as_view(), name="cluster-detail"),
    path("claims/<int:pk>/matches/", apis.ClaimMatchListApi.as_view(), name="claim-matches"),
    path(
        "claim-links/<int:pk>/confirm/",
        apis.ClaimLinkConfirmApi.as_view(),
        name="claim-link-confirm",
    ),
    path(
        "claim-links/<int:pk>/reject/", apis.ClaimLinkRejectApi.as_view(), name="claim-link-reject"
    ),
]
