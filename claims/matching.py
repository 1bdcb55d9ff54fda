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
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Case, F, Model, Q, Value, When
from django.utils import timezone

from claims.extraction import CandidateClaim, Number
from claims.extraction import matching as keys
from claims.extraction.rerank import RERANK_CANDIDATES, default_idf, rerank
from claims.matching_reads import (
    Sharing,
    claims_by_id,
    claims_rejected,
    claims_sharing_keys,
    postgresql,
)
from claims.models import (
    Claim,
    ClaimCluster,
    ClaimConflict,
    ClaimLink,
    ClaimMatchKey,
    ClaimStatus,
    ExternalFactCheck,
    LinkKind,
    MatchKeyKind,
)
from claims.priority import spread

logger = logging.getLogger(__name__)

# Content-word Jaccard similarity from which two claims count as the same statement.
SAME_CLAIM_SIMILARITY = 0.6


@dataclass(frozen=True)
class MatchThresholds:
    """Match scores (``claims.extraction.rerank``: the encoder's cosine re-ranked with TF-IDF)
    from which a claim joins another's cluster (its link is suggested for a reviewer to confirm
    or reject), a link is only suggested, another publisher's fact-check is suggested as
    checking the claim (the CLEF task itself), and two claims with figures are compared as
    being about the same quantity."""

    same_claim: float
    suggest: float
    external_check: float
    conflict: float


# Per encoder (``settings.MATCHER_ENCODER``), chosen on the CLEF splits (docs/matching.md).
# MiniLM: top-1 precision on train reaches its plateau from 0.55 (dev: 0.92 from 0.55). The
# static encoder scores tweets lower: its points give the coverage MiniLM's give on dev at no
# lower precision (same claim: 61 of 197 dev queries at 0.97, against 59 at 0.90), and figures
# are compared from the suggestion point, since news sentences of one story on other subjects
# score up to 0.41.
THRESHOLDS = {
    "minilm": MatchThresholds(same_claim=0.60, suggest=0.55, external_check=0.55, conflict=0.50),
    "static": MatchThresholds(same_claim=0.50, suggest=0.45, external_check=0.45, conflict=0.45),
}


def thresholds() -> MatchThresholds:
    """Return the installed encoder's thresholds."""
    return THRESHOLDS[settings.MATCHER_ENCODER]


# How many semantic neighbours one claim looks at (its key-sharing candidates:
# ``claims.matching_reads.CANDIDATE_LIMIT``).
NEIGHBOURS = 20
# How many of them a claim is linked to as possibly the same claim, at most.
SAME_CLAIM_LINKS = 5
PUBLISHED_STATES = ("published", "corrected")


@dataclass(frozen=True)
class Embedding:
    """A claim's unit vector and the encoder that made it."""

    vector: np.ndarray
    model: str


@dataclass
class _Match:
    """One new claim while its batch is matched: what was found and what was decided."""

    claim: Claim
    candidate: CandidateClaim
    embedding: Embedding | None
    mine: list[Number]
    neighbours: list[tuple[Claim, float]] = field(default_factory=list)
    best: Claim | None = None
    joined_by: tuple[Claim, float] | None = None


def _numbers(raw: list[dict[str, object]]) -> list[Number]:
    fields = set(Number.__dataclass_fields__)
    return [Number(**{k: v for k, v in item.items() if k in fields}) for item in raw]  # type: ignore[arg-type]


# A batch's stored claims' figures by claim id, each read from its row once: one stored claim
# is compared with many of the batch's claims.
Figures = dict[int, list[Number]]


def _figures(other: Claim, known: Figures) -> list[Number]:
    found = known.get(other.pk)
    if found is None:
        found = known[other.pk] = _numbers(other.numbers)
    return found


def rejected_pairs(*, claim: Claim) -> set[int]:
    """Return the ids of the claims a reviewer said are not the same claim as ``claim``."""
    return claims_rejected(claims=[claim]).get(claim.pk, set())


