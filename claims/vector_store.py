"""Claim and fact-check vectors: stored in the database, searched through a per-process index.

The database rows (``ClaimVector``, ``ExternalFactCheck.vector``) are the truth. The index
(``claims.extraction.vector_index``) is a cache kept in memory and in a file under
``VAR_DIR/matcher/`` named after the encoder, so a new process loads it instead of reading
every vector. Before each search the index catches up with rows stored since (a cheap query on
the primary key); a file whose count disagrees with the database is rebuilt from the rows.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from django.conf import settings
from django.db.models import Max, QuerySet

from claims.extraction.rerank import default_idf
from claims.extraction.sentence_encoder import Encoder, default_encoder
from claims.extraction.vector_index import VectorIndex
from claims.models import Claim, ClaimVector, ExternalFactCheck

logger = logging.getLogger(__name__)

IndexKind = Literal["claims", "external"]
# Rows committed out of id order (two workers) are found by re-reading this many recent ids.
CATCH_UP_WINDOW = 1000

_indexes: dict[tuple[IndexKind, str], VectorIndex] = {}
_lock = threading.Lock()


def encoder() -> Encoder:
    """Return the process's sentence encoder (loaded once).

    Raises FileNotFoundError when the encoder or the idf table its match scores need
    (``claims.extraction.rerank``) is not installed: semantic matching is then off.
    """
    default_idf()
    return default_encoder(settings.MATCHER_ENCODER)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Return the unit vectors of ``texts`` in one batched call."""
    return encoder().encode(list(texts))


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.float32)


def claim_vectors_store(*, claims: Sequence[Claim], vectors: np.ndarray, model: str) -> None:
    """Store one vector per claim (the index picks them up on its next search)."""
    ClaimVector.objects.bulk_create(
        [
            ClaimVector(claim=claim, model=model, vector=to_bytes(vector))
            for claim, vector in zip(claims, vectors, strict=True)
        ],
        ignore_conflicts=True,
    )


def _rows(kind: IndexKind, model: str) -> QuerySet[ClaimVector] | QuerySet[ExternalFactCheck]:
    if kind == "claims":
        return ClaimVector.objects.filter(model=model)
    return ExternalFactCheck.objects.filter(model=model, vector__isnull=False)


def _key_field(kind: IndexKind) -> str:
    return "claim_id" if kind == "claims" else "id"


def index_path(*, kind: IndexKind, model: str) -> Path:
    """Return the index file of ``kind`` for encoder ``model``."""
    return Path(settings.VAR_DIR) / "matcher" / f"{kind}-{model}.usearch"


def _read(kind: IndexKind, model: str, keys: Iterable[int] | None = None) -> VectorIndex:
    rows = _rows(kind, model)
    key = _key_field(kind)
    index = VectorIndex(dimensions=encoder().dimensions)
    if keys is not None:
        rows = rows.filter(**{f"{key}__in": list(keys)})
        index.exact_limit = 2**62  # rows to add to another index: keep them as plain vectors
    chunk_keys: list[int] = []
    chunk_vectors: list[np.ndarray] = []
    for pk, raw in rows.order_by(key).values_list(key, "vector").iterator(chunk_size=5000):
        chunk_keys.append(pk)
        chunk_vectors.append(from_bytes(raw))
        if len(chunk_keys) >= 50_000:
            index.add(np.array(chunk_keys), np.stack(chunk_vectors))
            chunk_keys, chunk_vectors = [], []
    if chunk_keys:
        index.add(np.array(chunk_keys), np.stack(chunk_vectors))
    return index


def index_rebuild(*, kind: IndexKind, model: str) -> VectorIndex:
    """Rebuild the index of ``kind`` from the stored vectors and save it; return it."""
    index = _read(kind, model)
    path = index_path(kind=kind, model=model)
    index.save(path, stamp={"model": model})
    # Search the saved file memory-mapped, as every other process will: the page cache holds
    # one copy of a large graph for all of them, instead of one per process.
    loaded = VectorIndex.load(path) if index.ann is not None else None
    if loaded is not None:
        index = loaded[0]
    with _lock:
        _indexes[(kind, model)] = index
    return index


def forget_loaded_indexes() -> None:
    """Drop the in-memory indexes (tests: as a new process would start)."""
    with _lock:
        _indexes.clear()


def vector_index(*, kind: IndexKind, model: str, catch_up: bool = True) -> VectorIndex:
    """Return the index of ``kind`` for ``model``, up to date with the stored vectors.

    ``catch_up=False`` only loads it (or rebuilds it): its next search catches up.
    """
    with _lock:
        index = _indexes.get((kind, model))
    if index is None:
        loaded = VectorIndex.load(index_path(kind=kind, model=model))
        if loaded is not None and loaded[1].get("count") == _rows(kind, model).count():
            index = loaded[0]
        else:
            logger.info("rebuilding the %s vector index for %s", kind, model)
            return index_rebuild(kind=kind, model=model)
        with _lock:
            _indexes[(kind, model)] = index
    if catch_up:
        _catch_up(index, kind, model)
    return index


def _catch_up(index: VectorIndex, kind: IndexKind, model: str) -> None:
    key = _key_field(kind)
    newest = _rows(kind, model).aggregate(newest=Max(key))["newest"] or 0
    if newest <= index.max_key:
        return
    recent = set(
        _rows(kind, model)
        .filter(**{f"{key}__gt": index.max_key - CATCH_UP_WINDOW})
        .values_list(key, flat=True)
    )
    tail = index.keys[index.keys > index.max_key - CATCH_UP_WINDOW]
    missing = recent - set(tail.tolist())
    if missing:
        fresh = _read(kind, model, keys=missing)
        index.add(fresh.keys, fresh.vectors if fresh.vectors is not None else np.zeros((0,)))
