"""The reads that matching a batch of new claims needs, a fixed number of queries per batch.

``claims.matching`` matches an article's claims together: these functions read what every
claim of the batch needs at once (key-sharing candidates, rejected pairs, the stored claims
found), instead of the same queries once per claim.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import TypeVar

from django.db import connection
from django.db.models import Model
from django.db.models.base import ModelState

from claims.models import (
    Claim,
    ClaimCluster,
    ClaimLink,
    ClaimMatchKey,
    LinkKind,
    LinkStatus,
    MatchKeyKind,
)

M = TypeVar("M", bound=Model)


def postgresql() -> bool:
    """Whether hand-written PostgreSQL statements apply (else the portable ones: SQLite)."""
    return connection.vendor == "postgresql"


# How many key-sharing candidates one claim looks at, per kind of key (newest first).
CANDIDATE_LIMIT = 20

# One claim's candidates of one kind: (other claim's id, the smallest key they share).
Sharing = dict[tuple[int, str], list[tuple[int, str]]]


def _sharing_sql(count: int, articles: int) -> str:
    keys, claims = ClaimMatchKey._meta.db_table, Claim._meta.db_table
    placeholders = ", ".join(["%s"] * count)
    article_placeholders = ", ".join(["%s"] * articles)
    # Each key gives only its newest CANDIDATE_LIMIT claims of other articles (``o``), so a key
    # that thousands of claims share costs no more than a rare one (an index scan of
    # ``match_key_newest_idx``). Nothing is lost: a claim among a claim's newest
    # CANDIDATE_LIMIT candidates has fewer newer candidates than that, so it is among the
    # newest of every key they share, and the smallest shared key is the smallest of the keys
    # it came through. Grouped first, so a claim sharing several keys with another counts once
    # in the rank. The articles' ids come as values, so their claims are read through the
    # article index whatever the table's statistics say. Only table names and placeholders
    # are formatted in; every value is a parameter.
    return f"""
        WITH own AS MATERIALIZED (
            SELECT article_id, array_agg(id) AS ids FROM {claims}
            WHERE article_id IN ({article_placeholders})
            GROUP BY article_id
        ),
        batch AS MATERIALIZED (
            SELECT c.id, own.ids FROM {claims} c JOIN own ON own.article_id = c.article_id
            WHERE c.id IN ({placeholders})
        )
        SELECT mine, kind, other, shared FROM (
            SELECT m.claim_id AS mine, m.kind AS kind, o.claim_id AS other,
                   MIN(m.key) AS shared,
                   ROW_NUMBER() OVER (
                       PARTITION BY m.claim_id, m.kind ORDER BY o.claim_id DESC
                   ) AS place
            FROM batch
            JOIN {keys} m ON m.claim_id = batch.id
                AND (m.kind <> %s OR m.claim_id = ANY (%s::bigint[]))
            CROSS JOIN LATERAL (
                SELECT o.claim_id FROM {keys} o
                WHERE o.kind = m.kind AND o.key = m.key AND o.claim_id <> ALL (batch.ids)
                ORDER BY o.claim_id DESC
                LIMIT %s
            ) o
            GROUP BY m.claim_id, m.kind, o.claim_id
        ) ranked
        WHERE place <= %s
        ORDER BY mine, kind, other DESC
    """  # noqa: S608


def _sharing_sql_portable(count: int, signed: int) -> str:
    """The same answer without LATERAL or arrays (SQLite, the embedded default): every claim
    sharing a key is joined before the newest are kept, which costs more on common keys."""
    keys, claims = ClaimMatchKey._meta.db_table, Claim._meta.db_table
    placeholders = ", ".join(["%s"] * count)
    signed_placeholders = ", ".join(["%s"] * signed)
    # Grouped first, so a claim sharing several keys with another counts once in the rank.
    # Only table names and placeholders are formatted in; every value is a parameter.
    return f"""
        SELECT mine, kind, other, shared FROM (
            SELECT m.claim_id AS mine, m.kind AS kind, o.claim_id AS other,
                   MIN(o.key) AS shared,
                   ROW_NUMBER() OVER (
                       PARTITION BY m.claim_id, m.kind ORDER BY o.claim_id DESC
                   ) AS place
            FROM {keys} m
            JOIN {keys} o ON o.kind = m.kind AND o.key = m.key
            JOIN {claims} mc ON mc.id = m.claim_id
            JOIN {claims} oc ON oc.id = o.claim_id
            WHERE m.claim_id IN ({placeholders}) AND oc.article_id <> mc.article_id
                AND (m.kind <> %s OR m.claim_id IN ({signed_placeholders}))
            GROUP BY m.claim_id, m.kind, o.claim_id
        ) ranked
        WHERE place <= %s
        ORDER BY mine, kind, other DESC
    """  # noqa: S608


def claims_sharing_keys(
    *, claims: Sequence[Claim], signatures_of: Collection[int] | None = None
) -> Sharing:
    """Return, per (claim id, key kind), the stored claims of other articles sharing a key.

    Up to ``CANDIDATE_LIMIT`` per claim and kind, newest first, each with the smallest key it
    shares. Signature keys only of the claims ``signatures_of`` (ids; all when None): the
    others found their repeat by meaning. One query for the whole batch; it reads the claims'
    own keys, so store them first.
    """
    if not claims:
        return {}
    ids = [c.pk for c in claims]
    signed = ids if signatures_of is None else sorted(signatures_of)
    found: Sharing = defaultdict(list)
    with connection.cursor() as cursor:
        if postgresql():
            articles = sorted({c.article_id for c in claims})
            cursor.execute(
                _sharing_sql(len(ids), len(articles)),
                [*articles, *ids, MatchKeyKind.SIGNATURE, signed, CANDIDATE_LIMIT, CANDIDATE_LIMIT],
            )
        else:
            signed = signed or [0]  # no claim has id 0: an empty list matches nothing
            cursor.execute(
                _sharing_sql_portable(len(ids), len(signed)),
                [*ids, MatchKeyKind.SIGNATURE, *signed, CANDIDATE_LIMIT],
            )
        for mine, kind, other, shared in cursor.fetchall():
            found[(mine, kind)].append((other, shared))
    return found


def claims_rejected(*, claims: Sequence[Claim]) -> dict[int, set[int]]:
    """Return, per claim id, the claims a reviewer said are not the same claim (one query)."""
    ids = [c.pk for c in claims]
    rejected: dict[int, set[int]] = defaultdict(set)
    rows = ClaimLink.objects.filter(status=LinkStatus.REJECTED, kind=LinkKind.SAME_CLAIM).filter(
        claim_id__in=ids
    ) | ClaimLink.objects.filter(
        status=LinkStatus.REJECTED, kind=LinkKind.SAME_CLAIM, other_id__in=ids
    )
    for a, b in rows.values_list("claim_id", "other_id"):
        if a is None or b is None:
            continue
        if a in ids:
            rejected[a].add(b)
        if b in ids:
            rejected[b].add(a)
    return rejected


# What matching reads of a stored claim: an article's neighbours and key-sharing candidates
# are hundreds to thousands of rows. Reading a field left out costs a query per row (Django's
# deferred fields), so matching reads no other.
MATCHED_FIELDS = ("id", "article_id", "text", "numbers", "cluster_id")


def claims_by_id(
    ids: Iterable[int], *, clusters: dict[int, ClaimCluster] | None = None
) -> dict[int, Claim]:
    """Return the stored claims ``ids`` with their clusters (``MATCHED_FIELDS``), in one query.

    The instances are what ``Claim.objects.only(*MATCHED_FIELDS).select_related("cluster")``
    gives (the cluster holds its id only), built from the rows directly: the queryset's
    per-field work cost three times the query for an article's ~1,500 rows. Claims of one
    cluster share its instance, also with those of other reads given the same ``clusters``.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    # One array parameter on PostgreSQL: the driver splits a query at every placeholder, and
    # a thousand of them cost more than the reading. Only names and placeholders are
    # formatted in; every value is a parameter.
    select = f"SELECT {', '.join(MATCHED_FIELDS)} FROM {Claim._meta.db_table}"  # noqa: S608
    with connection.cursor() as cursor:
        if postgresql():
            cursor.execute(f"{select} WHERE id = ANY(%s)", [wanted])
        else:
            cursor.execute(f"{select} WHERE id IN ({', '.join(['%s'] * len(wanted))})", wanted)
        rows = cursor.fetchall()
    clusters = {} if clusters is None else clusters
    found = {}
    alias = connection.alias  # one lookup: the connection proxy's attributes cost a call each
    for pk, article_id, text, raw_numbers, cluster_id in rows:
        claim = _loaded(Claim, alias)
        claim.__dict__.update(
            id=pk,
            article_id=article_id,
            text=text,
            numbers=json.loads(raw_numbers) if isinstance(raw_numbers, str) else raw_numbers,
            cluster_id=cluster_id,
        )
        cluster = clusters.get(cluster_id) if cluster_id is not None else None
        if cluster_id is not None and cluster is None:
            cluster = clusters[cluster_id] = _loaded(ClaimCluster, alias)
            cluster.id = cluster_id
        claim._state.fields_cache["cluster"] = cluster  # one instance per cluster, shared
        found[pk] = claim
    return found


def _loaded(model: type[M], alias: str) -> M:
    """An instance of ``model`` as read from database ``alias``, its fields set by the caller."""
    instance = model.__new__(model)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = alias
    return instance
