"""Give every stored claim and imported fact-check a vector from the installed encoder.

After the matcher model is replaced (a new ``matcher-meta.json`` version), the stored vectors
belong to the old model and its index; the new model searches only vectors it made. This
re-embeds what is missing or stale, in batches, then rebuilds both indexes so workers load them
instead of rebuilding each on its own. Safe to re-run: it skips what is already done, and
leaves an index alone when it wrote nothing of its kind and the index file exists (so it can
run at every start, as ``scripts/run.sh`` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from claims import vector_store
from claims.extraction.vector_index import VectorIndex
from claims.models import Claim, ClaimVector, ExternalFactCheck

BATCH_SIZE = 256


@dataclass
class BackfillCounts:
    """How many vectors were written, per kind, and for which encoder."""

    model: str
    claims: int = 0
    external: int = 0
    rebuilt: list[str] = field(default_factory=list)


def vectors_backfill(*, batch_size: int = BATCH_SIZE) -> BackfillCounts:
    """Embed the claims and fact-checks whose vector is missing or from another model.

    Raises FileNotFoundError when the encoder is not installed.
    """
    encoder = vector_store.encoder()
    counts = BackfillCounts(model=encoder.name)
    stale_claims = Claim.objects.exclude(vector__model=encoder.name).order_by("pk")
    last = 0
    while batch := list(stale_claims.filter(pk__gt=last).only("pk", "text")[:batch_size]):
        vectors = encoder.encode([claim.text for claim in batch])
        ClaimVector.objects.bulk_create(
            [
                ClaimVector(claim=claim, model=encoder.name, vector=vector_store.to_bytes(v))
                for claim, v in zip(batch, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["claim"],
            update_fields=["model", "vector"],
        )
        counts.claims += len(batch)
        last = batch[-1].pk
    stale_checks = ExternalFactCheck.objects.exclude(model=encoder.name, vector__isnull=False)
    last = 0
    while batch_checks := list(
        stale_checks.filter(pk__gt=last).order_by("pk").only("pk", "claim_text")[:batch_size]
    ):
        vectors = encoder.encode([check.claim_text for check in batch_checks])
        for check, vector in zip(batch_checks, vectors, strict=True):
            check.model = encoder.name
            check.vector = vector_store.to_bytes(np.asarray(vector))
        ExternalFactCheck.objects.bulk_update(batch_checks, ["model", "vector"])
        counts.external += len(batch_checks)
        last = batch_checks[-1].pk
    for kind in ("claims", "external"):
        path = vector_store.index_path(kind=kind, model=encoder.name)
        if getattr(counts, kind) or not VectorIndex.saved(path):
            vector_store.index_rebuild(kind=kind, model=encoder.name)
            counts.rebuilt.append(kind)
    return counts
