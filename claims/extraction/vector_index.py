"""Nearest-neighbour search over unit vectors: exact numpy for small stores, usearch (HNSW) above.

Pure Python (no Django). The index is a cache: the database holds every vector, and the index
file only saves rebuilding. Keys are integers (claim or fact-check ids).

Exact search is one matrix-vector product; at 384 float32 dimensions it costs about 1 ms per
10k vectors, so below ``EXACT_LIMIT`` vectors there is no approximate index at all. Above it,
usearch's HNSW graph answers in well under a millisecond at 1M vectors (bench/matching_semantic.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

EXACT_LIMIT = 20_000
# HNSW search breadth (usearch default 64): wider finds more true neighbours (bench/).
EXPANSION_SEARCH = 256


@dataclass
class VectorIndex:
    """Unit vectors by integer key; :meth:`search` returns (key, cosine) pairs, best first."""

    dimensions: int
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vectors: np.ndarray | None = None
    ann: Any = None
    exact_limit: int = EXACT_LIMIT

    def __post_init__(self) -> None:
        if self.vectors is None:
            self.vectors = np.zeros((0, self.dimensions), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def max_key(self) -> int:
        return int(self.keys.max()) if len(self.keys) else 0

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors (rows of ``vectors``) under ``keys``; a key already present is replaced."""
        keys = np.asarray(keys, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        if not len(keys):
            return
        assert self.vectors is not None
        present = np.isin(self.keys, keys)
        if present.any():
            if self.ann is not None:
                for key in self.keys[present]:
                    self.ann.remove(int(key))
            self.keys, self.vectors = self.keys[~present], self.vectors[~present]
        self.keys = np.concatenate([self.keys, keys])
        self.vectors = np.concatenate([self.vectors, vectors])
        if self.ann is not None:
            self.ann.add(keys, vectors)
        elif len(self.keys) > self.exact_limit:
            self._build_ann()

    def search(self, vector: np.ndarray, k: int = 10) -> list[tuple[int, float]]:
        """Return up to ``k`` (key, cosine) pairs nearest to the unit ``vector``, best first."""
        if not len(self.keys) or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(self.dimensions)
        if self.ann is not None:
            found = self.ann.search(query, k, exact=False)
            # usearch's "ip" distance is 1 - dot product.
            return [
                (int(key), float(1.0 - distance))
                for key, distance in zip(found.keys, found.distances, strict=True)
            ]
        assert self.vectors is not None
        scores = self.vectors @ query
        top = np.argpartition(-scores, min(k, len(scores)) - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.keys[i]), float(scores[i])) for i in top]

    def _build_ann(self) -> None:
        from usearch.index import Index

        assert self.vectors is not None
        self.ann = Index(
            ndim=self.dimensions,
            metric="ip",
            dtype="f32",
            expansion_search=EXPANSION_SEARCH,
        )
        self.ann.add(self.keys, self.vectors)

    # --- persistence -----------------------------------------------------------------------

    def save(self, path: Path, *, stamp: dict[str, Any]) -> None:
        """Write the index beside ``stamp`` (what the store looked like), atomically.

        Every worker process may save at once: each writes its own temporary files (named by
        its pid) and renames them into place, so a reader sees one process's whole file.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        assert self.vectors is not None
        own = f".{os.getpid()}.tmp"
        tmp = path.with_name(path.name + own + ".npz")
        with tmp.open("wb") as handle:
            np.savez(handle, keys=self.keys, vectors=self.vectors)
        os.replace(tmp, path.with_suffix(".npz"))
        if self.ann is not None:
            ann_tmp = path.with_name(path.name + own)
            self.ann.save(str(ann_tmp))
            os.replace(ann_tmp, path)
        else:
            path.unlink(missing_ok=True)
        meta = {"dimensions": self.dimensions, "count": len(self), **stamp}
        meta_tmp = path.with_name(path.name + own + ".json")
        meta_tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(meta_tmp, path.with_suffix(".json"))

    @classmethod
    def load(cls, path: Path) -> tuple[VectorIndex, dict[str, Any]] | None:
        """Return the saved index and its stamp, or None when missing or unreadable."""
        meta_path, data_path = path.with_suffix(".json"), path.with_suffix(".npz")
        if not meta_path.exists() or not data_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(data_path) as data:
                index = cls(
                    dimensions=int(meta["dimensions"]),
                    keys=data["keys"].astype(np.int64),
                    vectors=data["vectors"].astype(np.float32),
                )
            if path.exists():
                from usearch.index import Index

                index.ann = Index.restore(str(path), view=False)
                index.ann.expansion_search = EXPANSION_SEARCH
        except (OSError, ValueError, KeyError):
            return None
        if len(index) != meta.get("count"):
            return None
        return index, meta
