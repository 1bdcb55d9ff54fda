"""Print the neural recipe's figures on debates it has never seen.

The same 5 folds over the training file, grouped by debate (``File_id``), as
``bench/checkworthiness_baseline.py`` uses for the light model and the baseline: for each fold,
the neural recipe (seed 0) is fine-tuned on the other four folds' debates and scores this
fold's. Figures are out of fold over all 22,480 sentences: F1 at 0.5 and at the shipped
model's threshold, average precision, and the threshold ``choose_threshold`` picks on these
unseen debates (that choice is the shipped neural threshold). Scores come from the float torch
model (the int8 ONNX export scores within a few thousandths of it).

The encoder is MiniLM-L6 unless ``--encoder mpnet`` is given: about 55 minutes on 2 cores with
MiniLM, about three and a half hours with the shipped mpnet encoder. Needs
``requirements-train.txt``.
Run: ``.venv/bin/python bench/checkworthiness_neural_unseen.py [DATA_DIR] [--encoder mpnet]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from claims.extraction.encoders import ENCODERS  # noqa: E402
from claims.extraction.light_training import FOLDS, data_split  # noqa: E402
from claims.extraction.metrics import choose_threshold, classification_scores  # noqa: E402
from claims.extraction.neural_model import MODEL_DIR  # noqa: E402
from claims.extraction.neural_training import (  # noqa: E402
    NeuralTrainingConfig,
    fine_tune_on,
    torch_probabilities,
)

DATA = ROOT.parent / "shared" / "data" / "checkworthiness"


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA)
    parser.add_argument("--encoder", choices=ENCODERS, default="minilm")
    args = parser.parse_args()
    encoder, data_dir = args.encoder, args.data_dir
    config = NeuralTrainingConfig(encoder=encoder)
    train, validation, _ = data_split(data_dir)
    out_of_fold = np.zeros(len(train.labels))
    started = time.time()
    splits = GroupKFold(n_splits=FOLDS).split(train.texts, train.labels, train.groups)
    for fold, (fit_rows, score_rows) in enumerate(splits, 1):
        model, tokenizer = fine_tune_on(train.rows(fit_rows), validation, config)
        out_of_fold[score_rows] = torch_probabilities(
            model, tokenizer, train.rows(score_rows).texts
        )
        logging.info("fold %d/%d done, %.0f s", fold, FOLDS, time.time() - started)
    shipped = float(json.loads((MODEL_DIR / "neural-meta.json").read_text())["threshold"])
    labels, scores = train.labels, out_of_fold.tolist()
    print(
        f"neural recipe ({encoder}, seed 0), {len(set(train.groups))} unseen debates, "
        f"{len(labels)} sentences, out of fold:"
    )
    for threshold in sorted({0.5, shipped}):
        s = classification_scores(labels, scores, threshold)
        print(
            f"  at {threshold:g}: precision {s.precision:.3f} recall {s.recall:.3f} "
            f"f1 {s.f1:.3f} average_precision {s.average_precision:.3f}"
        )
    print(f"  choose_threshold on these debates: {choose_threshold(labels, scores):g}")


if __name__ == "__main__":
    main()
