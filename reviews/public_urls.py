"""Public HTML: fact-check pages, their index, the Atom feed and the sitemap (no login)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_control

from reviews import feeds, public_views, sitemaps

SITEMAPS = {"fact-checks": sitemaps.FactCheckSitemap}

urlpatterns = [
    path("fact-checks/", public_views.fact_check_index, name="public-fact-check-index"),
    path("fact-checks/<int:pk>/", public_views.fact_check_page, name="public-fact-check-page"),
    path(
        "fact-checks/feed.atom",
        cache_control(public=True, max_age=300)(feeds.FactCheckFeed()),
        name="public-fact-check-feed",
    ),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=300)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="public-sitemap",
    ),
]
