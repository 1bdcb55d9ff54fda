"""The Atom feed of public fact-checks (Django's syndication framework)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reviews import public_selectors
from reviews.models import Review
from reviews.public_serializers import public_status

FEED_ITEMS = 50


class FactCheckFeed(Feed):  # type: ignore[type-arg]
    """The newest fact-checks, corrections and retractions included (marked in the title)."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.PUBLISHER_NAME}: fact-checks"

    def subtitle(self) -> str:
        return "Published fact-checks, newest first."

    def link(self) -> str:
        return reverse("public-fact-check-index")

    def items(self) -> QuerySet[Review]:
        return public_selectors.fact_checks().order_by("-published_at", "-id")[:FEED_ITEMS]

    def item_title(self, item: Review) -> str:
        rating = item.rating.label if item.rating else ""
        status = public_status(item)
        marker = "" if status == "published" else f" [{status}]"
        return f"{rating}: {item.claim.text[:200]}{marker}"

    def item_description(self, item: Review) -> str:
        return item.conclusion

    def item_link(self, item: Review) -> str:
        return reverse("public-fact-check-page", args=[item.claim_id])

    def item_pubdate(self, item: Review) -> datetime | None:
        return item.first_published_at  # type: ignore[attr-defined,no-any-return]

    def item_updateddate(self, item: Review) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Review) -> str:
        return str(settings.PUBLISHER_NAME)
