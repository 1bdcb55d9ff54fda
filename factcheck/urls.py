"""URL map: dashboard at /, API under /api/v1/, schema and docs under /api/, admin, probes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from factcheck import health
from factcheck.api import docs as api_docs
from reviews import views as review_views

urlpatterns = [
    path("", review_views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs.api_docs, name="api-docs"),
    path("api/v1/", include("claims.urls")),
    path("api/v1/", include("reviews.urls")),
    path("", include("claims.match_page_urls")),  # the claim page's match buttons
    path("", include("reviews.public_urls")),  # public fact-check pages, feed, sitemap
]

handler404 = "factcheck.error_pages.not_found"
handler500 = "factcheck.error_pages.crashed"
