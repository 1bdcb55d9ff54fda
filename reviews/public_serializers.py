"""What the public sees of a fact-check: output serializers of the public API.

They read only what ``public_selectors.fact_checks`` loaded, and never show who inside the
newsroom wrote or approved a verdict.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Article, Claimant
from reviews import public_selectors
from reviews.models import Evidence, Review, ReviewState


def page_url(*, site: str, claim_id: int) -> str:
    """Return the absolute URL of a fact-check's public HTML page."""
    return site + reverse("public-fact-check-page", args=[claim_id])


def public_status(review: Review) -> str:
    """Return published, corrected or retracted: what a reader should know about the verdict."""
    if review.state == ReviewState.RETRACTED:
        return "retracted"
    return "corrected" if review.supersedes_id is not None else "published"


class ClaimantSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    id = serializers.IntegerField(read_only=True, allow_null=True)
    wikidata_url = serializers.CharField(read_only=True)

    class Meta:
        model = Claimant
        fields = ["id", "name", "kind", "wikidata_id", "wikidata_url", "url"]


class AppearanceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Article
        fields = ["url", "title", "source", "published_at"]


class PublicRatingSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.IntegerField()
    best_value = serializers.IntegerField()
    worst_value = serializers.IntegerField()


class PublicClaimSerializer(serializers.Serializer):  # type: ignore[type-arg]
    text = serializers.CharField()
    claimant = ClaimantSerializer(allow_null=True)
    queue = serializers.CharField(source="queue.slug")
    entities = serializers.ListField(child=serializers.DictField())


class PublicEvidenceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Evidence
        fields = ["url", "title", "publisher", "stance", "quote", "archived_url"]


class PublicVersionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    version = serializers.IntegerField()
    state = serializers.CharField()
    rating = serializers.CharField(source="rating.label", allow_null=True)
    conclusion = serializers.CharField()
    published_at = serializers.DateTimeField()
    correction_reason = serializers.CharField()
    retracted_at = serializers.DateTimeField(allow_null=True)
    retraction_reason = serializers.CharField()


class FactCheckSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One public fact-check; ``context["site"]`` is the site's absolute root URL."""

    id = serializers.IntegerField(source="claim_id")
    url = serializers.SerializerMethodField()
    claimreview_url = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    version = serializers.IntegerField()
    claim = PublicClaimSerializer()
    appearances = serializers.SerializerMethodField()
    rating = PublicRatingSerializer()
    conclusion = serializers.CharField()
    explanation = serializers.CharField()
    first_published_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(help_text="When this version was published.")
    correction_reason = serializers.CharField()
    retracted_at = serializers.DateTimeField(allow_null=True)
    retraction_reason = serializers.CharField()
    updated_at = serializers.DateTimeField(help_text="Use with ?updated_since= to sync.")

    def get_url(self, review: Review) -> str:
        return page_url(site=self.context["site"], claim_id=review.claim_id)

    def get_claimreview_url(self, review: Review) -> str | None:
        if review.state == ReviewState.RETRACTED:
            return None
        return self.context["site"] + reverse(
            "public-fact-check-claimreview", args=[review.claim_id]
        )

    @extend_schema_field(serializers.ChoiceField(["published", "corrected", "retracted"]))
    def get_status(self, review: Review) -> str:
        return public_status(review)

    @extend_schema_field(AppearanceSerializer(many=True))
    def get_appearances(self, review: Review) -> list[dict[str, Any]]:
        articles = public_selectors.appearances(review)
        return [self._appearance_serializer.to_representation(a) for a in articles]

    @cached_property
    def _appearance_serializer(self) -> AppearanceSerializer:
        # One for the whole page: building a ModelSerializer's fields costs more than using
        # them, and a list page has as many appearances as articles carry its claims.
        return AppearanceSerializer()


class FactCheckDetailSerializer(FactCheckSerializer):
    evidence = PublicEvidenceSerializer(source="claim.evidence", many=True)
    versions = serializers.SerializerMethodField()

    @extend_schema_field(PublicVersionSerializer(many=True))
    def get_versions(self, review: Review) -> list[dict[str, Any]]:
        return PublicVersionSerializer(public_selectors.versions(review), many=True).data  # type: ignore[return-value]
