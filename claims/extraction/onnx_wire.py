"""Reading an ONNX file's layout without parsing it into objects: where each tensor's bytes lie.

An ONNX model is one protobuf message. Parsing it with the ``onnx`` package builds the whole
model in memory (some 250 MB, briefly, for the 110 MB neural model, plus a serialised copy);
walking its wire format over a read-only memory map touches only the pages that hold the
graph's nodes and the tensors' headers, and finds where each tensor's raw bytes are, so a
tensor can be rewritten in a copy of the file through ordinary reads and writes.

Only the fields needed are read (protobuf field numbers from ``onnx.proto``): the model's graph,
the graph's nodes (operator and inputs) and initializers (name, element type, raw data).
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MODEL_GRAPH = 7
GRAPH_NODE, GRAPH_INITIALIZER = 1, 5
NODE_INPUT, NODE_OP_TYPE = 1, 4
TENSOR_DATA_TYPE, TENSOR_NAME, TENSOR_RAW_DATA = 2, 8, 9
VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


@dataclass(frozen=True)
class Node:
    op_type: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Tensor:
    """An initializer: its name, element type, and where its type and raw bytes are in the file."""

    name: str
    data_type: int
    data_type_at: int  # offset of the element type's value (one byte for every ONNX type < 128)
    raw_at: int
    raw_size: int  # 0 with raw_at -1: the values are in a typed field, not raw bytes


@dataclass(frozen=True)
class Layout:
    nodes: tuple[Node, ...]
    initializers: dict[str, Tensor]


def _varint(data: mmap.mmap | bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data):
            raise ValueError(f"the file ends inside a number (byte {at})")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7
        if shift > 63:
            raise ValueError(f"malformed varint at byte {at}")


def _fields(data: mmap.mmap | bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """Yield (field number, wire type, value start, value end or varint value) in [start, end)."""
    at = start
    while at < end:
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == VARINT:
            value, after = _varint(data, at)
            yield number, wire, at, value
            at = after
        elif wire == LENGTH:
            size, at = _varint(data, at)
            yield number, wire, at, at + size
            at += size
        elif wire in (FIXED64, FIXED32):
            width = 8 if wire == FIXED64 else 4
            yield number, wire, at, at + width
            at += width
        else:
            raise ValueError(f"unsupported protobuf wire type {wire} at byte {at}")
    if at != end:
        raise ValueError(f"a field runs past its message's end ({at} > {end})")


def _node(data: mmap.mmap, start: int, end: int) -> Node:
    op_type, inputs = "", []
    for number, wire, at, stop in _fields(data, start, end):
        if wire == LENGTH and number == NODE_INPUT:
            inputs.append(bytes(data[at:stop]).decode("utf-8"))
        elif wire == LENGTH and number == NODE_OP_TYPE:
            op_type = bytes(data[at:stop]).decode("utf-8")
    return Node(op_type, tuple(inputs))


def _tensor(data: mmap.mmap, start: int, end: int) -> Tensor:
    name, data_type, data_type_at, raw_at, raw_size = "", 0, -1, -1, 0
    for number, wire, at, value in _fields(data, start, end):
        if wire == VARINT and number == TENSOR_DATA_TYPE:
            data_type, data_type_at = value, at
        elif wire == LENGTH and number == TENSOR_NAME:
            name = bytes(data[at:value]).decode("utf-8")
        elif wire == LENGTH and number == TENSOR_RAW_DATA:
            raw_at, raw_size = at, value - at
    return Tensor(name, data_type, data_type_at, raw_at, raw_size)


def read_layout(path: Path) -> Layout:
    """Return the nodes and initializers of the ONNX model at ``path``."""
    nodes: list[Node] = []
    initializers: dict[str, Tensor] = {}
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        graphs = [
            (at, end)
            for number, wire, at, end in _fields(data, 0, len(data))
            if number == MODEL_GRAPH and wire == LENGTH
        ]
        if len(graphs) != 1:
            raise ValueError(f"{path.name}: expected one graph, found {len(graphs)}")
        for number, wire, at, end in _fields(data, *graphs[0]):
            if wire == LENGTH and number == GRAPH_NODE:
                nodes.append(_node(data, at, end))
            elif wire == LENGTH and number == GRAPH_INITIALIZER:
                tensor = _tensor(data, at, end)
                initializers[tensor.name] = tensor
    return Layout(tuple(nodes), initializers)
