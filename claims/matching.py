"""Join each new claim to the claims already stored: clusters, prior fact-checks, conflicts.

Two sources of candidates: the semantic neighbours of the claim's sentence embedding (the
vector index of ``claims.vector_store``), which find repeats in other words, and the indexed
lexical keys (``ClaimMatchKey``: MinHash bands and quantity subjects), which still find
near-verbatim repeats when no encoder is installed. The pure comparison logic lives in
``claims.extraction.matching``; thresholds are in docs/matching.md with how they were chosen.

Every semantic match is stored as a ``ClaimLink`` (model, score, suggested/confirmed/rejected)
that a reviewer confirms or rejects (``claims.links``); a rejected pair is never suggested again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Case, F, Q, QuerySet, Value, When

from claims.extraction import CandidateClaim, Number
from claims.extraction import matching as keys
from claims.extraction.rerank import RERANK_CANDIDATES, default_idf, rerank
from claims.models import (
    Claim,
    ClaimCluster,
    ClaimConflict,
    ClaimLink,
    ClaimMatchKey,
    ClaimStatus,
    ExternalFactCheck,
    LinkKind,
    LinkStatus,
    MatchKeyKind,
)
from claims.priority import spread

logger = logging.getLogger(__name__)

# Content-word Jaccard similarity from which two claims count as the same statement.
SAME_CLAIM_SIMILARITY = 0.6
# Match scores (``claims.extraction.rerank``: cosine of the fine-tuned embeddings re-ranked with
# TF-IDF) from which a claim joins another's cluster (the link is suggested for a reviewer to
# confirm or reject), and from which a link is only suggested. Chosen on the train split
# (docs/matching.md): top-1 precision reaches its plateau from 0.55 (0.855 with the previous
# encoder; the current one has learnt train, 0.98 at every point). On dev: 0.92 from 0.55.
SAME_CLAIM_SCORE = 0.60
SUGGEST_SCORE = 0.55
# Score from which another publisher's fact-check is suggested as checking this claim: the
# CLEF task itself (a claim against fact-checked claims), so the same point as SUGGEST_SCORE.
EXTERNAL_CHECK_SCORE = 0.55
# Score from which two claims with figures are compared as being about the same quantity.
CONFLICT_SCORE = 0.50
# How many semantic neighbours and key-sharing candidates one claim looks at.
NEIGHBOURS = 20
CANDIDATE_LIMIT = 50
PUBLISHED_STATES = ("published", "corrected")


@dataclass(frozen=True)
class Embedding:
    """A claim's unit vector and the encoder that made it."""

    vector: np.ndarray
    model: str


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


def rejected_pairs(*, claim: Claim) -> set[int]:
    """Return the ids of the claims a reviewer said are not the same claim as ``claim``."""
    rows = ClaimLink.objects.filter(
        Q(claim=claim) | Q(other=claim), status=LinkStatus.REJECTED, kind=LinkKind.SAME_CLAIM
    ).values_list("claim_id", "other_id")
    return {b if a == claim.pk else a for a, b in rows if a is not None and b is not None}


def _semantic_neighbours(*, claim: Claim, embedding: Embedding | None) -> list[tuple[Claim, float]]:
    if embedding is None:
        return []
    from claims.vector_store import vector_index

    found = vector_index(kind="claims", model=embedding.model).search(
        embedding.vector, RERANK_CANDIDATES + 1
    )
    cosines = {key: score for key, score in found if key != claim.pk}
    rejected = rejected_pairs(claim=claim)
    others = {
        other.pk: other
        for other in Claim.objects.filter(pk__in=[k for k in cosines if k not in rejected])
        .exclude(article_id=claim.article_id)
        .select_related("cluster")
    }
    ranked = rerank(
        claim.text, [(pk, cosines[pk], other.text) for pk, other in others.items()], default_idf()
    )
    return [(others[pk], score) for pk, score in ranked[:NEIGHBOURS]]


def claim_match(
    *,
    claim: Claim,
    candidate: CandidateClaim,
    embedding: Embedding | None = None,
    spread_later: list[Claim] | None = None,
) -> None:
    """Cluster ``claim`` with its repeats, flag prior fact-checks and conflicting figures.

    Call inside the transaction that stores the claim, after storing its vector (if any).
    Every claim ends up in a cluster (alone, until a repeat arrives); a repeat of a published
    claim points at it (``previously_checked``). A claim that joined a cluster raises the
    priority of the claims waiting in it, at once or, with ``spread_later``, when the caller
    passes that list to ``claims_priority_spread`` at the end of its transaction.
    """
    mine = _numbers(claim.numbers)
    neighbours = _semantic_neighbours(claim=claim, embedding=embedding)
    best: Claim | None = None
    best_score = 0.0
    joined_by: tuple[Claim, float] | None = None
    for other, score in neighbours:
        # Same words, different figure: a conflict to show, not the same claim.
        if score >= SAME_CLAIM_SCORE and not keys.figures_conflict(mine, _numbers(other.numbers)):
            best, best_score, joined_by = other, score, (other, score)
            break
    if best is None and candidate.signature:
        best_score = SAME_CLAIM_SIMILARITY
        rejected = rejected_pairs(claim=claim)
        for other in _claims_sharing(
            claim=claim, kind=MatchKeyKind.SIGNATURE, values=candidate.signature
        ).select_related("cluster"):
            score = keys.similarity(claim.text, other.text)
            if score >= best_score and other.pk not in rejected:
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
        if spread_later is None:
            _spread_priority(claim)
        else:
            spread_later.append(claim)

    if embedding is not None:
        _suggest_links(claim=claim, neighbours=neighbours, embedding=embedding, joined=joined_by)
        _suggest_external_checks(claim=claim, embedding=embedding)
    _flag_conflicts(claim=claim, candidate=candidate, mine=mine, neighbours=neighbours)

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


