"""Print the n-gram baseline the README compares the light model with.

The recipe from the team notes with scikit-learn's defaults: word 1-2-grams + char_wb
2-5-grams, sublinear TF-IDF, balanced logistic regression (C 1), threshold 0.5. Trained on the
same file as the shipped models (crowdsourced, less any sentence of the other two files);
figures on the ground truth (validation) and on CheckThat 2023 1B (test).

Run: ``.venv/bin/python bench/checkworthiness_baseline.py [DATA_DIR]`` (about a minute).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scipy import sparse  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from claims.extraction.datasets import read_labelled  # noqa: E402
from claims.extraction.light_training import (  # noqa: E402
    TEST_FILE,
    TRAIN_FILE,
    VALIDATION_FILE,
    _without,
)
from claims.extraction.metrics import classification_scores  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "checkworthiness"


def main() -> None:
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    validation = read_labelled(data_dir / VALIDATION_FILE)
    test = read_labelled(data_dir / TEST_FILE)
    train = _without(read_labelled(data_dir / TRAIN_FILE), validation, test)
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    words.fit(train.texts)
    chars.fit(train.texts)

    def features(texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([words.transform(texts), chars.transform(texts)]).tocsr()

    model = LogisticRegression(class_weight="balanced", max_iter=3000)
    model.fit(features(train.texts), train.labels)
    for name, sentences in (("validation (ground truth)", validation), ("test (CheckThat)", test)):
        probabilities = model.predict_proba(features(sentences.texts))[:, 1].tolist()
        s = classification_scores(sentences.labels, probabilities, 0.5)
        print(
            f"{name}: precision {s.precision:.3f} recall {s.recall:.3f} f1 {s.f1:.3f} "
            f"average_precision {s.average_precision:.3f}"
        )


if __name__ == "__main__":
    main()
