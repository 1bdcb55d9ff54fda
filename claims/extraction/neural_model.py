"""The neural check-worthiness model: fine-tuned MiniLM-L6, int8 ONNX, run by onnxruntime.

Optional: it needs ``onnxruntime`` and ``tokenizers`` and the exported files under
``models/``. No torch at run time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).with_name("models")
MAX_LENGTH = 96
BATCH_SIZE = 32


@dataclass(frozen=True)
class NeuralModel:
    """The neural scorer; load it with :meth:`load`."""

    session: Any
    tokenizer: Any
    threshold: float
    version: str
    name: str = "neural"

    @classmethod
    def load(cls, model_dir: Path = MODEL_DIR, *, threshold: float | None = None) -> NeuralModel:
        """Load the ONNX model, its tokenizer and its meta (threshold, version)."""
        import onnxruntime
        from tokenizers import Tokenizer

        model_path = model_dir / "neural-checkworthiness.int8.onnx"
        if not model_path.exists():
            raise FileNotFoundError(
                f"{model_path} is missing: export it with `manage.py train_extractor DATA_DIR "
                "--backend neural` or use the light backend"
            )
        options = onnxruntime.SessionOptions()
        # One thread: a worker process scores one article at a time; parallelism comes from
        # running more worker processes, not from fighting over cores inside one.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(model_path),
            options,
            providers=["CPUExecutionProvider"],
        )
        tokenizer = Tokenizer.from_file(str(model_dir / "neural-tokenizer.json"))
        tokenizer.enable_truncation(MAX_LENGTH)
        tokenizer.no_padding()
        meta_path = model_dir / "neural-meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        return cls(
            session=session,
            tokenizer=tokenizer,
            threshold=float(threshold if threshold is not None else meta.get("threshold", 0.5)),
            version=str(meta.get("version", "neural-uncalibrated")),
        )

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one check-worthiness probability per text (batched by length)."""
        if not texts:
            return []
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        probabilities = np.zeros(len(texts))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                length = len(encodings[i].ids)
                ids[row, :length] = encodings[i].ids
                mask[row, :length] = 1
            (logits,) = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
            probabilities[batch] = shifted[:, 1] / shifted.sum(axis=1)
        return [float(p) for p in probabilities]