def claims_priority_spread(claims: list[Claim]) -> None:
    """Spread the priority of the clusters ``claims`` joined, in cluster order.

    Two workers storing articles whose claims join the same clusters update the same rows;
    taking the clusters in the same order (not in each article's order) keeps them from
    deadlocking. Each claim counts only the members stored before it, as if spread at once.
    """
    for claim in sorted(claims, key=lambda c: (c.cluster_id or 0, c.pk)):
        _spread_priority(claim)


def _spread_priority(claim: Claim) -> None:
    # A claim carried by more articles is worth checking sooner: the spread term of the
    # priority grows for every claim waiting in the cluster.
    # One UPDATE, not a refresh per member: a cluster can hold thousands of repeats.
    assert claim.cluster is not None
    before = claim.cluster.claims.filter(pk__lte=claim.pk)
    size = before.count()
    # The new claim was placed as if alone (spread 0): it gets the whole spread, the members
    # stored before it the step from size - 1 to size.
    before.filter(status=ClaimStatus.CANDIDATE).update(
        priority=F("priority")
        + Case(
            When(pk=claim.pk, then=Value(spread(size))),
            default=Value(spread(size) - spread(size - 1)),
        )
    )


def _suggest_links(
    *,
    claim: Claim,
    neighbours: list[tuple[Claim, float]],
    embedding: Embedding,
    joined: tuple[Claim, float] | None,
) -> None:
    mine = _numbers(claim.numbers)
    links = [
        ClaimLink(
            claim=claim,
            kind=LinkKind.SAME_CLAIM,
            other=other,
            model=embedding.model,
            score=round(score, 4),
        )
        for other, score in neighbours
        if score >= SUGGEST_SCORE
        and (joined is None or other.cluster_id != claim.cluster_id or other == joined[0])
        and not keys.figures_conflict(mine, _numbers(other.numbers))
    ]
    ClaimLink.objects.bulk_create(links[:5], ignore_conflicts=True)


def _suggest_external_checks(*, claim: Claim, embedding: Embedding) -> None:
    from claims.vector_store import vector_index

    found = vector_index(kind="external", model=embedding.model).search(
        embedding.vector, RERANK_CANDIDATES
    )
    cosines = dict(found)
    texts = ExternalFactCheck.objects.filter(pk__in=cosines).values_list("pk", "claim_text")
    ranked = rerank(claim.text, [(pk, cosines[pk], text) for pk, text in texts], default_idf())
    ClaimLink.objects.bulk_create(
        [
            ClaimLink(
                claim=claim,
                kind=LinkKind.EXTERNAL_CHECK,
                external_id=key,
                model=embedding.model,
                score=round(score, 4),
            )
            for key, score in ranked[:3]
            if score >= EXTERNAL_CHECK_SCORE
        ],
        ignore_conflicts=True,
    )


def _flag_conflicts(
    *,
    claim: Claim,
    candidate: CandidateClaim,
    mine: list[Number],
    neighbours: list[tuple[Claim, float]],
) -> None:
    if not candidate.subjects:
        return
    others = list(
        _claims_sharing(claim=claim, kind=MatchKeyKind.SUBJECT, values=candidate.subjects)
    )
    # The subjects each candidate shares, in one query for all of them (not one per candidate:
    # a common subject brings up to CANDIDATE_LIMIT candidates for every new claim).
    shared: dict[int, set[str]] = defaultdict(set)
    for other_id, key in ClaimMatchKey.objects.filter(
        claim__in=[o.pk for o in others], kind=MatchKeyKind.SUBJECT, key__in=candidate.subjects
    ).values_list("claim_id", "key"):
        shared[other_id].add(key)
    found: dict[int, tuple[Claim, str]] = {
        other.pk: (other, min(shared[other.pk])) for other in others if shared[other.pk]
    }
    # Semantic neighbours close enough to be about the same quantity, though worded so that no
    # subject key is shared ("Russia has lost 1.2 million men" vs "Russian casualties ...").
    for other, score in neighbours:
        if score >= CONFLICT_SCORE and other.pk not in found and other.numbers:
            found[other.pk] = (other, candidate.subjects[0])
    conflicts = []
    for other, subject in found.values():
        if other.cluster_id != claim.cluster_id and keys.figures_conflict(
            mine, _numbers(other.numbers)
        ):
            # Stored both ways, so each claim lists the other as conflicting.
            conflicts += [
                ClaimConflict(claim=claim, other=other, subject=subject),
                ClaimConflict(claim=other, other=claim, subject=subject),
            ]
    ClaimConflict.objects.bulk_create(conflicts, ignore_conflicts=True)
