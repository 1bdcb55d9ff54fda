"""Ranking verified claims for a query claim, and scoring the rankings. Pure Python + numpy.

The data format is the CLEF CheckThat! 2020 claim-retrieval one (``../shared/data/claim-matching``):
queries ``id<TAB>text`` with a header line, verified claims ``id<TAB>claim<TAB>title``, and TREC
qrels ``query_id 0 verified_id 1``.

Metrics follow trec_eval with a cutoff, as the lab did: the average precision of one query is
the sum of precision@i over the relevant ranks i <= k, divided by the number of relevant claims.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class RankingScores:
    """MAP@5, MAP@1 and recall@5 over ``n`` queries."""

    map_at_5: float
    map_at_1: float
    recall_at_5: float
    n: int


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return the average precision at cutoff ``k`` of one ranking (0 without relevant items)."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def ranking_scores(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]]
) -> RankingScores:
    """Score ``rankings`` (query id -> ranked ids) on every query that has relevant items."""
    queries = [q for q in qrels if qrels[q]]
    if not queries:
        return RankingScores(0.0, 0.0, 0.0, 0)
    map5 = map1 = recall5 = 0.0
    for query in queries:
        ranked = list(rankings.get(query, ()))
        relevant = qrels[query]
        map5 += average_precision(ranked, relevant, 5)
        map1 += average_precision(ranked, relevant, 1)
        recall5 += len(relevant & set(ranked[:5])) / len(relevant)
    n = len(queries)
    return RankingScores(map5 / n, map1 / n, recall5 / n, n)


# --- the shared data format -----------------------------------------------------------------


def read_texts(path: Path) -> dict[str, str]:
    """Return id -> text of a queries file, or id -> "claim title" of a verified-claims file."""
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows, None)  # the header
        for row in rows:
            if len(row) >= 2 and row[0].strip():
                texts[row[0].strip()] = " ".join(part.strip() for part in row[1:] if part.strip())
    return texts


def read_qrels(path: Path) -> dict[str, set[str]]:
    """Return query id -> the ids of the verified claims it repeats (TREC qrels)."""
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] != "0":
            qrels[parts[0]].add(parts[2])
    return dict(qrels)


# --- text and lexical scores ----------------------------------------------------------------


def clean_for_matching(text: str) -> str:
    """Return ``text`` without links and with hashtags/mentions as words.

    Tweets carry links and "pic.twitter.com" ids that no fact-check shares; they only add noise
    to both the lexical and the embedding score.
    """
    text = _URL.sub(" ", unicodedata.normalize("NFKC", text))
    text = text.replace("#", " ").replace("@", " ")
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """Return the lowercased word tokens of ``text``."""
    return _TOKEN.findall(clean_for_matching(text).lower())


class Bm25:
    """Okapi BM25 over a fixed set of documents, with an inverted index (no dense matrix)."""

    def __init__(self, documents: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(documents)
        lengths = np.zeros(self.size, dtype=np.float32)
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for doc, text in enumerate(documents):
            counts = Counter(tokens(text))
            lengths[doc] = sum(counts.values())
            for term, count in counts.items():
                postings[term].append((doc, count))
        self.average_length = float(lengths.mean()) if self.size else 0.0
        self.lengths = lengths
        self.postings = {
            term: (
                np.array([d for d, _ in items], dtype=np.int64),
                np.array([c for _, c in items], dtype=np.float32),
            )
            for term, items in postings.items()
        }

    def scores(self, query: str) -> np.ndarray:
        """Return the BM25 score of every document for ``query``."""
        out = np.zeros(self.size, dtype=np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(self.average_length, 1e-9))
        for term in set(tokens(query)):
            posting = self.postings.get(term)
            if posting is None:
                continue
            docs, counts = posting
            idf = math.log(1 + (self.size - len(docs) + 0.5) / (len(docs) + 0.5))
            out[docs] += idf * counts * (self.k1 + 1) / (counts + norm[docs])
        return out


class Tfidf:
    """TF-IDF cosine (sublinear tf, smooth idf, l2), the lab's usual lexical baseline."""

    def __init__(self, documents: Sequence[str]) -> None:
        self.size = len(documents)
        df: Counter[str] = Counter()
        doc_terms = [Counter(tokens(t)) for t in documents]
        for counts in doc_terms:
            df.update(counts.keys())
        self.idf = {t: math.log((1 + self.size) / (1 + n)) + 1 for t, n in df.items()}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for doc, counts in enumerate(doc_terms):
            weights = {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                postings[term].append((doc, weight / norm))
        self.postings = {
            term: (
                np.array([d for d, _ in items], dtype=np.int64),
                np.array([w for _, w in items], dtype=np.float32),
            )
            for term, items in postings.items()
        }

    def scores(self, query: str) -> np.ndarray:
        """Return the cosine of ``query`` with every document."""
        out = np.zeros(self.size, dtype=np.float32)
        counts = Counter(t for t in tokens(query) if t in self.idf)
        weights = {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for term, weight in weights.items():
            docs, values = self.postings[term]
            out[docs] += values * (weight / norm)
        return out


def lexical_similarity(a: str, b: str, idf: Mapping[str, float] | None = None) -> float:
    """Return the TF-IDF cosine of two texts (idf 1 for unknown words): for re-ranking pairs."""
    ca, cb = Counter(tokens(a)), Counter(tokens(b))
    weights = idf or {}

    def vector(counts: Counter[str]) -> dict[str, float]:
        return {t: (1 + math.log(c)) * weights.get(t, 1.0) for t, c in counts.items()}

    va, vb = vector(ca), vector(cb)
    dot = sum(w * vb.get(t, 0.0) for t, w in va.items())
    na = math.sqrt(sum(w * w for w in va.values()))
    nb = math.sqrt(sum(w * w for w in vb.values()))
    return dot / (na * nb) if na and nb else 0.0


def rank_all(
    queries: Mapping[str, str],
    score: Callable[[list[str]], np.ndarray],
    ids: Sequence[str],
    k: int = 5,
) -> dict[str, list[str]]:
    """Rank ``ids`` for every query with ``score`` (a batch of texts -> (n, len(ids)) scores)."""
    query_ids = list(queries)
    matrix = score([queries[q] for q in query_ids])
    rankings: dict[str, list[str]] = {}
    for row, query in enumerate(query_ids):
        top = np.argpartition(-matrix[row], min(k, len(ids) - 1))[:k]
        top = top[np.argsort(-matrix[row][top], kind="stable")]
        # -inf marks "not a candidate" (the lexical matcher): never ranked.
        rankings[query] = [ids[i] for i in top if np.isfinite(matrix[row][i])]
    return rankings
