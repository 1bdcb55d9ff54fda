"""Train the light model with scikit-learn and write its numpy artifact.

Training only: scikit-learn is imported here and nowhere on the extraction path. The recipe is
the baseline from the team notes (word 1-2-grams + char_wb 2-5-grams, sublinear TF-IDF,
balanced logistic regression) plus the hand features.

Choices are made without the test file. The regularisation strength C is chosen by
cross-validation over whole debates of the crowdsourced file (5 folds grouped by ``File_id``,
pooled average precision): the ground truth comes from the same debates as the training file,
so it rewards memorising their topics and speakers (it picked C 4), while unseen debates are
what new articles are like (they pick C 2). The threshold is chosen on the ground truth with
``metrics.choose_threshold``: 0.5 unless a tuned threshold wins on held-out halves (it does
not). The earlier artifact (light-1) overrode that with the F1-tuned 0.644 to keep one seed
opinion sentence out of the queue; that cost 8 F1 points on CheckThat, and the non-factual
head now keeps opinion out instead (``scoring.NON_FACTUAL_CUTOFF``).

Fitting once more on crowdsourced + ground truth with the choices fixed was measured and not
adopted: CheckThat F1 unchanged (0.796), average precision 0.894 against 0.890, and the ground
truth would no longer be a clean validation file.

Measured and not adopted: hand features at weight 0 (the plain baseline). Debate-grouped
cross-validation (a one-off run with them zeroed) gives average precision 0.741 without them
and 0.749 with them at C 2, and the ground truth agrees (0.955 against 0.962).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction import light_model
from claims.extraction.datasets import LabelledSentences, read_labelled
from claims.extraction.hand_features import FEATURE_NAMES, hand_features
from claims.extraction.metrics import (
    Scores,
    average_precision,
    choose_threshold,
    classification_scores,
)
from claims.extraction.text_features import char_ngrams, word_ngrams

logger = logging.getLogger(__name__)

TRAIN_FILE = "claimbuster_crowdsourced.csv"
VALIDATION_FILE = "claimbuster_groundtruth.csv"
TEST_FILE = "checkthat2023_1b_test.tsv"
MODEL_VERSION = "light-2"
C_GRID = (0.5, 1.0, 2.0, 4.0)
FOLDS = 5
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


class _Fitted:
    """TF-IDF blocks + hand features + one logistic regression per head, with scikit-learn."""

    def __init__(
        self,
        sentences: LabelledSentences,
        c: float,
        min_df: tuple[int, int],
        *,
        heads: int = len(light_model.HEADS),
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.words = TfidfVectorizer(
            analyzer=word_ngrams, sublinear_tf=True, min_df=min_df[0], dtype=np.float32
        )
        self.chars = TfidfVectorizer(
            analyzer=char_ngrams, sublinear_tf=True, min_df=min_df[1], dtype=np.float32
        )
        self.words.fit(sentences.texts)
        self.chars.fit(sentences.texts)
        x = self._features(sentences.texts)
        self.heads = []
        for labels in (sentences.labels, sentences.non_factual)[:heads]:  # HEADS order
            head = LogisticRegression(
                C=c, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=0
            )
            self.heads.append(head.fit(x, labels))

    def _features(self, texts: list[str]) -> Any:
        from scipy import sparse

        hand = sparse.csr_matrix(np.vstack([hand_features(t) for t in texts]))
        return sparse.hstack(
            [self.words.transform(texts), self.chars.transform(texts), hand]
        ).tocsr()

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Return every head's probability for each text, (texts, heads)."""
        x = self._features(texts)
        return np.stack([head.predict_proba(x)[:, 1] for head in self.heads], axis=1)

    def save(self, out: Path, threshold: float, meta: dict[str, object]) -> dict[str, int]:
        """Write the numpy artifact; return the vocabulary sizes."""
        n_words, n_chars = len(self.words.vocabulary_), len(self.chars.vocabulary_)
        coef = np.stack([head.coef_[0] for head in self.heads], axis=1)
        light_model.save(
            out,
            {
                "word": (_vocabulary(self.words), self.words.idf_, coef[:n_words]),
                "char": (
                    _vocabulary(self.chars),
                    self.chars.idf_,
                    coef[n_words : n_words + n_chars],
                ),
            },
            hand_coef=coef[n_words + n_chars :],
            intercept=np.array([head.intercept_[0] for head in self.heads]),
            threshold=threshold,
            meta=meta,
        )
        return {"word": n_words, "char": n_chars}