def claim_match(
    *,
    claim: Claim,
    candidate: CandidateClaim,
    embedding: Embedding | None = None,
    spread_later: list[Claim] | None = None,
) -> None:
    """Match one stored claim (``claims_match`` with a batch of one, rejected pairs read)."""
    claims_match(
        claims=[claim],
        candidates=[candidate],
        embeddings=[embedding],
        spread_later=spread_later,
        created_now=False,
    )


def claims_match(
    *,
    claims: Sequence[Claim],
    candidates: Sequence[CandidateClaim],
    embeddings: Sequence[Embedding | None],
    spread_later: list[Claim] | None = None,
    created_now: bool = True,
) -> None:
    """Cluster new claims with their repeats, flag prior fact-checks and conflicting figures.

    ``claims`` are one article's. Call inside the transaction that stores them, before storing
    their vectors: claims of one article are never matched with each other (their keys are
    stored first, but the key-sharing read leaves out the claim's own article). Every claim
    ends up in a cluster (alone, until a repeat arrives); a repeat of a published claim points
    at it (``previously_checked``). A claim that joined a cluster raises the priority of the
    claims waiting in it, at once or, with ``spread_later``, when the caller passes that list
    to ``claims_priority_spread`` at the end of its transaction. The article costs at most a
    fixed number of queries: each claim is matched by meaning first, on its neighbours' rows,
    and only the claims left unmatched look for near-verbatim repeats through their signature
    keys (every claim's subject keys are read, for conflicting figures); rows are read once.
    ``created_now`` says the claims were created in this transaction, so no reviewer can have
    rejected a pair with them yet.
    """
    if not claims:
        return
    _match_keys_store(claims=claims, candidates=candidates)
    rejected = {} if created_now else claims_rejected(claims=claims)
    found = _semantic_search(claims=claims, embeddings=embeddings)
    clusters: dict[int, ClaimCluster] = {}
    rows = claims_by_id([pk for cosines in found for pk in cosines], clusters=clusters)
    matches = []
    figures: Figures = {}
    for claim, candidate, embedding, cosines in zip(
        claims, candidates, embeddings, found, strict=True
    ):
        match = _Match(claim, candidate, embedding, _numbers(claim.numbers))
        banned = rejected.get(claim.pk, set())
        others = [
            rows[pk]
            for pk in cosines
            if pk in rows and pk not in banned and rows[pk].article_id != claim.article_id
        ]
        match.neighbours = _reranked(claim=claim, others=others, cosines=cosines)
        _choose_by_meaning(match, figures=figures)
        matches.append(match)
    # Lexical repeats only for the claims no neighbour matched; subjects for every claim.
    sharing = claims_sharing_keys(
        claims=claims, signatures_of=[m.claim.pk for m in matches if m.best is None]
    )
    wanted = {other for pairs in sharing.values() for other, _ in pairs}
    rows |= claims_by_id(wanted - rows.keys(), clusters=clusters)
    for match in matches:
        if match.best is None:
            banned = rejected.get(match.claim.pk, set())
            _choose_by_words(match, sharing=sharing, rows=rows, banned=banned, figures=figures)
    _clusters_assign(matches)
    joined = [m.claim for m in matches if m.best is not None]
    if spread_later is None:
        claims_priority_spread(joined)
    else:
        spread_later.extend(joined)
    links = [
        link
        for m in matches
        if m.embedding is not None
        for link in _same_claim_links(m, figures=figures)
    ]
    ClaimLink.objects.bulk_create(links + _external_links(matches), ignore_conflicts=True)
    _conflicts_store(
        [c for m in matches for c in _conflicts(m, sharing=sharing, rows=rows, figures=figures)]
    )


def _match_keys_store(*, claims: Sequence[Claim], candidates: Sequence[CandidateClaim]) -> None:
    """Insert the claims' match keys (an article has some 400) in one statement."""
    _rows_insert(
        ClaimMatchKey,
        [("claim_id", "bigint"), ("kind", "varchar"), ("key", "varchar")],
        [
            (claim.pk, kind, key)
            for claim, candidate in zip(claims, candidates, strict=True)
            for kind, values in (
                (MatchKeyKind.SIGNATURE, candidate.signature),
                (MatchKeyKind.SUBJECT, candidate.subjects),
            )
            for key in values
        ],
    )


