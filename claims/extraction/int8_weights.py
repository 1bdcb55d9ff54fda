"""The int8 models' weights: stored unsigned, multiplied signed where the CPU gets that right.

The ONNX models (``neural``, ``compact``, the matcher) store the int8 weights of every
``MatMulInteger`` as uint8 with zero point 128, so that onnxruntime multiplies them with its
u8 x u8 kernel: on x86 CPUs without VNNI its u8 x s8 kernel saturates 16-bit sums (the neural
model scored 0.05 on sentences it scores 0.99 elsewhere). On CPUs with VNNI or AMX the u8 x s8
kernel accumulates in 32 bits and is several times faster (here, with AMX: 1,100 against 190
GOPS on a 384 x 1,536 product; the compact model 2.6 times and the neural one 3.8 times faster
end to end), so :func:`write_signed_copy` shifts the weights back (w - 128, zero point - 128: the
same numbers, the same scores) in a temporary copy when a session is opened.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction import onnx_wire

CPUINFO = Path("/proc/cpuinfo")
# CPU flags (as Linux names them) whose int8 dot products accumulate in 32 bits.
EXACT_SIGNED_INT8 = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})
UINT8, INT8 = 2, 3  # onnx.TensorProto's element types
BLOCK = 1 << 20


def cpu_flags(cpuinfo: str | None = None) -> frozenset[str]:
    """Return the CPU's flags as Linux names them (empty off x86 or without ``/proc/cpuinfo``).

    ``cpuinfo`` is the text of ``/proc/cpuinfo``, read when not given.
    """
    if cpuinfo is None:
        if platform.machine().lower() not in ("x86_64", "amd64"):
            return frozenset()
        try:
            cpuinfo = CPUINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return frozenset()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def signed_int8_is_exact(cpuinfo: str | None = None) -> bool:
    """Whether onnxruntime's u8 x s8 kernel is exact here: an x86 CPU with VNNI or AMX.

    Anything else (no such file, another architecture) keeps the unsigned weights, which are
    right everywhere.
    """
    return bool(EXACT_SIGNED_INT8 & cpu_flags(cpuinfo))


def shift_weights(model: Any, *, signed: bool) -> int:
    """Store every ``MatMulInteger`` weight (and its zero point) signed or unsigned, in place.

    Shifting by 128 keeps each product the same: (w - z) == ((w - 128) - (z - 128)). Returns
    how many tensors changed.
    """
    import onnx
    from onnx import numpy_helper

    source, target = (
        (onnx.TensorProto.UINT8, np.int8) if signed else (onnx.TensorProto.INT8, np.uint8)
    )
    offset = -128 if signed else 128
    initializers = {tensor.name: tensor for tensor in model.graph.initializer}
    shifted: set[str] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger":
            continue
        for name in node.input[1::2]:  # the weights and their zero point
            tensor = initializers.get(name)
            if tensor is None or name in shifted or tensor.data_type != source:
                continue
            values = numpy_helper.to_array(tensor).astype(np.int16) + offset
            tensor.CopyFrom(numpy_helper.from_array(values.astype(target), name))
            shifted.add(name)
    return len(shifted)


def weights_to_uint8(path: Path) -> int:
    """Rewrite the model file at ``path`` with unsigned weights (on export); return how many."""
    import onnx

    model = onnx.load(str(path))
    count = shift_weights(model, signed=False)
    onnx.save(model, str(path))
    return count


def signed_tensors(layout: onnx_wire.Layout) -> list[onnx_wire.Tensor]:
    """Return the uint8 weights and zero points of the ``MatMulInteger`` nodes in ``layout``."""
    names = {
        name
        for node in layout.nodes
        if node.op_type == "MatMulInteger"
        for name in node.inputs[1::2]  # the weights and their zero point
    }
    tensors = [layout.initializers[n] for n in sorted(names) if n in layout.initializers]
    return [t for t in tensors if t.data_type == UINT8]


def write_signed_copy(path: Path, target: Path) -> int:
    """Write the model at ``path`` to ``target`` with its weights signed; return how many changed.

    The same bytes but for the shifted tensors: w - 128 as int8 is w with its top bit flipped,
    so each tensor keeps its size and only its bytes and its element type change. The copy is
    rewritten in place a block at a time, so the process never holds the model (the ``onnx``
    package would hold it twice, some 250 MB for the neural model).
    """
    tensors = signed_tensors(onnx_wire.read_layout(path))
    if any(t.raw_at < 0 for t in tensors):
        raise ValueError(f"{path.name}: an int8 weight is not stored as raw bytes")
    shutil.copyfile(path, target)
    with target.open("r+b") as file:
        descriptor = file.fileno()
        for tensor in tensors:
            os.pwrite(descriptor, bytes([INT8]), tensor.data_type_at)
            for at in range(tensor.raw_at, tensor.raw_at + tensor.raw_size, BLOCK):
                size = min(BLOCK, tensor.raw_at + tensor.raw_size - at)
                block = np.frombuffer(os.pread(descriptor, size, at), dtype=np.uint8)
                os.pwrite(descriptor, (block ^ np.uint8(0x80)).tobytes(), at)
    return len(tensors)


def release_freed_memory() -> None:
    """Hand the heap freed while a session opened back to the system (glibc keeps it otherwise).

    onnxruntime reads the whole file before it packs the weights: without the trim a process
    that opened the cascade's two models kept some 80 MB more for good (308 against 228 MB).
    """
    name = ctypes.util.find_library("c")
    if name is None:
        return
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None)
    if trim is not None:
        trim(0)
