"""Train the light model with scikit-learn and write its numpy artifact.

Training only: scikit-learn is imported here and nowhere on the extraction path. The recipe is
the baseline from the team notes (word 1-2-grams + char_wb 2-5-grams, sublinear TF-IDF,
balanced logistic regression) plus the hand features, with the regularisation strength and
the threshold chosen on the validation file, never on the test file.

Measured and not adopted (selection on the validation file only): hand features at weight 0
(the plain baseline), 0.3 or 1; C 0.5..16. Without them the ground truth's average precision
drops significantly (0.955 against 0.962, paired bootstrap interval of the difference
+0.002..+0.014; 3-fold CV on the training file agrees); 0.3 and 1 tie. Threshold 0.5 ties
with the F1-tuned one on held-out halves of the ground truth (``metrics.choose_threshold``),
but at 0.5 the light model admits an opinion sentence of a seed article (score 0.64, pinned
out by the seed tests), so the tuned threshold stays.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.extraction import light_model
from claims.extraction.datasets import LabelledSentences, read_labelled
from claims.extraction.hand_features import FEATURE_NAMES, hand_features
from claims.extraction.metrics import Scores, best_threshold, classification_scores
from claims.extraction.text_features import char_ngrams, word_ngrams

logger = logging.getLogger(__name__)

TRAIN_FILE = "claimbuster_crowdsourced.csv"
VALIDATION_FILE = "claimbuster_groundtruth.csv"
TEST_FILE = "checkthat2023_1b_test.tsv"
MODEL_VERSION = "light-1"
C_GRID = (0.5, 1.0, 2.0, 4.0)
EXPORT_TOLERANCE = 1e-4  # float32 storage of idf and coefficients


@dataclass(frozen=True)
class TrainingReport:
    """What training chose and how the result scored."""

    c: float
    threshold: float
    validation: Scores
    test: Scores | None
    n_train: int
    vocabulary: dict[str, int]
    # Largest difference between scikit-learn's and the shipped numpy scorer's probabilities
    # on the validation file: the artifact is checked, not trusted.
    export_max_error: float


def train_light_model(
    data_dir: Path,
    out: Path = light_model.ARTIFACT,
    *,
    c_grid: tuple[float, ...] = C_GRID,
    min_df: tuple[int, int] = (2, 3),
    limit: int | None = None,
) -> TrainingReport:
    """Fit on the ClaimBuster crowdsourced file, validate on the ground truth, write ``out``.

    ``limit`` keeps only the first sentences of the training file (for tests).
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    validation = read_labelled(data_dir / VALIDATION_FILE)
    test_path = data_dir / TEST_FILE
    test = read_labelled(test_path) if test_path.exists() else None
    train = _without(read_labelled(data_dir / TRAIN_FILE), validation, test)
    if limit is not None:
        train = LabelledSentences(train.texts[:limit], train.labels[:limit])

    words = TfidfVectorizer(
        analyzer=word_ngrams, sublinear_tf=True, min_df=min_df[0], dtype=np.float32
    )
    chars = TfidfVectorizer(
        analyzer=char_ngrams, sublinear_tf=True, min_df=min_df[1], dtype=np.float32
    )

    def features(texts: list[str], fit: bool = False) -> sparse.csr_matrix:
        w = words.fit_transform(texts) if fit else words.transform(texts)
        c = chars.fit_transform(texts) if fit else chars.transform(texts)
        hand = sparse.csr_matrix(np.vstack([hand_features(t) for t in texts]))
        return sparse.hstack([w, c, hand]).tocsr()

    x_train = features(train.texts, fit=True)
    x_validation = features(validation.texts)
    best: tuple[float, float, LogisticRegression] | None = None
    for c in c_grid:
        model = LogisticRegression(
            C=c, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=0
        )
        model.fit(x_train, train.labels)
        probabilities = model.predict_proba(x_validation)[:, 1]
        f1 = classification_scores(validation.labels, probabilities, 0.5).f1
        logger.info("C=%s validation F1 at 0.5: %.4f", c, f1)
        if best is None or f1 > best[1]:
            best = (c, f1, model)
    assert best is not None
    c, _, model = best
    probabilities = model.predict_proba(x_validation)[:, 1]
    threshold = best_threshold(validation.labels, probabilities)
    validation_scores = classification_scores(validation.labels, probabilities, threshold)
    test_scores = None
    if test is not None:
        test_scores = classification_scores(
            test.labels, model.predict_proba(features(test.texts))[:, 1], threshold
        )

    n_words, n_chars = len(words.vocabulary_), len(chars.vocabulary_)
    coef = model.coef_[0]
    meta: dict[str, object] = {
        "version": MODEL_VERSION,
        "recipe": "tfidf word 1-2 + char_wb 2-5, sublinear; hand features; balanced logistic",
        "c": c,
        "min_df": list(min_df),
        "hand_features": list(FEATURE_NAMES),
        "n_train": len(train.texts),
        "validation": validation_scores.__dict__,
        "test": test_scores.__dict__ if test_scores else None,
    }
    light_model.save(
        out,
        {
            "word": (_vocabulary(words), words.idf_, coef[:n_words]),
            "char": (_vocabulary(chars), chars.idf_, coef[n_words : n_words + n_chars]),
        },
        hand_coef=coef[n_words + n_chars :],
        intercept=float(model.intercept_[0]),
        threshold=threshold,
        meta=meta,
    )
    exported = np.asarray(light_model.LightModel.load(out).score(validation.texts))
    export_error = float(np.max(np.abs(exported - probabilities)))
    if export_error > EXPORT_TOLERANCE:
        raise RuntimeError(f"exported model disagrees with scikit-learn by {export_error:.2e}")
    return TrainingReport(
        c=c,
        threshold=threshold,
        validation=validation_scores,
        test=test_scores,
        n_train=len(train.texts),
        vocabulary={"word": n_words, "char": n_chars},
        export_max_error=export_error,
    )


def _vocabulary(vectorizer: object) -> list[str]:
    vocabulary: dict[str, int] = vectorizer.vocabulary_  # type: ignore[attr-defined]
    ordered = [""] * len(vocabulary)
    for gram, column in vocabulary.items():
        ordered[column] = gram
    return ordered


def _without(train: LabelledSentences, *held_out: LabelledSentences | None) -> LabelledSentences:
    """Drop training sentences that also appear in a held-out file, so scores stay honest."""
    seen = {t.strip().lower() for h in held_out if h is not None for t in h.texts}
    kept = [
        (t, y)
        for t, y in zip(train.texts, train.labels, strict=True)
        if t.strip().lower() not in seen
    ]
    return LabelledSentences([t for t, _ in kept], [y for _, y in kept])
