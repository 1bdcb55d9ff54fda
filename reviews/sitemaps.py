"""The sitemap of public fact-check pages (Django's sitemaps framework)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from reviews import public_selectors
from reviews.models import Review

if TYPE_CHECKING:
    from django.contrib.sites.models import Site
    from django.contrib.sites.requests import RequestSite


class FactCheckSitemap(Sitemap):  # type: ignore[type-arg]
    """Every public fact-check page, retracted ones too (the page says so)."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Review]:
        return public_selectors.fact_checks_live().order_by("-published_at", "-id")

    def location(self, item: Review) -> str:
        return reverse("public-fact-check-page", args=[item.claim_id])

    def lastmod(self, item: Review) -> datetime:
        return item.updated_at

    def get_domain(self, site: Site | RequestSite | None = None) -> str:
        if settings.PUBLIC_BASE_URL:
            return urlsplit(settings.PUBLIC_BASE_URL).netloc
        return str(super().get_domain(site))

    def get_protocol(self, protocol: str | None = None) -> str:
        if settings.PUBLIC_BASE_URL:
            return urlsplit(settings.PUBLIC_BASE_URL).scheme
        return str(super().get_protocol(protocol))
