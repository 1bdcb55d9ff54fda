"""The two reads of a lease cycle that Django's ORM spent most of its time compiling.

A lease-next request looks up the queue's next claim (a join, a deferred article, an exclusion
subquery, ``FOR UPDATE … SKIP LOCKED``) and a release locks the claim it gives back. Profiled,
compiling those querysets was 40% of a lease cycle's CPU: 2.2–2.5 ms each, against 0.65 ms for
the same statement written once here and run through ``Claim.objects.raw``, which still builds
a model instance with every field's converter applied. The SQL is the ORM's own, clause for
clause (same indexes: ``claim_queue_next_idx``, ``claim_queue_overdue_idx``); the article and
the queue come as instances holding only what a lease's answer shows (id and title; id and
slug), the rest deferred and read only if something asks.

Table and column names come from the models; on SQLite, which has no row locks, the locking
clause is left out as Django's ``select_for_update`` leaves it out there (its transactions take
the write lock at BEGIN instead, see settings).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection

from claims.models import Article, Claim, ClaimStatus, Event, EventAction, Queue


def _locks() -> bool:
    return bool(connection.features.has_select_for_update_skip_locked)


def _name(identifier: str) -> str:
    return str(connection.ops.quote_name(identifier))


@cache
def _claim_select(vendor: str) -> str:
    """``SELECT`` every claim column, the article's title and the queue's slug, from the join."""
    columns = ", ".join(f"c.{_name(f.column)}" for f in Claim._meta.concrete_fields if f.column)
    return (
        f"SELECT {columns}, a.{_name('title')} AS lease_article_title, "  # noqa: S608
        f"q.{_name('slug')} AS lease_queue_slug "
        f"FROM {_name(Claim._meta.db_table)} c "
        f"JOIN {_name(Article._meta.db_table)} a ON a.{_name('id')} = c.{_name('article_id')} "
        f"JOIN {_name(Queue._meta.db_table)} q ON q.{_name('id')} = c.{_name('queue_id')} "
    )


@cache
def _next_sql(vendor: str, *, overdue: bool) -> str:
    event = _name(Event._meta.db_table)
    due, pk = f"c.{_name('due_at')}", f"c.{_name('id')}"
    where = (
        f"WHERE c.{_name('queue_id')} = %s AND c.{_name('status')} = %s "  # noqa: S608
        f"AND NOT ({pk} IN (SELECT e.{_name('claim_id')} FROM {event} e "
        f"WHERE e.{_name('action')} = %s AND e.{_name('actor_id')} = %s)) "
    )
    if overdue:
        where += f"AND {due} IS NOT NULL AND {due} < %s ORDER BY {due} ASC, {pk} ASC "
    else:
        where += f"ORDER BY c.{_name('priority')} DESC, {pk} ASC "
    lock = "FOR UPDATE OF c SKIP LOCKED" if _locks() else ""
    return _claim_select(vendor) + where + "LIMIT 1 " + lock


@cache
def _locked_sql(vendor: str) -> str:
    lock = "FOR UPDATE OF c" if _locks() else ""
    return _claim_select(vendor) + f"WHERE c.{_name('id')} = %s " + lock


def _shown(claim: Claim) -> Claim:
    """Attach the article and the queue the row carried, holding only what the answer shows."""
    alias = claim._state.db or "default"
    claim.article = Article.from_db(
        alias,
        ["id", "title"],
        [claim.article_id, claim.lease_article_title],  # type: ignore[attr-defined]
    )
    claim.queue = Queue.from_db(
        alias,
        ["id", "slug"],
        [claim.queue_id, claim.lease_queue_slug],  # type: ignore[attr-defined]
    )
    return claim


def next_claim_sql(*, overdue: bool) -> str:
    """The lookup ``next_claim_lock`` runs (for EXPLAIN in the benchmark)."""
    return _next_sql(connection.vendor, overdue=overdue)


@cache
def _expired_sql(vendor: str) -> str:
    status, expires = _name("status"), _name("lease_expires_at")
    return (
        f"SELECT 1 FROM {_name(Claim._meta.db_table)} "  # noqa: S608
        f"WHERE {_name('queue_id')} = %s AND {status} = %s AND {expires} < %s LIMIT 1"
    )


def expired_lease_exists(*, queue: Queue, now: datetime) -> bool:
    """Whether a lease in ``queue`` ran out before ``now`` (``claim_lease_expiry_idx``).

    Lease-next asks this before every lease, and the answer is almost always no: written out,
    the question costs a tenth of compiling the queryset that returns expired claims.
    """
    with connection.cursor() as cursor:
        cursor.execute(_expired_sql(connection.vendor), [queue.pk, ClaimStatus.IN_REVIEW, now])
        return cursor.fetchone() is not None


def next_claim_params(*, queue: Queue, reviewer_id: int, now: datetime, overdue: bool) -> list[Any]:
    params: list[Any] = [
        queue.pk,
        ClaimStatus.CANDIDATE.value,
        EventAction.CLAIM_SKIPPED.value,
        reviewer_id,
    ]
    return [*params, now] if overdue else params


def next_claim_lock(
    *, queue: Queue, reviewer_id: int, now: datetime, overdue: bool
) -> Claim | None:
    """Lock and return the queue's next free claim not skipped by the reviewer, or None.

    ``overdue``: among claims past their deadline, most overdue first; otherwise highest
    priority first. Rows other transactions hold are skipped. Call inside a transaction.
    """
    params = next_claim_params(queue=queue, reviewer_id=reviewer_id, now=now, overdue=overdue)
    found = list(Claim.objects.raw(next_claim_sql(overdue=overdue), params))
    return _shown(found[0]) if found else None


def claim_lock(pk: int) -> Claim:
    """Lock and return claim ``pk`` (``Claim.DoesNotExist`` if there is none)."""
    found = list(Claim.objects.raw(_locked_sql(connection.vendor), [pk]))
    if not found:
        raise Claim.DoesNotExist(f"Claim {pk} does not exist.")
    return _shown(found[0])