def _rows_insert(
    model: type[Model],
    columns: Sequence[tuple[str, str]],
    rows: Sequence[tuple[object, ...]],
    **constants: object,
) -> None:
    """Insert ``rows`` (values of ``columns``: name, PostgreSQL type), skipping those stored.

    What ``bulk_create(ignore_conflicts=True)`` sends, without a model instance per row: one
    array per column, unnested (an article writes hundreds of keys and conflicts). Every row
    also gets ``constants``. SQLite, with no arrays, takes ``bulk_create``.
    """
    if not rows:
        return
    names = [name for name, _ in columns]
    if not postgresql():
        model._default_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True)), **constants) for row in rows],
            ignore_conflicts=True,
        )
        return
    arrays = ", ".join(f"%s::{kind}[]" for _, kind in columns)
    extra = "".join(f", {name}" for name in constants)
    values = "".join(", %s" for _ in constants)
    # The constants' placeholders come first in the statement, then one array per column.
    params: list[Any] = [*constants.values()]
    params += [list(column) for column in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {model._meta.db_table} ({", ".join(names)}{extra})
            SELECT *{values} FROM UNNEST({arrays})
            ON CONFLICT DO NOTHING
            """,  # noqa: S608 (only names, types and placeholders are formatted in)
            params,
        )


def _semantic_search(
    *, claims: Sequence[Claim], embeddings: Sequence[Embedding | None]
) -> list[dict[int, float]]:
    """Return each claim's nearest stored claims (id to cosine), one index catch-up per batch."""
    found = _nearest("claims", embeddings, RERANK_CANDIDATES + 1)
    return [
        {key: score for key, score in hits if key != claim.pk}
        for claim, hits in zip(claims, found, strict=True)
    ]


def _nearest(
    kind: Literal["claims", "external"], embeddings: Sequence[Embedding | None], count: int
) -> list[list[tuple[int, float]]]:
    """Each embedding's ``count`` nearest in its model's ``kind`` index (none for None): one
    search of many vectors per model."""
    from claims.vector_store import vector_index

    found: list[list[tuple[int, float]]] = [[] for _ in embeddings]
    for model in {e.model for e in embeddings if e is not None}:
        mine = [(i, e) for i, e in enumerate(embeddings) if e is not None and e.model == model]
        vectors = np.stack([e.vector for _, e in mine])
        hits = vector_index(kind=kind, model=model).search_many(vectors, count)
        for (i, _), nearest in zip(mine, hits, strict=True):
            found[i] = nearest
    return found


def _reranked(
    *, claim: Claim, others: list[Claim], cosines: dict[int, float]
) -> list[tuple[Claim, float]]:
    by_id = {other.pk: other for other in others}
    ranked = rerank(
        claim.text, [(pk, cosines[pk], other.text) for pk, other in by_id.items()], default_idf()
    )
    return [(by_id[pk], score) for pk, score in ranked[:NEIGHBOURS]]


def _choose_by_meaning(match: _Match, *, figures: Figures) -> None:
    """Take the best neighbour scoring as the same claim, unless its figures differ."""
    for other, score in match.neighbours:
        # Same words, different figure: a conflict to show, not the same claim.
        if score >= thresholds().same_claim and not keys.figures_conflict(
            match.mine, _figures(other, figures)
        ):
            match.best, match.joined_by = other, (other, score)
            return


def _choose_by_words(
    match: _Match, *, sharing: Sharing, rows: dict[int, Claim], banned: set[int], figures: Figures
) -> None:
    """Take the most similar claim sharing a signature key (near-verbatim), figures agreeing."""
    if not match.candidate.signature:
        return
    best_score = SAME_CLAIM_SIMILARITY
    for other_id, _ in sharing.get((match.claim.pk, MatchKeyKind.SIGNATURE), []):
        other = rows[other_id]
        score = keys.similarity(match.claim.text, other.text)
        if (
            score >= best_score
            and other.pk not in banned
            and not keys.figures_conflict(match.mine, _figures(other, figures))
        ):
            match.best, best_score = other, score


def _clusters_assign(matches: list[_Match]) -> None:
    """Put each claim in its best match's cluster or a new one; store clusters and claims.

    In claim order, on shared rows: a stored claim with no cluster that an earlier claim of
    the batch took into a new cluster is in that cluster for the later ones too.
    """
    created: list[ClaimCluster] = []
    moved: list[Claim] = []
    for match in matches:
        claim, best = match.claim, match.best
        if best is not None and best.cluster is not None:
            claim.cluster = best.cluster
            continue
        claim.cluster = ClaimCluster(text=claim.text)
        created.append(claim.cluster)
        if best is not None:
            best.cluster = claim.cluster
            moved.append(best)
    ClaimCluster.objects.bulk_create(created)
    for match in matches:
        match.claim.cluster = match.claim.cluster  # the new clusters' ids, now they have one
    for other in moved:
        other.cluster = other.cluster
        Claim.objects.filter(pk=other.pk).update(cluster=other.cluster)
    joined = {m.claim.cluster_id for m in matches if m.best is not None}
    first_published: dict[int, int] = {}
    for cluster_id, pk in (
        Claim.objects.filter(cluster_id__in=joined, status__in=PUBLISHED_STATES)
        .order_by("-id")
        .values_list("cluster_id", "id")
        if joined
        else []
    ):
        assert cluster_id is not None
        first_published[cluster_id] = pk  # newest first: the oldest is written last
    now = timezone.now()
    for match in matches:
        if match.best is not None:
            match.claim.previously_checked_id = first_published.get(match.claim.cluster_id or 0)
        match.claim.updated_at = now
    _placements_store([m.claim for m in matches], now=now)


def _placements_store(claims: list[Claim], *, now: datetime) -> None:
    """Write the claims' clusters and prior fact-checks: ``bulk_update``'s one UPDATE, in SQL.

    Django builds a CASE per field and claim for ``bulk_update``, which cost more than the
    query; a VALUES list is the same statement without that work.
    """
    if not postgresql():  # SQLite: no typed VALUES list to join
        for claim in claims:
            claim.updated_at = now
        Claim.objects.bulk_update(claims, ["cluster", "previously_checked", "updated_at"])
        return
    table = Claim._meta.db_table
    values = ", ".join(["(%s::bigint, %s::bigint, %s::bigint)"] * len(claims))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET cluster_id = placed.cluster_id,
                previously_checked_id = placed.previously_checked_id, updated_at = %s
            FROM (VALUES {values}) AS placed (id, cluster_id, previously_checked_id)
            WHERE {table}.id = placed.id
            """,  # noqa: S608 (only the table name and placeholders are formatted in)
            [now, *(v for c in claims for v in (c.pk, c.cluster_id, c.previously_checked_id))],
        )


def claims_priority_spread(claims: list[Claim]) -> None:
    """Spread the priority of the clusters ``claims`` joined, in a fixed number of queries.

    Each claim counts only the members stored before it, as if spread one claim at a time: the
    claim gains the whole spread of its cluster's size up to it, the waiting members stored
    before it the step from one size less. The sizes are read in one query (spreading changes
    no cluster's members). Most repeats leave the members' term where it was (``spread``
    moves in steps); the others' steps are summed per member and written in one UPDATE that
    locks the members in id order first, so two workers whose articles join the same clusters
    take the rows in the same order and never deadlock. The lock is the one an UPDATE of a
    non-key column takes (``FOR NO KEY UPDATE``): another worker's commit checks the foreign
    keys of its new links and conflicts to these claims with ``FOR KEY SHARE``, which
    ``FOR UPDATE`` would block, and two such commits deadlocked. The joining claims' own gain
    is written last, by id: they are this transaction's new rows, or a claim matched again.
    """
    if not claims:
        return
    sizes = _sizes_before(claims)
    steps = []
    for claim in sorted(claims, key=lambda c: (c.cluster_id or 0, c.pk)):
        assert claim.cluster_id is not None
        size = sizes[claim.pk]
        steps.append((claim.cluster_id, claim.pk, spread(size), spread(size) - spread(size - 1)))
    if not postgresql():
        # SQLite (the embedded default, one writer at a time): one UPDATE per joined claim.
        for cluster_id, claim_id, whole, member in steps:
            members = Q(pk__lte=claim_id) if member else Q(pk=claim_id)
            Claim.objects.filter(
                members, cluster_id=cluster_id, status=ClaimStatus.CANDIDATE
            ).update(
                priority=F("priority")
                + Case(When(pk=claim_id, then=Value(whole)), default=Value(member))
            )
        return
    moving = [(cluster_id, claim_id, member) for cluster_id, claim_id, _, member in steps if member]
    table = Claim._meta.db_table
    with connection.cursor() as cursor:
        if moving:
            cursor.execute(
                _members_spread_sql(len(moving)),
                [v for step in moving for v in step]
                + [sorted({step[0] for step in moving}), ClaimStatus.CANDIDATE],
            )
        values = ", ".join(["(%s::bigint, %s::float8)"] * len(steps))
        cursor.execute(
            f"""
            UPDATE {table} SET priority = {table}.priority + gained.whole
            FROM (VALUES {values}) AS gained (id, whole)
            WHERE {table}.id = gained.id AND {table}.status IN (%s)
            """,  # noqa: S608 (only the table name and placeholders are formatted in)
            [v for _, claim_id, whole, _ in steps for v in (claim_id, whole)]
            + [ClaimStatus.CANDIDATE],
        )


def _sizes_before(claims: list[Claim]) -> dict[int, int]:
    """Return, per claim id, how many members its cluster has up to that claim.

    One statement: each cluster's size (counted on the cluster index), and the members stored
    after the batch's oldest claim (a short scan of the newest ids: the batch's own claims, and
    any a concurrent article added). A claim's size is its cluster's, less its members with a
    higher id. A cluster can hold thousands of repeats; counting them once, instead of once
    per claim of the batch, is what keeps the query cheap. Only the table name and placeholders
    are formatted in.
    """
    table = Claim._meta.db_table
    clusters = sorted({c.cluster_id or 0 for c in claims})
    listed = ", ".join(["%s"] * len(clusters))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT cluster_id, COUNT(*), TRUE FROM {table} "  # noqa: S608
            f"WHERE cluster_id IN ({listed}) GROUP BY cluster_id "
            f"UNION ALL SELECT cluster_id, id, FALSE FROM {table} "
            f"WHERE id > %s AND cluster_id IN ({listed})",
            [*clusters, min(c.pk for c in claims), *clusters],
        )
        rows = cursor.fetchall()
    size = {cluster: count for cluster, count, whole in rows if whole}
    later: dict[int, list[int]] = defaultdict(list)  # per cluster, the ids after the oldest
    for cluster, pk, whole in rows:
        if not whole:
            later[cluster].append(pk)
    for ids in later.values():
        ids.sort()
    sizes = {}
    for claim in claims:
        after = later.get(claim.cluster_id or 0, [])
        sizes[claim.pk] = size.get(claim.cluster_id, 0) - (
            len(after) - bisect_right(after, claim.pk)
        )
    return sizes


def _members_spread_sql(count: int) -> str:
    table = Claim._meta.db_table
    values = ", ".join(["(%s::bigint, %s::bigint, %s::float8)"] * count)
    # A claim carried by more articles is worth checking sooner: the spread term of the
    # priority grows for every claim waiting in the cluster. Members are never read into
    # Python: a cluster can hold thousands of repeats. They are found through the cluster
    # index (the clusters' ids as an array), never by a scan of every waiting claim. Only the
    # table name and placeholders are formatted in; every value is a parameter.
    return f"""
        WITH step (cluster_id, claim_id, member) AS (VALUES {values}),
        locked AS (
            SELECT m.id, m.cluster_id FROM {table} m
            WHERE m.cluster_id = ANY (%s::bigint[]) AND m.status IN (%s) AND EXISTS (
                SELECT 1 FROM step WHERE step.cluster_id = m.cluster_id AND m.id < step.claim_id
            )
            ORDER BY m.id
            FOR NO KEY UPDATE OF m
        ),
        gained AS (
            SELECT locked.id, SUM(step.member) AS amount
            FROM locked
            JOIN step ON step.cluster_id = locked.cluster_id AND locked.id < step.claim_id
            GROUP BY locked.id
        )
        UPDATE {table} SET priority = {table}.priority + gained.amount
        FROM gained WHERE {table}.id = gained.id
    """  # noqa: S608


def _same_claim_links(match: _Match, *, figures: Figures) -> list[ClaimLink]:
    """The claim's links to the stored claims it may repeat: its best five neighbours above the
    suggestion score, not in its cluster (but the one it joined by) nor giving other figures."""
    claim, joined = match.claim, match.joined_by
    assert match.embedding is not None
    suggest = thresholds().suggest
    links: list[ClaimLink] = []
    for other, score in match.neighbours:  # best first
        if score < suggest:
            break
        if joined is not None and other.cluster_id == claim.cluster_id and other != joined[0]:
            continue
        if keys.figures_conflict(match.mine, _figures(other, figures)):
            continue
        links.append(
            ClaimLink(
                claim=claim,
                kind=LinkKind.SAME_CLAIM,
                other=other,
                model=match.embedding.model,
                score=round(score, 4),
            )
        )
        if len(links) == SAME_CLAIM_LINKS:
            break
    return links


def _external_links(matches: list[_Match]) -> list[ClaimLink]:
    """Return the prior fact-checks of other publishers each claim repeats (one read)."""
    nearest = _nearest("external", [m.embedding for m in matches], RERANK_CANDIDATES)
    found = [
        (match, dict(hits))
        for match, hits in zip(matches, nearest, strict=True)
        if match.embedding is not None
    ]
    wanted = {pk for _, cosines in found for pk in cosines}
    texts = dict(
        ExternalFactCheck.objects.filter(pk__in=wanted).values_list("pk", "claim_text")
        if wanted
        else []
    )
    links = []
    for match, cosines in found:
        assert match.embedding is not None
        candidates = [(pk, cosines[pk], texts[pk]) for pk in cosines if pk in texts]
        ranked = rerank(match.claim.text, candidates, default_idf())
        links += [
            ClaimLink(
                claim=match.claim,
                kind=LinkKind.EXTERNAL_CHECK,
                external_id=key,
                model=match.embedding.model,
                score=round(score, 4),
            )
            for key, score in ranked[:3]
            if score >= thresholds().external_check
        ]
    return links


# A conflict to store: (claim id, other claim id, subject).
Conflict = tuple[int, int, str]
# How many stored claims a new claim is marked as conflicting with, at most: a reviewer reads
# the closest few, not every figure ever given for a subject, and each pair is two rows.
CONFLICTS_PER_CLAIM = 10


def _conflicts_store(conflicts: list[Conflict]) -> None:
    """Insert the conflicts not stored yet, in one statement (an article can conflict with a
    thousand stored claims, each pair stored both ways)."""
    _rows_insert(
        ClaimConflict,
        [("claim_id", "bigint"), ("other_id", "bigint"), ("subject", "varchar")],
        conflicts,
        created_at=timezone.now(),
    )


def _conflicts(
    match: _Match, *, sharing: Sharing, rows: dict[int, Claim], figures: Figures
) -> list[Conflict]:
    claim, subjects = match.claim, match.candidate.subjects
    if not subjects:
        return []
    # Semantic neighbours close enough to be about the same quantity first, best first: they
    # also find figures worded so that no subject key is shared ("Russia has lost 1.2 million
    # men" vs "Russian casualties ..."). Then the newest claims sharing a subject key.
    found: dict[int, tuple[Claim, str]] = {
        other.pk: (other, subjects[0])
        for other, score in match.neighbours
        if score >= thresholds().conflict and other.numbers
    }
    for other_id, subject in sharing.get((claim.pk, MatchKeyKind.SUBJECT), []):
        found.setdefault(other_id, (rows[other_id], subject))
    conflicts: list[Conflict] = []
    for other, subject in found.values():
        if other.cluster_id != claim.cluster_id and keys.figures_conflict(
            match.mine, _figures(other, figures)
        ):
            # Stored both ways, so each claim lists the other as conflicting.
            conflicts += [(claim.pk, other.pk, subject), (other.pk, claim.pk, subject)]
            if len(conflicts) == 2 * CONFLICTS_PER_CLAIM:
                break
    return conflicts
