"""Importing other publishers' fact-checks, embedded and matched like our own claims.

They are stored apart (``ExternalFactCheck``) and never published as ours: nothing in
``reviews`` reads them; the claim API and page show them as "already checked by <publisher>".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from claims import matching, vector_store
from claims.extraction.claimreview_records import ExternalReview, Skipped
from claims.extraction.rerank import RERANK_CANDIDATES, default_idf, rerank
from claims.models import Claim, ClaimLink, ExternalFactCheck, LinkKind

BATCH = 256


@dataclass
class ImportCounts:
    """What an import did: every record is counted once."""

    imported: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    linked_claims: int = 0


def external_checks_import(*, records: Iterable[ExternalReview | Skipped]) -> ImportCounts:
    """Store the new fact-checks (by URL), embed them, and link the stored claims they check."""
    counts = ImportCounts()
    batch: list[ExternalReview] = []
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Skipped):
            counts.skipped.append(record)
            continue
        if record.url in seen:
            counts.duplicates += 1
            continue
        seen.add(record.url)
        batch.append(record)
        if len(batch) >= BATCH:
            _store(batch, counts)
            batch = []
    if batch:
        _store(batch, counts)
    return counts


def _store(batch: list[ExternalReview], counts: ImportCounts) -> None:
    known = set(
        ExternalFactCheck.objects.filter(url__in=[r.url for r in batch]).values_list(
            "url", flat=True
        )
    )
    fresh = [r for r in batch if r.url not in known]
    counts.duplicates += len(batch) - len(fresh)
    if not fresh:
        return
    vectors = None
    model = ""
    if settings.SEMANTIC_MATCHING:
        try:
            encoder = vector_store.encoder()
        except FileNotFoundError:
            encoder = None
        if encoder is not None:
            vectors = encoder.encode([r.claim_text for r in fresh])
            model = encoder.name
    with transaction.atomic():
        rows = ExternalFactCheck.objects.bulk_create(
            [
                ExternalFactCheck(
                    url=r.url,
                    publisher=r.publisher,
                    publisher_site=r.publisher_site,
                    claim_text=r.claim_text,
                    claimant=r.claimant,
                    rating_text=r.rating_text,
                    review_date=r.review_date,
                    language=r.language,
                    source=r.source,
                    model=model,
                    vector=vector_store.to_bytes(vectors[i]) if vectors is not None else None,
                )
                for i, r in enumerate(fresh)
            ]
        )
        counts.imported += len(rows)
        if vectors is None:
            return
        index = vector_store.vector_index(kind="claims", model=model)
        found = [index.search(vector, RERANK_CANDIDATES) for vector in vectors]
        # Keys of claims deleted since the index was loaded would break the foreign key.
        texts = dict(
            Claim.objects.filter(pk__in={key for pairs in found for key, _ in pairs}).values_list(
                "pk", "text"
            )
        )
        links = [
            ClaimLink(
                claim_id=key,
                kind=LinkKind.EXTERNAL_CHECK,
                external=row,
                model=model,
                score=round(score, 4),
            )
            for row, pairs in zip(rows, found, strict=True)
            for key, score in rerank(
                row.claim_text,
                [(key, cosine, texts[key]) for key, cosine in pairs if key in texts],
                default_idf(),
            )[:10]
            if score >= matching.thresholds().external_check
        ]
        made = ClaimLink.objects.bulk_create(links, ignore_conflicts=True)
        counts.linked_claims += len(made)
