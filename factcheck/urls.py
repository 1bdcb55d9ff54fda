"""URL map: desk pages (home at /), API under /api/v1/, schema and docs under /api/, probes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from factcheck import favicon, health
from factcheck.api import docs as api_docs

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs.api_docs, name="api-docs"),
    path("api/v1/", include("claims.urls")),
    path("api/v1/", include("reviews.urls")),
    path("", include("reviews.pages.home_urls")),
    path("", include("reviews.pages.queue_urls")),
    path("", include("reviews.pages.editor_urls")),
    path("", include("reviews.pages.submit_urls")),
    path("", include("reviews.pages.claim_urls")),
    path("", include("reviews.pages.stats_urls")),
    path("", include("reviews.pages.search_urls")),
    path("", include("claims.match_page_urls")),  # the claim page's match buttons
    path("", include("reviews.public_urls")),  # public fact-check pages, feed, sitemap
]

handler404 = "factcheck.error_pages.not_found"
handler500 = "factcheck.error_pages.crashed"
