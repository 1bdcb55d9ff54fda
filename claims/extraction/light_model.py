"""The light check-worthiness model: TF-IDF n-grams + hand features, logistic regression.

Inference is plain numpy over a ``.npz`` artifact (no pickle, no scikit-learn at run time):
for each block (word n-grams, character n-grams) the score is
``sum((1 + log tf) * idf * coef) / ||(1 + log tf) * idf||``, which is exactly what the
fitted sublinear, L2-normalised TF-IDF features times the coefficients give.

The artifact holds two heads over the same features: "check_worthy" (the score) and
"non_factual" (ClaimBuster's NFS class: opinions, beliefs, questions, declarations), which the
pipeline uses to keep pure opinion out of the queue (``scoring.score_sentences``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

import numpy as np

from claims.extraction.calibration import IDENTITY, Calibration
from claims.extraction.hand_features import hand_features
from claims.extraction.text_features import char_ngrams, word_ngrams

ARTIFACT = Path(__file__).with_name("models") / "light-checkworthiness.npz"
# The Platt map of the check-worthy head, fitted on the validation file by
# ``calibrate_extractor``; beside the artifact, and applied only to the model version it names.
CALIBRATION_FILE = "light-calibration.json"

logger = logging.getLogger(__name__)
HEADS = ("check_worthy", "non_factual")


# Words repeat across sentences, so the character n-gram columns of each word are cached; the
# cap keeps memory bounded on adversarial input (every word new).
_WORD_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class NgramBlock:
    """One TF-IDF block of the model: its vocabulary, idf and coefficients."""

    analyzer: Callable[[str], list[str]]
    index: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # (vocabulary, heads)
    per_word: bool = False  # the analyzer works word by word (char_wb): cache per word
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def columns(self, text: str) -> list[int]:
        """Return the vocabulary columns of the n-grams of ``text``, repeated by count."""
        index = self.index
        if not self.per_word:
            return [index[g] for g in self.analyzer(text) if g in index]
        columns: list[int] = []
        cache = self._cache
        for word in text.lower().split():
            known = cache.get(word)
            if known is None:
                known = tuple(index[g] for g in self.analyzer(word) if g in index)
                if len(cache) >= _WORD_CACHE_SIZE:
                    cache.clear()
                cache[word] = known
            columns.extend(known)
        return columns

    def contributions(self, texts: Sequence[str]) -> np.ndarray:
        """Return this block's share of each head's decision function, (texts, heads)."""
        # Each text's columns, counted per (text, column) by numpy rather than a Counter and
        # three list appends per pair (some 14,000 pairs in a 1,000-word article).
        found = [self.columns(text) for text in texts]
        heads = self.coef.shape[1]
        total = sum(len(c) for c in found)
        if not total:
            return np.zeros((len(texts), heads))
        width = len(self.idf)
        flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=total)
        flat += np.repeat(np.arange(len(texts), dtype=np.int64) * width, [len(c) for c in found])
        pairs, counts = np.unique(flat, return_counts=True)
        rows, at = np.divmod(pairs, width)
        weights = (1.0 + np.log(counts.astype(np.float64))) * self.idf[at]
        norms = np.sqrt(np.bincount(rows, weights * weights, minlength=len(texts)))
        dots = np.stack(
            [
                np.bincount(rows, weights * self.coef[at, h], minlength=len(texts))
                for h in range(heads)
            ],
            axis=1,
        )
        return np.divide(dots, norms[:, None], out=np.zeros_like(dots), where=norms[:, None] > 0)


@dataclass(frozen=True)
class LightModel:
    """The default scorer; load it with :meth:`load`."""

    words: NgramBlock
    chars: NgramBlock
    hand_coef: np.ndarray  # (hand features, heads)
    intercept: np.ndarray  # (heads,)
    threshold: float
    version: str
    meta: dict[str, object]
    name: str = "light"
    calibration: Calibration = IDENTITY  # of the check-worthy head only
    raw_threshold: float = 0.5

    @classmethod
    def load(cls, path: Path = ARTIFACT, *, calibrated: bool = True) -> LightModel:
        """Load the model from its ``.npz`` artifact, and its calibration from beside it."""
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            model = cls(
                words=_block(word_ngrams, data, "word"),
                chars=_block(char_ngrams, data, "char", per_word=True),
                hand_coef=data["hand_coef"].astype(np.float64),
                intercept=data["intercept"].astype(np.float64),
                threshold=float(data["threshold"][0]),
                version=str(meta["version"]),
                meta=meta,
            )
        model = replace(model, raw_threshold=model.threshold)
        calibration_path = path.with_name(CALIBRATION_FILE)
        if not calibrated or not calibration_path.exists():
            return model
        stored = json.loads(calibration_path.read_text(encoding="utf-8"))
        if stored.get("model_version") != model.version:
            # A retrained artifact with an old map would be miscalibrated: better raw scores.
            logger.warning(
                "%s is for light model %s, not %s: scores are uncalibrated",
                calibration_path,
                stored.get("model_version"),
                model.version,
            )
            return model
        return replace(
            model,
            calibration=Calibration.from_json(stored),
            threshold=float(stored["threshold"]),
        )

    def uncalibrated(self) -> LightModel:
        """Return this model with raw scores and its raw threshold."""
        return replace(self, calibration=IDENTITY, threshold=self.raw_threshold)

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one check-worthiness probability per text."""
        return self.probabilities(texts)[:, HEADS.index("check_worthy")].tolist()

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Return every head's probability for each text, (texts, heads) in ``HEADS`` order."""
        if not texts:
            return np.zeros((0, len(HEADS)))
        hand = np.vstack([hand_features(t) for t in texts]).astype(np.float64)
        logits = self.words.contributions(texts) + self.chars.contributions(texts)
        logits += hand @ self.hand_coef + self.intercept
        both = np.asarray(1.0 / (1.0 + np.exp(-logits)))
        column = HEADS.index("check_worthy")
        both[:, column] = self.calibration.apply(both[:, column])
        return both


