"""ONNX encoders' shared parts: one session's settings, and batches of similar length."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.int8_weights import (
    release_freed_memory,
    signed_int8_is_exact,
    write_signed_copy,
)

logger = logging.getLogger(__name__)
UNFUSED = ["SkipLayerNormFusion"]


def onnx_session(path: Path, threads: int = 1, *, signed: bool | None = None) -> Any:
    """Open ``path`` for inference the way a worker process runs it.

    ``signed``: multiply with the int8 weights signed (faster; exact only on CPUs with VNNI or
    AMX, ``int8_weights``); by default, where the CPU has them.

    One thread (``threads`` is for training, which has the machine to itself): a worker
    process encodes one article at a time; parallelism comes from running more worker
    processes, not from fighting over cores inside one. No memory pattern: the runtime would
    keep one allocation plan per input shape, and batches padded to their own length come in
    many shapes, so a worker's memory kept growing with the articles it saw (+28 MB over 150
    batches here, flat without it, at the same speed).
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.enable_mem_pattern = False
    if signed is None:
        signed = signed_int8_is_exact()

    def opened(file: Path) -> Any:
        # onnxruntime's fused residual-add-and-layer-norm kernel took 20% of the compact model's
        # time (540 us a node against 60 us for a plain LayerNormalization); unfused, both models
        # run 13-17% faster. The rounding differs, so a score can move by a few thousandths
        # (docs/extraction-model.md).
        return onnxruntime.InferenceSession(
            str(file), options, providers=["CPUExecutionProvider"], disabled_optimizers=UNFUSED
        )

    if not signed:
        return opened(path)
    # Through a file: a session made from bytes keeps them, a second copy of the model.
    try:
        with tempfile.TemporaryDirectory(prefix="factcheck-onnx-") as folder:
            signed_path = Path(folder) / path.name
            write_signed_copy(path, signed_path)
            session = opened(signed_path)
    # No room or no right to write a temporary file, or weights stored otherwise: slower, as right.
    except (OSError, ValueError) as error:
        logger.warning("%s opened with unsigned int8 weights (slower): %s", path.name, error)
        return onnx_session(path, threads, signed=False)
    finally:
        release_freed_memory()
    return session


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
