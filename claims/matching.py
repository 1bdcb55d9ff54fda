"""Join each new claim to the claims already stored: clusters, prior fact-checks, conflicts.

The pure comparison logic lives in ``claims.extraction.matching``; this module looks up
candidates through indexed keys (``ClaimMatchKey``), so the cost of matching a claim depends on
how many claims share its keys, not on how many claims the store holds.
"""

from __future__ import annotations

from django.db.models import F, QuerySet

from claims.extraction import CandidateClaim, Number
from claims.extraction import matching as keys
from claims.models import (
    Claim,
    ClaimCluster,
    ClaimConflict,
    ClaimMatchKey,
    ClaimStatus,
    MatchKeyKind,
)
from claims.priority import spread

# Content-word Jaccard similarity from which two claims count as the same statement.
SAME_CLAIM_SIMILARITY = 0.6
# How many candidates one key lookup may bring back; common keys are capped, not scanned.
CANDIDATE_LIMIT = 50
PUBLISHED_STATES = ("published", "corrected")


def _claims_sharing(*, claim: Claim, kind: str, values: tuple[str, ...]) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(match_keys__kind=kind, match_keys__key__in=values)
        .exclude(article_id=claim.article_id)
        .distinct()
        .order_by("-id")[:CANDIDATE_LIMIT]
    )


def _numbers(raw: list[dict[str, object]]) -> list[Number]:
    fields = set(Number.__dataclass_fields__)
    return [Number(**{k: v for k, v in item.items() if k in fields}) for item in raw]  # type: ignore[arg-type]


def claim_match(*, claim: Claim, candidate: CandidateClaim) -> None:
    """Cluster ``claim`` with its near-duplicates, flag prior fact-checks and conflicting figures.

    Call inside the transaction that stores the claim. Every claim ends up in a cluster (alone,
    until a repeat arrives); a repeat of a published claim points at it (``previously_checked``).
    """
    best: Claim | None = None
    best_score = SAME_CLAIM_SIMILARITY
    if candidate.signature:
        for other in _claims_sharing(
            claim=claim, kind=MatchKeyKind.SIGNATURE, values=candidate.signature
        ).select_related("cluster"):
            score = keys.similarity(claim.text, other.text)
            if score >= best_score:
                best, best_score = other, score

    if best is not None and best.cluster is not None:
        claim.cluster = best.cluster
    else:
        claim.cluster = ClaimCluster.objects.create(text=claim.text)
        if best is not None:
            Claim.objects.filter(pk=best.pk).update(cluster=claim.cluster)
    if best is not None:
        claim.previously_checked = (
            Claim.objects.filter(cluster=claim.cluster, status__in=PUBLISHED_STATES)
            .order_by("id")
            .first()
        )
    claim.save(update_fields=["cluster", "previously_checked", "updated_at"])
    if best is not None:
        # A claim carried by more articles is worth checking sooner: the spread term of the
        # priority grows for every claim waiting in the cluster.
        # One UPDATE, not a refresh per member: a cluster can hold thousands of repeats.
        size = claim.cluster.claims.count()
        waiting = claim.cluster.claims.filter(status=ClaimStatus.CANDIDATE)
        waiting.exclude(pk=claim.pk).update(
            priority=F("priority") + spread(size) - spread(size - 1)
        )
        # The new claim was placed as if alone (spread 0): give it the whole spread.
        waiting.filter(pk=claim.pk).update(priority=F("priority") + spread(size))

    if candidate.subjects:
        mine = _numbers(claim.numbers)
        for other in _claims_sharing(
            claim=claim, kind=MatchKeyKind.SUBJECT, values=candidate.subjects
        ):
            if other.cluster_id != claim.cluster_id and keys.figures_conflict(
                mine, _numbers(other.numbers)
            ):
                shared = set(candidate.subjects) & set(
                    other.match_keys.filter(kind=MatchKeyKind.SUBJECT).values_list("key", flat=True)
                )
                # Stored both ways, so each claim lists the other as conflicting.
                subject = min(shared)
                ClaimConflict.objects.bulk_create(
                    [
                        ClaimConflict(claim=claim, other=other, subject=subject),
                        ClaimConflict(claim=other, other=claim, subject=subject),
                    ],
                    ignore_conflicts=True,
                )

    ClaimMatchKey.objects.bulk_create(
        [
            ClaimMatchKey(claim=claim, kind=MatchKeyKind.SIGNATURE, key=k)
            for k in candidate.signature
        ]
        + [
            ClaimMatchKey(claim=claim, kind=MatchKeyKind.SUBJECT, key=k) for k in candidate.subjects
        ],
        ignore_conflicts=True,
    )