def save(
    path: Path,
    blocks: dict[str, tuple[list[str], np.ndarray, np.ndarray]],
    hand_coef: np.ndarray,
    intercept: np.ndarray,
    threshold: float,
    meta: dict[str, object],
) -> None:
    """Write a model artifact; ``blocks`` maps "word"/"char" to (vocabulary, idf, coef).

    Coefficients are (features, heads) and ``intercept`` (heads,), in ``HEADS`` order.
    """
    arrays: dict[str, np.ndarray] = {}
    for name, (vocabulary, idf, coef) in blocks.items():
        arrays[f"{name}_vocab"] = np.frombuffer(
            "\n".join(vocabulary).encode("utf-8"), dtype=np.uint8
        )
        arrays[f"{name}_idf"] = idf.astype(np.float32)
        arrays[f"{name}_coef"] = coef.astype(np.float32)
    arrays["hand_coef"] = hand_coef.astype(np.float32)
    arrays["intercept"] = np.asarray(intercept, dtype=np.float64)
    arrays["threshold"] = np.array([threshold], dtype=np.float64)
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # The stub types **kwargs as if they could hold allow_pickle.
        np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]


def _block(
    analyzer: Callable[[str], list[str]],
    data: np.lib.npyio.NpzFile,
    name: str,
    *,
    per_word: bool = False,
) -> NgramBlock:
    vocabulary = bytes(data[f"{name}_vocab"]).decode("utf-8").split("\n")
    return NgramBlock(
        analyzer=analyzer,
        index={gram: i for i, gram in enumerate(vocabulary)},
        idf=data[f"{name}_idf"].astype(np.float64),
        coef=data[f"{name}_coef"].astype(np.float64),
        per_word=per_word,
    )
