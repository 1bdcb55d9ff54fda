"""Feed tokenized texts to an ONNX encoder in batches of similar length (less padding)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np


def length_batches(
    encodings: Sequence[Any], *, pad_id: int, batch_size: int
) -> Iterator[tuple[list[int], dict[str, np.ndarray]]]:
    """Yield (positions in ``encodings``, model inputs) per batch, shortest texts first.

    Each batch is padded with ``pad_id`` to its own longest text; the attention mask marks the
    real tokens.
    """
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        width = max(len(encodings[i].ids) for i in batch)
        ids = np.full((len(batch), width), pad_id, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, i in enumerate(batch):
            length = len(encodings[i].ids)
            ids[row, :length] = encodings[i].ids
            mask[row, :length] = 1
        yield batch, {"input_ids": ids, "attention_mask": mask}
