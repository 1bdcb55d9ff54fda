"""Published fact-checks built straight in the database, for tests of the public side.

Each helper drops the server's cached public answers as the service it stands for does (its
event bumps the public data version when the transaction commits, which a test never does).

The Done-when test publishes through the API (test_claimreview_page.py); the read-side tests
only need rows in the state the workflow leaves them in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from claims.models import Claim, ClaimCluster, ClaimStatus
from factcheck.public_cache import public_version_bump
from reviews.models import Evidence, Rating, Review, ReviewState
from reviews.roles import roles_and_ratings_ensure
from tests.factories import ArticleFactory, UserFactory
from tests.reviews.conftest import (  # noqa: F401 (the workflow's fixtures, shared)
    claim,
    editor,
    editor_api,
    other_reviewer,
    other_reviewer_api,
    reviewer,
    reviewer_api,
)
from tests.reviews.factories import ClaimFactory


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    """The anonymous throttle counts in the cache; each test starts with a clean count."""
    cache.clear()


def publish(
    *,
    text: str = "Unemployment fell to 4.1% in 2024.",
    rating: str = "false",
    conclusion: str = "Unemployment rose.",
    published_at: datetime | None = None,
    **claim_fields: Any,
) -> Review:
    """Create a claim with a published first version of its verdict."""
    roles_and_ratings_ensure()
    author = UserFactory.create(username="writer")
    approver = UserFactory.create(username="approver")
    checked = ClaimFactory.create(text=text, status=ClaimStatus.PUBLISHED, **claim_fields)
    when = published_at or timezone.now()
    public_version_bump()
    return Review.objects.create(
        claim=checked,
        version=1,
        state=ReviewState.PUBLISHED,
        rating=Rating.objects.get(slug=rating),
        conclusion=conclusion,
        explanation="The statistics office's series shows a rise.",
        author=author,
        approver=approver,
        submitted_at=when,
        approved_at=when,
        published_at=when,
    )


def correct(review: Review, *, rating: str, reason: str) -> Review:
    """Supersede a published version with a corrected one, as review_correct does."""
    corrector = review.approver
    assert corrector is not None
    review.state = ReviewState.SUPERSEDED
    review.save()
    now = timezone.now()
    public_version_bump()
    return Review.objects.create(
        claim=review.claim,
        version=review.version + 1,
        state=ReviewState.PUBLISHED,
        rating=Rating.objects.get(slug=rating),
        conclusion="Corrected: " + review.conclusion,
        explanation=review.explanation,
        author=corrector,
        approver=corrector,
        supersedes=review,
        correction_reason=reason,
        submitted_at=now,
        approved_at=now,
        published_at=now,
    )


def retract(review: Review, *, reason: str) -> Review:
    review.state = ReviewState.RETRACTED
    review.retraction_reason = reason
    review.retracted_at = timezone.now()
    review.save()
    Claim.objects.filter(pk=review.claim_id).update(status=ClaimStatus.RETRACTED)
    public_version_bump()
    return review


def in_cluster(review: Review, *, source: str, url: str, days_earlier: int = 0) -> Claim:
    """Add another article carrying the same claim, in the claim's cluster."""
    original = review.claim
    if original.cluster is None:
        original.cluster = ClaimCluster.objects.create(text=original.text)
        original.save()
    article = ArticleFactory.create(
        source=source,
        url=url,
        published_at=timezone.now() - timedelta(days=days_earlier),
    )
    public_version_bump()
    return ClaimFactory.create(
        article=article, text=original.text, cluster=original.cluster, status=ClaimStatus.PUBLISHED
    )


def evidence_add(review: Review, *, url: str) -> Evidence:
    public_version_bump()
    return Evidence.objects.create(
        claim=review.claim,
        url=url,
        title="Labour force survey",
        publisher="Statistics office",
        stance="refutes",
        added_by=User.objects.get(username="writer"),
    )
