"""Nearest-neighbour search over unit vectors: exact numpy for small stores, usearch (HNSW) above.

Pure Python (no Django). The index is a cache: the database holds every vector, and the index
file only saves rebuilding. Keys are integers (claim or fact-check ids).

Exact search is one matrix-vector product; at 192 float32 dimensions it costs about 1 ms per
10k vectors, so below ``EXACT_LIMIT`` vectors there is no approximate index at all. Above it,
usearch's HNSW graph holds the vectors as int8 (a quarter of float32; cosines within about 0.01
of the exact ones, docs/matching.md) and the numpy copy is dropped. A saved graph is loaded
memory-mapped (``view``): its pages are shared by every worker process on the machine through
the page cache, and only the pages a search touches are read. Vectors added after such a load go
to an exact "tail" searched beside the graph, until the next rebuild writes a new file.
(bench/matching_semantic.py measures all of this at 10k, 100k and 1M vectors.)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

EXACT_LIMIT = 20_000
# HNSW search breadth (usearch default 64): wider finds more true neighbours (bench/). It
# grows with the graph: at 1M random 192-dimension vectors a breadth of 256 found 62% of
# planted repeats, 1,024 found 94% (22 ms median), 1,500 found 98% (29 ms), 2,000 all of them
# (39 ms; docs/matching.md). One vector in 700 (1,428 at 1M), at least 256, at most 4,096.
EXPANSION_SEARCH = 256
EXPANSION_SEARCH_PER = 700
EXPANSION_SEARCH_MAX = 4096


def search_breadth(count: int) -> int:
    """The HNSW search breadth for a graph of ``count`` vectors."""
    return max(EXPANSION_SEARCH, min(EXPANSION_SEARCH_MAX, count // EXPANSION_SEARCH_PER))


# HNSW build breadth: usearch's default. Narrower builds faster but found fewer planted repeats
# at 100k random vectors (32: 0.92, 64: 0.96; docs/matching.md), so the build stays as it was.
EXPANSION_ADD = 128
# Storage of the vectors in the graph: int8 (cosine metric, so usearch scales unit vectors).
ANN_DTYPE = "i8"


def ann_new(dimensions: int) -> Any:
    """Return an empty HNSW index with the service's settings."""
    from usearch.index import Index

    return Index(
        ndim=dimensions,
        metric="cos",
        dtype=ANN_DTYPE,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


# usearch adds on several threads, but a graph that starts that way can come out broken: with
# two threads, 28 of 40 builds of 400 random vectors lost some vector's true nearest from its
# top ten (one thread: none). The first ``SERIAL_START`` vectors therefore go in on one thread,
# which cost no recall and no measurable time (docs/matching.md).
SERIAL_START = 1_000


def ann_add(ann: Any, keys: np.ndarray, vectors: np.ndarray) -> None:
    """Add ``vectors`` under ``keys`` to the graph ``ann``: one thread while it is small."""
    serial = max(0, min(len(keys), SERIAL_START - len(ann)))
    if serial:
        ann.add(keys[:serial], vectors[:serial], threads=1)
    if serial < len(keys):
        ann.add(keys[serial:], vectors[serial:], threads=os.cpu_count() or 1)


@dataclass
class VectorIndex:
    """Unit vectors by integer key; :meth:`search` returns (key, cosine) pairs, best first.

    ``keys`` holds every key. ``vectors`` holds the rows searched exactly, under ``exact_keys``:
    every row while there is no graph; with a graph, only the tail added after it was loaded
    read-only (memory-mapped). ``ann`` is the usearch graph, or None.
    """

    dimensions: int
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vectors: np.ndarray | None = None
    ann: Any = None
    exact_limit: int = EXACT_LIMIT
    exact_keys: np.ndarray | None = None
    ann_path: Path | None = None  # the file a read-only graph is mapped from
    # ``vectors`` is a view of the start of this array when rows were added (``_exact_append``).
    _buffer: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.vectors is None:
            self.vectors = np.zeros((0, self.dimensions), dtype=np.float32)
        if self.exact_keys is None:
            self.exact_keys = self.keys if self.ann is None else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def max_key(self) -> int:
        return int(self.keys.max()) if len(self.keys) else 0

    @property
    def read_only(self) -> bool:
        """Whether the graph is memory-mapped from a file (it cannot change in place)."""
        return self.ann_path is not None

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors (rows of ``vectors``) under ``keys``; a key already present is replaced."""
        keys = np.asarray(keys, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        if not len(keys):
            return
        assert self.vectors is not None
        assert self.exact_keys is not None
        if self.read_only and (
            np.isin(keys, self.keys).any() or len(self.exact_keys) + len(keys) > self.exact_limit
        ):
            self._ann_into_memory()  # rare: a replaced key, or a tail grown past the limit
        present = np.isin(self.keys, keys)
        if present.any():
            if self.ann is not None:
                for key in self.keys[present]:
                    if self.ann.contains(int(key)):
                        self.ann.remove(int(key))
            self.keys = self.keys[~present]
            kept = ~np.isin(self.exact_keys, keys)
            self.exact_keys, self.vectors = self.exact_keys[kept], self.vectors[kept]
        self.keys = np.concatenate([self.keys, keys])
        if self.ann is not None and not self.read_only:
            ann_add(self.ann, keys, vectors)
            return
        self.exact_keys = np.concatenate([self.exact_keys, keys])
        self._exact_append(vectors)
        if self.ann is None and len(self.keys) > self.exact_limit:
            self._build_ann()

    def _exact_append(self, more: np.ndarray) -> None:
        """Put ``more`` below ``vectors``, growing a buffer by half at a time.

        A worker adds an article's few dozen vectors before every search; copying every stored
        row each time (15 MB at ``EXACT_LIMIT``) was a third of its catch-up. While ``vectors``
        is the start of this index's own buffer, an addition that fits copies the new rows
        only. The buffer beyond the rows is allocated, not written, so it is not resident.
        """
        rows, buffer = self.vectors, self._buffer
        assert rows is not None
        total = len(rows) + len(more)
        if (
            buffer is None
            or len(buffer) < total
            or rows.base is not buffer
            or rows.ctypes.data != buffer.ctypes.data
        ):
            buffer = np.empty((max(1024, total + total // 2), self.dimensions), dtype=np.float32)
            buffer[: len(rows)] = rows
            self._buffer = buffer
        buffer[len(rows) : total] = more
        self.vectors = buffer[:total]

    def search(self, vector: np.ndarray, k: int = 10) -> list[tuple[int, float]]:
        """Return up to ``k`` (key, cosine) pairs nearest to the unit ``vector``, best first."""
        if not len(self.keys) or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(self.dimensions)
        found = self._ann_search(query, k)
        assert self.vectors is not None
        assert self.exact_keys is not None
        if len(self.exact_keys):
            # einsum's own loop, not BLAS: OpenBLAS splits a matrix-vector product over every
            # core and spin-waits for them, which on a busy machine made a 10k search 10 times
            # slower (20.6 against 1.8 ms median, docs/matching.md).
            scores = np.einsum("ij,j->i", self.vectors, query)
            top = np.argpartition(-scores, min(k, len(scores)) - 1)[:k]
            found += [(int(self.exact_keys[i]), float(scores[i])) for i in top]
        found.sort(key=lambda pair: -pair[1])
        return found[:k]

    def search_many(self, vectors: np.ndarray, k: int = 10) -> list[list[tuple[int, float]]]:
        """Return :meth:`search`'s answer for each row of ``vectors`` (unit vectors).

        The exact part is one matrix product for all of them, which BLAS computes far faster
        than one product per vector: an article's 28 claims against 5,000 stored vectors took
        1.1 ms against 7.9 ms (docs/matching.md).
        """
        queries = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        if len(queries) < 2 or not len(self.keys) or k <= 0:
            return [self.search(query, k) for query in queries]
        found = [self._ann_search(query, k) for query in queries]
        assert self.vectors is not None
        assert self.exact_keys is not None
        if len(self.exact_keys):
            scores = queries @ self.vectors.T
            count = min(k, scores.shape[1])
            top = np.argpartition(-scores, count - 1, axis=1)[:, :count]
            for row, columns in enumerate(top):
                found[row] += [(int(self.exact_keys[i]), float(scores[row, i])) for i in columns]
        for pairs in found:
            pairs.sort(key=lambda pair: -pair[1])
        return [pairs[:k] for pairs in found]

    def _ann_search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self.ann is None:
            return []
        breadth = search_breadth(len(self.ann))
        if self.ann.expansion_search != breadth:
            self.ann.expansion_search = breadth
        matches = self.ann.search(query, k, exact=False)
        # usearch's "cos" distance is 1 - cosine.
        return [
            (int(key), float(1.0 - distance))
            for key, distance in zip(matches.keys, matches.distances, strict=True)
        ]

    def _build_ann(self) -> None:
        assert self.vectors is not None
        self.ann = ann_new(self.dimensions)
        ann_add(self.ann, self.keys, self.vectors)
        self.exact_keys = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, self.dimensions), dtype=np.float32)
        self._buffer = None

    def _ann_into_memory(self) -> None:
        """Load the mapped graph into this process's memory so it can change, and add the tail."""
        from usearch.index import Index

        assert self.ann_path is not None
        assert self.vectors is not None
        self.ann = Index.restore(str(self.ann_path), view=False)
        self.ann.expansion_search = EXPANSION_SEARCH
        self.ann_path = None
        if self.exact_keys is not None and len(self.exact_keys):
            ann_add(self.ann, self.exact_keys, self.vectors)
        self.exact_keys = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, self.dimensions), dtype=np.float32)
        self._buffer = None

    # --- persistence -----------------------------------------------------------------------

    def save(self, path: Path, *, stamp: dict[str, Any]) -> None:
        """Write the index beside ``stamp`` (what the store looked like), atomically.

        Every worker process may save at once: each writes its own temporary files (named by
        its pid) and renames them into place, so a reader sees one process's whole file.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.read_only:
            self._ann_into_memory()  # the file is mapped: write a new one, never over it
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

    @staticmethod
    def saved(path: Path) -> bool:
        """Whether an index was saved at ``path`` (its graph, if it has one, is beside it)."""
        return path.with_suffix(".json").exists() and path.with_suffix(".npz").exists()

    @classmethod
    def load(cls, path: Path) -> tuple[VectorIndex, dict[str, Any]] | None:
        """Return the saved index and its stamp, or None when missing or unreadable.

        A graph is memory-mapped, not read into memory: the file is replaced by rename, never
        written in place, so the mapping stays valid while another process saves a new one.
        """
        if not cls.saved(path):
            return None
        meta_path, data_path = path.with_suffix(".json"), path.with_suffix(".npz")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(data_path) as data:
                keys, vectors = data["keys"].astype(np.int64), data["vectors"].astype(np.float32)
            index = cls(dimensions=int(meta["dimensions"]), keys=keys, vectors=vectors)
            if path.exists():
                from usearch.index import Index

                ann: Any = Index.restore(str(path), view=True)
                if ann is None or len(ann) != len(keys):
                    return None
                ann.expansion_search = EXPANSION_SEARCH
                index.ann, index.ann_path = ann, path
                index.exact_keys = np.zeros(0, dtype=np.int64)
                index.vectors = np.zeros((0, index.dimensions), dtype=np.float32)
        except (OSError, ValueError, KeyError, RuntimeError):
            return None
        if len(index) != meta.get("count"):
            return None
        return index, meta
