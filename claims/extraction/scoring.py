"""Choose a check-worthiness scorer by name.

Backends: "cascade" ("compact" on every sentence, "neural" on those it is unsure of; the default
on CPUs with AMX), "light" (n-gram + hand-feature logistic regression in numpy; the default
elsewhere), "compact" (a MiniLM student distilled from the neural model), "neural" (fine-tuned
all-mpnet-base-v2), both int8 ONNX on onnxruntime, and "rules" (hand features only). Each is
loaded once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from claims.extraction.int8_weights import cpu_flags

# The CPU flag on which the cascade runs at the service's speed.
FAST_CASCADE_FLAG = "amx_int8"


def default_backend(cpuinfo: str | None = None) -> str:
    """Return the most accurate backend this CPU runs at the service's speed.

    The cascade (CheckThat 2023 1B F1 0.895 against the light model's 0.792) meets the speed a
    default needs (300 sentences/s per core, 250 ms a 1,000-word article, 200 articles a minute
    per worker) where onnxruntime multiplies int8 with AMX. With VNNI alone it runs at 237
    sentences/s and 308 ms (AMD Zen 4), without either at 95 and 664 ms, so there the light
    model is the default (docs/extraction-model.md). ``cpuinfo`` is ``/proc/cpuinfo``'s text.
    """
    return "cascade" if FAST_CASCADE_FLAG in cpu_flags(cpuinfo) else "light"


DEFAULT_BACKEND = default_backend()
BACKENDS = ("cascade", "compact", "light", "neural", "rules")
# With the light backend, a sentence more likely non-factual than factual (ClaimBuster's NFS
# class: opinion, belief, question, declaration) is never a candidate, whatever its
# check-worthiness score: there is nothing in it to check. 0.5 is the balanced classifier's
# own cut-off, not a tuned value.
NON_FACTUAL_CUTOFF = 0.5


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
    if backend == "cascade":
        from claims.extraction.cascade_model import CascadeModel

        return CascadeModel.load()
    if backend in ("neural", "compact"):
        from claims.extraction.neural_model import NeuralModel

        return NeuralModel.load(backend=backend)
    if backend == "rules":
        from claims.extraction.rules_scorer import RulesScorer

        return RulesScorer()
    raise UnknownBackendError(
        f"unknown extractor backend {backend!r}; choose one of {', '.join(BACKENDS)}"
    )


def score_sentences(scorer: Scorer, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return each text's check-worthiness score and its probability of being non-factual.

    Only the light model has a non-factual head (one pass gives both). The neural model's
    score already counts opinion as not check-worthy, and a veto from the lighter model's head
    costs it recall off its home ground (an earlier neural model's CheckThat F1 0.864 -> 0.819,
    docs/extraction-model.md), so for the other backends nothing is filtered (zeros).
    """
    from claims.extraction.light_model import LightModel

    if isinstance(scorer, LightModel):
        both = scorer.probabilities(texts)
        return both[:, 0], both[:, 1]
    return np.asarray(scorer.score(texts), dtype=np.float64), np.zeros(len(texts))
