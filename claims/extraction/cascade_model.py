"""The ``cascade`` backend: the compact model scores every sentence, and the sentences it is
unsure of are scored again by the neural model, whose score they keep.

The uncertain band [low, high) is on the compact model's calibrated probability and is set by
``cascade_fit`` (run by ``calibrate_extractor --backend cascade``): the sentences nearest the
compact model's threshold, as many as the neural model's speed allows. Outside
the band the compact model is sure (below ``low`` out, at or above ``high`` in, whatever the
cut-off in between); inside it the neural model decides at its own threshold, which is the
cascade's. Both models' scores are calibrated probabilities, so the cascade's is one too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from claims.extraction.neural_model import MODEL_DIR, NeuralModel

META_FILE = "cascade-meta.json"
FIRST, SECOND = "compact", "neural"


@dataclass(frozen=True)
class CascadeModel:
    """Two transformer scorers and the band of the first's scores sent to the second."""

    first: NeuralModel
    second: NeuralModel
    low: float
    high: float
    version: str
    name: str = "cascade"

    @property
    def threshold(self) -> float:
        """The second model's: inside the band it decides; outside, any cut-off in it agrees."""
        return self.second.threshold

    @classmethod
    def load(cls, model_dir: Path = MODEL_DIR) -> CascadeModel:
        """Load both models and the band stored in ``cascade-meta.json``."""
        path = model_dir / META_FILE
        if not path.exists():
            raise FileNotFoundError(
                f"{path} is missing: fit the band with `manage.py calibrate_extractor DATA_DIR "
                "--backend cascade` or use another backend"
            )
        meta = json.loads(path.read_text(encoding="utf-8"))
        # The larger model first: opening a session briefly takes more than it keeps, and that
        # peak then comes before the smaller model is in memory (279 against 293 MB at peak).
        second = NeuralModel.load(model_dir, backend=SECOND)
        return cls.assemble(
            NeuralModel.load(model_dir, backend=FIRST),
            second,
            band=(float(meta["band"][0]), float(meta["band"][1])),
            version=str(meta["version"]),
        )

    @classmethod
    def assemble(
        cls, first: NeuralModel, second: NeuralModel, *, band: tuple[float, float], version: str
    ) -> CascadeModel:
        """Join two loaded models; the second's threshold must lie inside the band."""
        low, high = band
        if not low < second.threshold < high:
            raise ValueError(
                f"the {second.name} threshold {second.threshold} is outside the band "
                f"[{low}, {high}); refit it with `calibrate_extractor --backend cascade`"
            )
        return cls(
            first=first,
            # One sentence at a time: int8 activations are quantised per batch, so in a batch
            # a sentence's score moves with its neighbours' (by 0.13 for a seed sentence, across
            # the threshold); alone it is the same in any article. It costs speed on a large
            # file (the bench's sentences: 300 against 366 a second at the same band).
            second=replace(second, batch_size=1),
            low=low,
            high=high,
            version=f"{version}+{first.version}+{second.version}",
        )

    def uncertain(self, first_scores: np.ndarray) -> np.ndarray:
        """Return which of the first model's scores fall in the band (go to the second)."""
        return np.asarray((first_scores >= self.low) & (first_scores < self.high))

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one calibrated check-worthiness probability per text."""
        scores = np.asarray(self.first.score(texts), dtype=np.float64)
        rescored = np.flatnonzero(self.uncertain(scores))
        if rescored.size:
            scores[rescored] = self.second.score([texts[int(i)] for i in rescored])
        return [float(s) for s in scores]
