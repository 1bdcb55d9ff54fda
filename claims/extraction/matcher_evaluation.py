"""Score a matching method on files in the CLEF claim-retrieval format. Pure Python + numpy.

Methods: ``lexical`` (what the service shipped before semantic matching: MinHash band
candidates confirmed by content-word Jaccard >= 0.6), ``tfidf``, ``bm25``, ``embedding`` (an
ONNX encoder's cosine) and ``hybrid``, what the service matches with (``claims.matching``): the
index's nearest verified claims by cosine, re-ranked with the shipped idf table
(``claims.extraction.rerank``).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction import matching as keys
from claims.extraction.rerank import RERANK_CANDIDATES, IdfTable, rerank
from claims.extraction.retrieval import (
    Bm25,
    Tfidf,
    rank_all,
    ranking_scores,
    read_qrels,
    read_texts,
)
from claims.extraction.vector_index import VectorIndex

METHODS = ("lexical", "tfidf", "bm25", "embedding", "hybrid")


def evaluate(
    method: str,
    queries_path: Path,
    qrels_path: Path,
    verified_path: Path,
    *,
    encoder: Any = None,
    idf: IdfTable | None = None,
) -> dict[str, float | int]:
    """Rank every verified claim for each query; return MAP@5, MAP@1, recall@5, q/s and n.

    Queries per second covers scoring and ranking the queries (and embedding them); the
    verified claims are indexed or embedded beforehand, as a store holds them.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    queries, qrels = read_texts(queries_path), read_qrels(qrels_path)
    verified = read_texts(verified_path)
    ids = list(verified)
    texts = [verified[i] for i in ids]
    if method == "lexical":
        score = _lexical(texts)
    elif method in ("tfidf", "bm25"):
        model = Tfidf(texts) if method == "tfidf" else Bm25(texts)
        score = _lexical_scores(model)
    else:
        if encoder is None:
            raise ValueError(f"method {method!r} needs an encoder")
        vectors = encoder.encode(texts)
        if method == "embedding":

            def score(batch: list[str]) -> np.ndarray:
                return np.asarray(encoder.encode(batch) @ vectors.T)

        else:
            if idf is None:
                raise ValueError("method 'hybrid' needs the idf table")
            score = _hybrid(encoder, vectors, texts, idf)

    started = time.perf_counter()
    rankings = rank_all(queries, score, ids)
    elapsed = time.perf_counter() - started
    result = asdict(ranking_scores(rankings, qrels))
    result["queries_per_second"] = round(len(queries) / max(elapsed, 1e-9), 1)
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()}


def _hybrid(
    encoder: Any, vectors: np.ndarray, texts: list[str], idf: IdfTable
) -> Callable[[list[str]], np.ndarray]:
    """The service's score: the index's cosine candidates re-ranked (-inf: not a candidate)."""
    index = VectorIndex(dimensions=vectors.shape[1])
    index.add(np.arange(len(texts)), vectors)

    def score(batch: list[str]) -> np.ndarray:
        out = np.full((len(batch), len(texts)), -np.inf, dtype=np.float32)
        for row, (query, vector) in enumerate(zip(batch, encoder.encode(batch), strict=True)):
            found = index.search(vector, RERANK_CANDIDATES)
            for key, value in rerank(query, [(k, c, texts[k]) for k, c in found], idf):
                out[row, key] = value
        return out

    return score


def _lexical_scores(model: Tfidf | Bm25) -> Callable[[list[str]], np.ndarray]:
    def score(batch: list[str]) -> np.ndarray:
        return np.stack([model.scores(q) for q in batch])

    return score


def _lexical(texts: list[str]) -> Callable[[list[str]], np.ndarray]:
    """Today's lexical matcher: only band-sharing candidates with Jaccard >= 0.6 are ranked."""
    bands: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        for key in keys.signature(text):
            bands[key].append(i)

    def score(batch: list[str]) -> np.ndarray:
        out = np.full((len(batch), len(texts)), -np.inf, dtype=np.float32)
        for row, query in enumerate(batch):
            candidates = {i for key in keys.signature(query) for i in bands.get(key, ())}
            for i in candidates:
                similarity = keys.similarity(query, texts[i])
                if similarity >= 0.6:  # claims.matching.SAME_CLAIM_SIMILARITY
                    out[row, i] = similarity
        return out

    return score
