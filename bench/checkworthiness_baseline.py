"""Print the n-gram baseline the README compares the light model with, on three kinds of data.

The baseline is the recipe from the team notes with scikit-learn's defaults: word 1-2-grams +
char_wb 2-5-grams, sublinear TF-IDF, balanced logistic regression (C 1), threshold 0.5. It is
trained on the same file as the shipped models (crowdsourced, less any sentence of the other
two files) and scored:

1. on the ground truth (validation) and on CheckThat 2023 1B (test);
2. on debates neither model has seen: 5-fold cross-validation over the training file grouped
   by debate (``File_id``), the baseline against the light recipe as shipped (its C, both heads,
   the non-factual veto), with a 95% interval for the difference from resampling whole debates.
   CheckThat has 318 sentences; this has 22,480 from 33 debates.

Run: ``.venv/bin/python bench/checkworthiness_baseline.py [DATA_DIR]`` (about 5 minutes).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import average_precision_score, f1_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from claims.extraction.datasets import LabelledSentences  # noqa: E402
from claims.extraction.light_model import ARTIFACT, LightModel  # noqa: E402
from claims.extraction.light_training import FOLDS, _Fitted, data_split  # noqa: E402
from claims.extraction.metrics import classification_scores  # noqa: E402
from claims.extraction.scoring import NON_FACTUAL_CUTOFF  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "checkworthiness"
RESAMPLES = 1000


class Baseline:
    """The notes' recipe, fitted on ``train``."""

    def __init__(self, train: LabelledSentences) -> None:
        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(train.texts)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True).fit(
            train.texts
        )
        self.model = LogisticRegression(class_weight="balanced", max_iter=3000)
        self.model.fit(self._features(train.texts), train.labels)

    def _features(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()

    def probabilities(self, texts: list[str]) -> np.ndarray:
        return self.model.predict_proba(self._features(texts))[:, 1]


def main() -> None:
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    train, validation, test = data_split(data_dir)
    if test is None:
        sys.exit(f"{data_dir} has no CheckThat test file; the baseline is reported on it")
    baseline = Baseline(train)
    for name, sentences in (("validation (ground truth)", validation), ("test (CheckThat)", test)):
        probabilities = baseline.probabilities(sentences.texts).tolist()
        s = classification_scores(sentences.labels, probabilities, 0.5)
        print(
            f"baseline, {name}: precision {s.precision:.3f} recall {s.recall:.3f} "
            f"f1 {s.f1:.3f} average_precision {s.average_precision:.3f}"
        )
    unseen_debates(train)


def unseen_debates(train: LabelledSentences) -> None:
    """Print both models' out-of-fold figures over unseen debates, and their difference."""
    c = float(LightModel.load(ARTIFACT).meta["c"])  # type: ignore[arg-type]
    y = np.asarray(train.labels)
    groups = np.asarray(train.groups)
    scores = {"baseline": np.zeros(len(y)), "light": np.zeros(len(y))}
    decisions = {"baseline": np.zeros(len(y), bool), "light": np.zeros(len(y), bool)}
    for fit_rows, score_rows in GroupKFold(n_splits=FOLDS).split(train.texts, y, groups):
        fitting, scored = train.rows(fit_rows), train.rows(score_rows)
        base = Baseline(fitting).probabilities(scored.texts)
        light = _Fitted(fitting, c, (2, 3)).probabilities(scored.texts)
        scores["baseline"][score_rows], decisions["baseline"][score_rows] = base, base >= 0.5
        scores["light"][score_rows] = light[:, 0]
        decisions["light"][score_rows] = (light[:, 0] >= 0.5) & (light[:, 1] < NON_FACTUAL_CUTOFF)
    print(
        f"{len(set(train.groups))} unseen debates, {len(y)} sentences, out of fold "
        f"(light at its shipped C {c:g}, with its non-factual veto):"
    )
    for name in scores:
        print(
            f"  {name}: f1 {f1_score(y, decisions[name]):.3f} "
            f"average_precision {average_precision_score(y, scores[name]):.3f}"
        )
    rows_of = {g: np.flatnonzero(groups == g) for g in np.unique(groups)}
    debates = list(rows_of)
    rng = np.random.default_rng(0)
    f1_gain, ap_gain = [], []
    for _ in range(RESAMPLES):
        rows = np.concatenate(
            [rows_of[debates[i]] for i in rng.integers(0, len(debates), len(debates))]
        )
        f1_gain.append(
            f1_score(y[rows], decisions["light"][rows])
            - f1_score(y[rows], decisions["baseline"][rows])
        )
        ap_gain.append(
            average_precision_score(y[rows], scores["light"][rows])
            - average_precision_score(y[rows], scores["baseline"][rows])
        )  # fmt: skip
    for name, gain in (("f1", f1_gain), ("average_precision", ap_gain)):
        low, high = np.percentile(gain, [2.5, 97.5])
        print(
            f"  light - baseline {name}: {np.mean(gain):+.3f} "
            f"[95% over resampled debates: {low:+.3f} to {high:+.3f}]"
        )


if __name__ == "__main__":
    main()