def train_light_model(
    data_dir: Path,
    out: Path = light_model.ARTIFACT,
    *,
    c_grid: tuple[float, ...] = C_GRID,
    min_df: tuple[int, int] = (2, 3),
    limit: int | None = None,
) -> TrainingReport:
    """Choose C and the threshold, fit the model, write ``out`` and report its figures.

    Trained on the crowdsourced file, less any sentence of the other two files. ``limit``
    keeps only its first sentences (for tests); a one-value ``c_grid`` skips the
    cross-validation.
    """
    train, validation, test = data_split(data_dir)
    if limit is not None:
        train = train.head(limit)

    c = c_grid[0] if len(c_grid) == 1 else choose_c(train, c_grid=c_grid, min_df=min_df)
    fitted = _Fitted(train, c, min_df)
    validation_probabilities = fitted.probabilities(validation.texts)
    probabilities = validation_probabilities[:, 0].tolist()
    threshold = choose_threshold(validation.labels, probabilities)
    validation_scores = classification_scores(validation.labels, probabilities, threshold)
    test_scores = None
    if test is not None:
        test_scores = classification_scores(
            test.labels, fitted.probabilities(test.texts)[:, 0].tolist(), threshold
        )

    meta: dict[str, object] = {
        "version": MODEL_VERSION,
        "recipe": "tfidf word 1-2 + char_wb 2-5, sublinear; hand features; balanced logistic",
        "c": c,
        "min_df": list(min_df),
        "hand_features": list(FEATURE_NAMES),
        "n_train": len(train.texts),
        "threshold": threshold,
        "validation": validation_scores.__dict__,
        "test": test_scores.__dict__ if test_scores else None,
    }
    vocabulary = fitted.save(out, threshold, meta)
    exported = light_model.LightModel.load(out, calibrated=False).probabilities(validation.texts)
    export_error = float(np.max(np.abs(exported - validation_probabilities)))
    if export_error > EXPORT_TOLERANCE:
        raise RuntimeError(f"exported model disagrees with scikit-learn by {export_error:.2e}")
    return TrainingReport(
        c=c,
        threshold=threshold,
        validation=validation_scores,
        test=test_scores,
        n_train=len(train.texts),
        vocabulary=vocabulary,
        export_max_error=export_error,
    )


def choose_c(
    train: LabelledSentences, *, c_grid: tuple[float, ...], min_df: tuple[int, int]
) -> float:
    """Return the C whose out-of-fold average precision over unseen debates is highest."""
    from sklearn.model_selection import GroupKFold

    if not train.groups:
        raise ValueError("the training file has no File_id column to group debates by")
    splits = list(GroupKFold(n_splits=FOLDS).split(train.texts, train.labels, train.groups))

    def cross_validated_ap(c: float) -> float:
        out_of_fold = np.zeros(len(train.labels))
        for fit_rows, score_rows in splits:
            fitted = _Fitted(train.rows(fit_rows), c, min_df, heads=1)
            out_of_fold[score_rows] = fitted.probabilities(train.rows(score_rows).texts)[:, 0]
        ap = average_precision(train.labels, out_of_fold.tolist())
        logger.info("C=%s debate-grouped cross-validated average precision: %.4f", c, ap)
        return ap

    return max(c_grid, key=cross_validated_ap)


def _vocabulary(vectorizer: object) -> list[str]:
    vocabulary: dict[str, int] = vectorizer.vocabulary_  # type: ignore[attr-defined]
    ordered = [""] * len(vocabulary)
    for gram, column in vocabulary.items():
        ordered[column] = gram
    return ordered


def data_split(
    data_dir: Path,
) -> tuple[LabelledSentences, LabelledSentences, LabelledSentences | None]:
    """Return (train, validation, test) from ``data_dir``; test is None where the file is absent.

    Training is the crowdsourced file less any sentence of the other two files.
    """
    validation = read_labelled(data_dir / VALIDATION_FILE)
    test_path = data_dir / TEST_FILE
    test = read_labelled(test_path) if test_path.exists() else None
    return _without(read_labelled(data_dir / TRAIN_FILE), validation, test), validation, test


def _without(train: LabelledSentences, *held_out: LabelledSentences | None) -> LabelledSentences:
    """Drop training sentences that also appear in a held-out file, so scores stay honest."""
    seen = {t.strip().lower() for h in held_out if h is not None for t in h.texts}
    return train.rows(i for i, t in enumerate(train.texts) if t.strip().lower() not in seen)
