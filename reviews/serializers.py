"""Output serializers shared by the review APIs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from claims.models import Claim, Event
from reviews.models import Evidence, Rating, Review


class RatingOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Rating
        fields = ["slug", "label", "value", "best_value", "worst_value", "description"]


class LeasedClaimOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    queue: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    leased_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    article_title = serializers.CharField(source="article.title", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "article",
            "article_title",
            "score",
            "claim_type",
            "status",
            "queue",
            "priority",
            "cluster",
            "due_at",
            "leased_by",
            "lease_expires_at",
        ]


_LEASED = LeasedClaimOutputSerializer()


def leased_claim_data(claim: Claim) -> dict[str, Any]:
    """``LeasedClaimOutputSerializer(claim).data``, from one serializer built once per process.

    A ``ModelSerializer`` builds its fields from the model on every instantiation: on the
    lease endpoints, the busiest in the API, a third of a millisecond of CPU per request
    (docs/benchmarks.md). Its fields keep no state between calls, so one instance serves all.
    """
    return dict(_LEASED.to_representation(claim))


class EvidenceOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    added_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "url",
            "title",
            "publisher",
            "stance",
            "quote",
            "archived_url",
            "note",
            "added_by",
            "created_at",
        ]


class ReviewOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    rating = RatingOutputSerializer(read_only=True, allow_null=True)
    author: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    approver: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "version",
            "state",
            "rating",
            "conclusion",
            "explanation",
            "author",
            "approver",
            "return_comment",
            "supersedes",
            "superseded_by",
            "correction_reason",
            "retraction_reason",
            "submitted_at",
            "approved_at",
            "published_at",
            "retracted_at",
        ]

    def get_superseded_by(self, review: Review) -> int | None:
        successor = getattr(review, "superseded_by", None)
        return successor.pk if successor is not None else None


class EventOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    actor: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    # What the viewer may see of the changes (reviews.selectors.claim_timeline hides other
    # people's drafts); events read without that annotation show their changes as stored.
    changes = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["id", "action", "actor", "from_state", "to_state", "changes", "created_at"]

    def get_changes(self, event: Event) -> dict[str, Any]:
        return getattr(event, "shown_changes", event.changes)  # type: ignore[no-any-return]
