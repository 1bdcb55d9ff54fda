"""Score a matching method on files in the CLEF claim-retrieval format. Pure Python + numpy.

Methods: ``lexical`` (what the service shipped before semantic matching: MinHash band
candidates confirmed by content-word Jaccard >= 0.6), ``tfidf``, ``bm25``, ``embedding`` (an
ONNX encoder's cosine) and ``hybrid`` (cosine + ``HYBRID_LEXICAL_WEIGHT`` x the max-scaled
TF-IDF cosine; the weight was chosen on train, docs/matching.md).
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
from claims.extraction.retrieval import (
    Bm25,
    Tfidf,
    normalise_rows,
    rank_all,
    ranking_scores,
    read_qrels,
    read_texts,
)

METHODS = ("lexical", "tfidf", "bm25", "embedding", "hybrid")
HYBRID_LEXICAL_WEIGHT = 0.2


def evaluate(
    method: str,
    queries_path: Path,
    qrels_path: Path,
    verified_path: Path,
    *,
    encoder: Any = None,
    lexical_weight: float = HYBRID_LEXICAL_WEIGHT,
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
            tfidf = Tfidf(texts)

            def score(batch: list[str]) -> np.ndarray:
                lexical = normalise_rows(np.stack([tfidf.scores(q) for q in batch]))
                return np.asarray(encoder.encode(batch) @ vectors.T + lexical_weight * lexical)

    started = time.perf_counter()
    rankings = rank_all(queries, score, ids)
    elapsed = time.perf_counter() - started
    result = asdict(ranking_scores(rankings, qrels))
    result["queries_per_second"] = round(len(queries) / max(elapsed, 1e-9), 1)
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()}


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
