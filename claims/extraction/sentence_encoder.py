"""Sentence embeddings for claim matching: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime.

No torch at run time. The graph (``matcher-minilm.int8.onnx``, exported by
``manage.py train_matcher``) does the mean pooling and the L2 normalisation itself, so its
``embeddings`` output rows are unit vectors and a dot product is their cosine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from claims.extraction.onnx_batches import length_batches, onnx_session
from claims.extraction.retrieval import clean_for_matching

MODEL_DIR = Path(__file__).with_name("models")
MODEL_FILE = "matcher-minilm.int8.onnx"
TOKENIZER_FILE = "matcher-tokenizer.json"
META_FILE = "matcher-meta.json"
MAX_LENGTH = 128
BATCH_SIZE = 32
DIMENSIONS = 384


@dataclass(frozen=True)
class SentenceEncoder:
    """Turns texts into unit vectors; load it with :meth:`load` (or :func:`default_encoder`)."""

    session: Any
    tokenizer: Any
    name: str
    dimensions: int = DIMENSIONS
    pad_id: int = 0

    @classmethod
    def load(cls, model_dir: Path = MODEL_DIR) -> SentenceEncoder:
        """Load the ONNX encoder, its tokenizer and its meta (model name)."""
        from tokenizers import Tokenizer

        path = model_dir / MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(
                f"{path} is missing: rebuild it with `manage.py train_matcher DATA_DIR`"
            )
        meta_path = model_dir / META_FILE
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        session = onnx_session(path)
        tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
        padding = tokenizer.padding
        tokenizer.enable_truncation(MAX_LENGTH)
        tokenizer.no_padding()  # batches are padded here, by length
        return cls(
            session=session,
            tokenizer=tokenizer,
            name=str(meta.get("version", "matcher-minilm")),
            dimensions=int(meta.get("dimensions", DIMENSIONS)),
            pad_id=int(padding["pad_id"]) if padding else 0,
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one float32 unit vector per text, shape (len(texts), dimensions).

        Batched by length: one call for all of an article's claims costs far less than one
        call per claim.
        """
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([clean_for_matching(t) for t in texts])
        for batch, inputs in length_batches(encodings, pad_id=self.pad_id, batch_size=BATCH_SIZE):
            names = {i.name for i in self.session.get_inputs()}
            if "token_type_ids" in names:
                inputs["token_type_ids"] = np.zeros_like(inputs["input_ids"])
            out[batch] = self.session.run(["embeddings"], inputs)[0]
        return out


class Encoder(Protocol):
    """What matching needs of an encoder: unit vectors, and a name for the vectors it made."""

    @property
    def name(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


ENCODERS = ("static", "minilm")


@lru_cache(maxsize=len(ENCODERS))
def default_encoder(kind: str = "static") -> Encoder:
    """Return the shipped encoder of ``kind`` (``ENCODERS``), loaded once per process."""
    from claims.extraction.static_encoder import StaticEncoder

    if kind == "static":
        return StaticEncoder.load()
    if kind == "minilm":
        return SentenceEncoder.load()
    raise ValueError(f"unknown encoder {kind!r}; choose one of {', '.join(ENCODERS)}")
