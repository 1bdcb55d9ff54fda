"""Ranking metrics and lexical rankers on a tiny hand-made example (pure Python)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claims.extraction.retrieval import (
    Bm25,
    Tfidf,
    average_precision,
    clean_for_matching,
    rank_all,
    ranking_scores,
    read_qrels,
    read_texts,
)


def test_average_precision_counts_each_relevant_hit_at_its_rank() -> None:
    assert average_precision(["a", "b", "c"], {"a"}, 5) == 1.0
    assert average_precision(["x", "a"], {"a"}, 5) == 0.5
    assert average_precision(["x", "a", "y", "b"], {"a", "b"}, 5) == pytest.approx(
        (1 / 2 + 2 / 4) / 2
    )


def test_average_precision_ignores_hits_below_the_cutoff() -> None:
    assert average_precision(["x", "a"], {"a"}, 1) == 0.0


def test_ranking_scores_average_over_queries_with_relevant_items() -> None:
    rankings = {"q1": ["a", "b"], "q2": ["c", "d", "e", "f", "g", "h"], "q3": ["z"]}
    qrels = {"q1": {"a"}, "q2": {"h"}}

    scores = ranking_scores(rankings, qrels)

    assert scores.n == 2
    assert scores.map_at_5 == pytest.approx(0.5)  # q1 hits at 1, q2 misses the top 5
    assert scores.map_at_1 == pytest.approx(0.5)
    assert scores.recall_at_5 == pytest.approx(0.5)


def test_links_and_tweet_markup_do_not_count_as_words() -> None:
    cleaned = clean_for_matching("Vaccines #cause autism https://t.co/abc pic.twitter.com/xyz @who")

    assert cleaned == "Vaccines cause autism who"


@pytest.mark.parametrize("ranker", [Tfidf, Bm25])
def test_lexical_rankers_put_the_document_sharing_rare_words_first(ranker: type) -> None:
    documents = [
        "The moon landing was staged in a studio.",
        "Drinking bleach cures the flu.",
        "The flu vaccine contains microchips.",
    ]
    model = ranker(documents)

    scores = model.scores("Was the moon landing filmed in a studio?")

    assert int(np.argmax(scores)) == 0


def test_rank_all_leaves_out_items_marked_as_no_candidate() -> None:
    scores = np.array([[0.2, -np.inf, 0.9]], dtype=np.float32)

    rankings = rank_all({"q": "text"}, lambda texts: scores, ["a", "b", "c"])

    assert rankings == {"q": ["c", "a"]}


def test_the_shared_file_format_is_read_with_quoted_tabs_and_headers(tmp_path: Path) -> None:
    queries = tmp_path / "queries.tsv"
    queries.write_text('\ttweet_content\n7\t"He said ""no"" twice"\n8\tplain\n', encoding="utf-8")
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("7\t0\t12\t1\n8\t0\t13\t0\n", encoding="utf-8")

    assert read_texts(queries) == {"7": 'He said "no" twice', "8": "plain"}
    assert read_qrels(qrels) == {"7": {"12"}}
