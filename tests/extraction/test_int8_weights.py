"""Signed int8 weights where the CPU multiplies them exactly: the same numbers, the same scores."""

from __future__ import annotations

import numpy as np
import pytest

from claims.extraction.int8_weights import shift_weights, signed_int8_is_exact, write_signed_copy
from claims.extraction.neural_model import MODEL_DIR
from claims.extraction.onnx_wire import read_layout

onnx = pytest.importorskip("onnx", reason="onnx not installed")
COMPACT = MODEL_DIR / "compact-minilm.int8.onnx"


@pytest.mark.parametrize(
    ("flags", "exact"),
    [
        ("fpu sse2 avx2 fma avx512f avx512bw avx512_vnni", True),  # AMD Zen 4, Intel Ice Lake
        ("fpu sse2 avx2 avx_vnni", True),  # Intel Alder Lake
        ("fpu sse2 avx2 avx512f amx_tile amx_int8", True),  # Sapphire Rapids
        ("fpu sse2 avx2 fma avx512f avx512bw", False),  # no VNNI: the kernel saturates
        ("fpu sse2 avx2 fma", False),  # AMD Zen 2
    ],
)
def test_signed_weights_are_used_only_on_cpus_with_vnni_or_amx(flags: str, exact: bool) -> None:
    cpuinfo = f"processor\t: 0\nvendor_id\t: X\nflags\t\t: {flags}\n\nprocessor\t: 1\n"
    assert signed_int8_is_exact(cpuinfo) is exact


def test_a_cpuinfo_without_flags_keeps_the_unsigned_weights() -> None:
    assert signed_int8_is_exact("processor\t: 0\nBogoMIPS\t: 48.00\n") is False


def test_shifting_the_weights_signed_and_back_restores_every_byte() -> None:
    model = onnx.load(str(COMPACT))
    original = {t.name: t.SerializeToString() for t in model.graph.initializer}

    # WHEN the weights go signed, every MatMulInteger weight and zero point is int8
    changed = shift_weights(model, signed=True)
    weights = {n.input[i] for n in model.graph.node if n.op_type == "MatMulInteger" for i in (1, 3)}
    types = {t.data_type for t in model.graph.initializer if t.name in weights}
    assert changed == len(weights) > 0
    assert types == {onnx.TensorProto.INT8}

    # THEN shifting back gives the shipped file's tensors exactly
    assert shift_weights(model, signed=False) == changed
    assert {t.name: t.SerializeToString() for t in model.graph.initializer} == original


@pytest.mark.parametrize("name", ["compact-minilm", "matcher-minilm", "neural-mpnet"])
def test_the_signed_copy_holds_what_the_onnx_package_would_write(name: str, tmp_path) -> None:
    path = MODEL_DIR / f"{name}.int8.onnx"
    expected = onnx.load(str(path))
    changed = shift_weights(expected, signed=True)

    # WHEN the shipped file is copied signed, block by block
    copy = tmp_path / path.name
    assert write_signed_copy(path, copy) == changed > 0

    # THEN every tensor is the one the onnx package gives, and the graph is untouched
    written = onnx.load(str(copy))
    assert {t.name: t.SerializeToString() for t in written.graph.initializer} == {
        t.name: t.SerializeToString() for t in expected.graph.initializer
    }
    assert written.graph.node == expected.graph.node
    assert copy.stat().st_size == path.stat().st_size


def test_the_layout_reader_finds_the_graph_the_onnx_package_reads() -> None:
    model = onnx.load(str(COMPACT))
    layout = read_layout(COMPACT)
    assert [(n.op_type, n.inputs) for n in layout.nodes] == [
        (n.op_type, tuple(n.input)) for n in model.graph.node
    ]
    assert {(t.name, t.data_type) for t in layout.initializers.values()} == {
        (t.name, t.data_type) for t in model.graph.initializer
    }


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (b"", "empty file"),
        (b"\x0a\x03abc", "expected one graph, found 0"),
        (b"\x3a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", "runs past"),
        (b"\x3b", "wire type 3"),
        (b"\x3a\xff", "ends inside a number"),
    ],
)
def test_a_file_that_is_not_an_onnx_model_is_refused_with_a_reason(
    damage: bytes, reason: str, tmp_path
) -> None:
    path = tmp_path / "broken.onnx"
    path.write_bytes(damage)
    with pytest.raises(ValueError, match=reason):
        write_signed_copy(path, tmp_path / "copy.onnx")
    assert not (tmp_path / "copy.onnx").exists()


@pytest.mark.skipif(not signed_int8_is_exact(), reason="this CPU has neither VNNI nor AMX")
def test_signed_and_unsigned_sessions_score_the_same_on_this_cpu() -> None:
    pytest.importorskip("onnxruntime")
    from claims.extraction.onnx_batches import onnx_session

    ids = np.array([[101, 2023, 2003, 1037, 3231, 1997, 2093, 3867, 1012, 102]] * 3)
    inputs = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    signed = onnx_session(COMPACT, signed=True).run(["logits"], inputs)[0]
    unsigned = onnx_session(COMPACT, signed=False).run(["logits"], inputs)[0]
    assert np.allclose(signed, unsigned, atol=1e-5)


def test_a_session_opens_unsigned_when_no_temporary_file_can_be_written(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("onnxruntime")
    from claims.extraction import onnx_batches

    def no_room(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    # GIVEN a machine whose temporary folder cannot be written
    monkeypatch.setattr(onnx_batches.tempfile, "TemporaryDirectory", no_room)

    # WHEN a session is asked for with signed weights THEN it opens with the stored ones, and
    # the log says why it is slower
    session = onnx_batches.onnx_session(COMPACT, signed=True)
    assert [i.name for i in session.get_inputs()] == ["input_ids", "attention_mask"]
    assert "unsigned int8 weights (slower)" in caplog.text
    assert "No space left on device" in caplog.text
