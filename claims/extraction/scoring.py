"""Choose a check-worthiness scorer by name.

Backends: "light" (n-gram + hand-feature logistic regression in numpy, the default), "neural"
(fine-tuned MiniLM as int8 ONNX, needs onnxruntime and tokenizers), "rules" (hand features
only). Each is loaded once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

DEFAULT_BACKEND = "light"
BACKENDS = ("light", "neural", "rules")


class Scorer(Protocol):
    """What the pipeline needs from a backend."""

    @property
    def name(self) -> str:
        """The backend name."""
        ...

    @property
    def version(self) -> str:
        """The model version, recorded with every extraction."""
        ...

    @property
    def threshold(self) -> float:
        """The default cut-off, chosen on validation data."""
        ...

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one check-worthiness probability (0..1) per text."""
        ...


class UnknownBackendError(ValueError):
    """The backend name is not one of ``BACKENDS``."""


@lru_cache(maxsize=len(BACKENDS))
def get_scorer(backend: str = DEFAULT_BACKEND) -> Scorer:
    """Return the scorer for ``backend``, loading its model on first use."""
    if backend == "light":
        from claims.extraction.light_model import LightModel

        return LightModel.load()
    if backend == "neural":
        from claims.extraction.neural_model import NeuralModel

        return NeuralModel.load()
    if backend == "rules":
        from claims.extraction.rules_scorer import RulesScorer

        return RulesScorer()
    raise UnknownBackendError(
        f"unknown extractor backend {backend!r}; choose one of {', '.join(BACKENDS)}"
    )
