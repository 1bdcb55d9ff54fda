"""The neural check-worthiness model: fine-tuned all-mpnet-base-v2, int8 ONNX, onnxruntime.

Optional: it needs ``onnxruntime`` and ``tokenizers`` and the exported files under
``models/``. No torch at run time. The model may be an ensemble: ``neural-meta.json`` lists its
members (the same recipe fine-tuned from different seeds), and the score is their mean
probability. The shipped model has one member.
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
BATCH_SIZE = 32


@dataclass(frozen=True)
class NeuralModel:
    """The neural scorer; load it with :meth:`load`."""

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

    @classmethod
    def load(
        cls,
        model_dir: Path = MODEL_DIR,
        *,
        threshold: float | None = None,
        members: Sequence[str] | None = None,
        calibrated: bool = True,
    ) -> NeuralModel:
        """Load the ONNX members, their tokenizer and the meta (threshold, version, members).

        ``calibrated=False`` ignores the meta's calibration: raw scores, raw threshold.
        """
        from tokenizers import Tokenizer

        meta_path = model_dir / "neural-meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        paths = [
            model_dir / name
            for name in members or meta.get("members", [member_file(encoder="mpnet")])
        ]
        for path in paths:
            if not path.exists():
                raise FileNotFoundError(
                    f"{path} is missing: export it with `manage.py train_extractor DATA_DIR "
                    "--backend neural` or use the light backend"
                )
        sessions = tuple(onnx_session(path) for path in paths)
        tokenizer = Tokenizer.from_file(str(model_dir / "neural-tokenizer.json"))
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
            version=str(meta.get("version", "neural-uncalibrated")),
            pad_id=int(padding["pad_id"]) if padding else 0,
            calibration=calibration,
            raw_threshold=raw_threshold,
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
        for batch, inputs in length_batches(encodings, pad_id=self.pad_id, batch_size=BATCH_SIZE):
            probabilities[batch] = np.mean(
                [_positive(session.run(["logits"], inputs)[0]) for session in self.sessions],
                axis=0,
            )
        return [float(p) for p in self.calibration.apply(probabilities)]


def member_file(*, encoder: str, seed: int = 0) -> str:
    """Return the model file's name: named after its encoder, and its seed if not the first.

    The shipped model is one file (``neural-mpnet.int8.onnx``); an ensemble trained with
    ``--seeds`` adds one ``neural-<encoder>-seed<n>.int8.onnx`` per further seed.
    """
    return f"neural-{encoder}.int8.onnx" if seed == 0 else f"neural-{encoder}-seed{seed}.int8.onnx"


def _positive(logits: np.ndarray) -> np.ndarray:
    """Return the check-worthy class's softmax probability of each row of ``logits``."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted[:, 1] / shifted.sum(axis=1))
