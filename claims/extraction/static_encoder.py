"""Static sentence embeddings for claim matching: one learnt vector per word piece, summed.

The default encoder (docs/matching.md). No network at run time and no model runtime: the
sentence is cut into word pieces by the MiniLM tokenizer (``matcher-tokenizer.json``), the
pieces' rows of ``matcher-static.npz`` are summed and the sum scaled to unit length, so a dot
product is a cosine. The table was distilled from the fine-tuned MiniLM encoder and then tuned
on the CLEF train pairs (``manage.py distil_matcher``). About 170 times cheaper than MiniLM
per claim, and a text's vector does not depend on the other texts of its batch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.retrieval import clean_for_matching

MODEL_DIR = Path(__file__).with_name("models")
TABLE_FILE = "matcher-static.npz"
META_FILE = "matcher-static.json"
TOKENIZER_FILE = "matcher-tokenizer.json"
MAX_LENGTH = 128  # word pieces per text, as MiniLM reads (the table was trained so)


@dataclass(frozen=True)
class StaticEncoder:
    """Turns texts into unit vectors; load it with :meth:`load`."""

    table: np.ndarray  # (vocabulary, dimensions) float16
    tokenizer: Any
    name: str
    special: frozenset[int]

    @property
    def dimensions(self) -> int:
        return int(self.table.shape[1])

    @classmethod
    def load(cls, model_dir: Path = MODEL_DIR) -> StaticEncoder:
        """Load the table, its meta (model name) and the word-piece tokenizer."""
        from tokenizers import Tokenizer

        path = model_dir / TABLE_FILE
        if not path.exists():
            raise FileNotFoundError(
                f"{path} is missing: rebuild it with `manage.py distil_matcher DATA_DIR`"
            )
        meta = json.loads((model_dir / META_FILE).read_text(encoding="utf-8"))
        with np.load(path) as stored:
            table = stored["table"]
        tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
        tokenizer.enable_truncation(MAX_LENGTH)
        tokenizer.no_padding()
        special = {tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]")}
        return cls(
            table=table,
            tokenizer=tokenizer,
            name=str(meta["version"]),
            special=frozenset(i for i in special if i is not None),
        )

    def pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """Return each text's word-piece ids, special tokens left out."""
        encodings = self.tokenizer.encode_batch([clean_for_matching(t) for t in texts])
        return [[i for i in e.ids if i not in self.special] for e in encodings]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one float32 unit vector per text, shape (len(texts), dimensions).

        A text with no word piece (empty, or only punctuation the tokenizer drops) gets the
        zero vector: it matches nothing.
        """
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, ids in enumerate(self.pieces(texts)):
            if ids:
                summed = self.table[ids].sum(axis=0, dtype=np.float32)
                norm = float(np.linalg.norm(summed))
                if norm > 0:
                    out[row] = summed / norm
        return out
