"""The transformer check-worthiness models, int8 ONNX on onnxruntime: ``neural`` and ``compact``.

``neural`` is all-mpnet-base-v2 fine-tuned on ClaimBuster; ``compact`` is a MiniLM student
distilled from it (``compact_training``). Each backend's files under ``models/`` share its
name: ``<backend>-meta.json`` (version, threshold, calibration, members),
``<backend>-tokenizer.json`` and the ONNX members it lists. They need ``onnxruntime`` and
``tokenizers``; no torch at run time. A model may be an ensemble (the same recipe from
different seeds, scored by the members' mean probability); the shipped ones have one member.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.calibration import IDENTITY, Calibration
from claims.extraction.onnx_batches import length_batches, onnx_session

MODEL_DIR = Path(__file__).with_name("models")
MAX_LENGTH = 96
# The transformer backends and the encoder each one's shipped model is built on.
DEFAULT_ENCODERS = {"neural": "mpnet", "compact": "minilm"}
# Texts per batch. The compact model's are small: one thread gains nothing from wide batches,
# and an article's few dozen sentences, each padded to its batch's longest, waste less (its
# scoring of a 1,000-word article: 156 ms at 8, 204 ms at 32; the same speed either way on a
# large sorted corpus). The neural model keeps the 32 its figures were measured with: int8
# activations are quantised per batch, so a batch's make-up moves its scores a little.
BATCH_SIZES = {"neural": 32, "compact": 8}


@dataclass(frozen=True)
class NeuralModel:
    """A transformer scorer (``neural`` or ``compact``); load it with :meth:`load`."""

    BACKENDS = tuple(DEFAULT_ENCODERS)

    sessions: tuple[Any, ...]
    tokenizer: Any
    threshold: float
    version: str
    pad_id: int = 0
    name: str = "neural"
    # Platt map fitted on the validation file (``calibrate_extractor``); ``threshold`` is on the
    # calibrated scale, ``raw_threshold`` is the same cut-off on the model's own scale.
    calibration: Calibration = IDENTITY
    raw_threshold: float = 0.5
    batch_size: int = 32

    @classmethod
    def load(
        cls,
        model_dir: Path = MODEL_DIR,
        *,
        threshold: float | None = None,
        members: Sequence[str] | None = None,
        calibrated: bool = True,
        backend: str = "neural",
        threads: int = 1,
    ) -> NeuralModel:
        """Load ``backend``'s ONNX members, their tokenizer and its meta.

        ``calibrated=False`` ignores the meta's calibration: raw scores, raw threshold.
        """
        from tokenizers import Tokenizer

        meta_path = model_dir / f"{backend}-meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        default_members = [member_file(encoder=DEFAULT_ENCODERS[backend], backend=backend)]
        paths = [model_dir / name for name in members or meta.get("members", default_members)]
        for path in paths:
            if not path.exists():
                raise FileNotFoundError(
                    f"{path} is missing: export it with `manage.py train_extractor DATA_DIR "
                    f"--backend {backend}` or use the light backend"
                )
        sessions = tuple(onnx_session(path, threads) for path in paths)
        tokenizer = Tokenizer.from_file(str(model_dir / f"{backend}-tokenizer.json"))
        padding = tokenizer.padding  # the padding token the model was trained with
        tokenizer.enable_truncation(MAX_LENGTH)
        tokenizer.no_padding()  # batches are padded here, by length
        calibration = Calibration.from_json(meta.get("calibration") if calibrated else None)
        raw_threshold = float((meta.get("calibration") or {}).get("raw_threshold", 0.5))
        stored = float(meta.get("threshold", 0.5)) if calibrated else raw_threshold
        return cls(
            sessions=sessions,
            tokenizer=tokenizer,
            threshold=float(threshold if threshold is not None else stored),
            version=str(meta.get("version", f"{backend}-uncalibrated")),
            pad_id=int(padding["pad_id"]) if padding else 0,
            calibration=calibration,
            raw_threshold=raw_threshold,
            name=backend,
            batch_size=BATCH_SIZES[backend],
        )

    def uncalibrated(self) -> NeuralModel:
        """Return this model with raw scores and its raw threshold."""
        return replace(self, calibration=IDENTITY, threshold=self.raw_threshold)

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one check-worthiness probability per text (batched by length).

        With several members, the mean of their probabilities.
        """
        if not texts:
            return []
        encodings = self.tokenizer.encode_batch(list(texts))
        probabilities = np.zeros(len(texts))
        for batch, inputs in length_batches(
            encodings, pad_id=self.pad_id, batch_size=self.batch_size
        ):
            probabilities[batch] = np.mean(
                [_positive(session.run(["logits"], inputs)[0]) for session in self.sessions],
                axis=0,
            )
        return [float(p) for p in self.calibration.apply(probabilities)]


def member_file(*, encoder: str, seed: int = 0, backend: str = "neural") -> str:
    """Return a model file's name: its backend, its encoder, and its seed if not the first.

    Each shipped model is one file (``neural-mpnet.int8.onnx``, ``compact-minilm.int8.onnx``);
    an ensemble trained with ``--seeds`` adds one ``<backend>-<encoder>-seed<n>.int8.onnx`` per
    further seed.
    """
    suffix = "" if seed == 0 else f"-seed{seed}"
    return f"{backend}-{encoder}{suffix}.int8.onnx"


def _positive(logits: np.ndarray) -> np.ndarray:
    """Return the check-worthy class's softmax probability of each row of ``logits``."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted[:, 1] / shifted.sum(axis=1))
