"""URL map: dashboard at /, API under /api/v1/, schema and docs under /api/, admin, probes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from claims import apis as claim_apis
from factcheck import api_docs, health
from reviews import apis as review_apis
from reviews import views as review_views

api_v1 = [
    path("articles/", claim_apis.ArticleListSubmitApi.as_view(), name="article-list"),
    path("articles/<int:pk>/", claim_apis.ArticleDetailApi.as_view(), name="article-detail"),
    path("queues/", review_apis.QueueListApi.as_view(), name="queue-list"),
    path(
        "queues/<slug:slug>/claims/",
        review_apis.QueueClaimListApi.as_view(),
        name="queue-claims",
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
