"""With the light backend, pure opinion never reaches the queue, whatever its score says."""

from __future__ import annotations

from claims.extraction import extract
from claims.extraction.scoring import get_scorer

OPINION = "Far from negotiating from a position of strength"


def test_an_editorial_sentence_that_scores_high_is_skipped_as_opinion(article_002: str) -> None:
    # GIVEN a seed sentence whose check-worthiness score alone would queue it
    start = article_002.index(OPINION)
    sentence = article_002[start : article_002.index(".", start) + 1]
    scorer = get_scorer("light")
    assert scorer.score([sentence])[0] >= scorer.threshold
    # WHEN the article is extracted
    extraction = extract(article_002, backend="light")
    # THEN it is not a candidate, and the skipped list says why
    assert not any(OPINION in c.text for c in extraction.claims)
    assert any(s.startswith("opinion (") and OPINION in s for s in extraction.skipped)


def test_the_filter_keeps_every_figure_of_the_seed(article_002: str) -> None:
    skipped = " ".join(extract(article_002, backend="light").skipped)
    for figure in ("850,000", "21%", "€800 billion"):
        assert figure not in skipped
