"""Build the static claim-matching encoder from the fine-tuned MiniLM (the teacher).

Training only (torch). Three steps, chosen on the CLEF dev split (docs/matching.md):

1. **Token table**: every word piece of the vocabulary alone through the teacher
   (``[CLS] piece [SEP]``), weighted by how rare it is in the training texts (SIF,
   ``a / (a + frequency)``), so common pieces weigh little in a sum.
2. **Distillation**: the table is trained so that a text's summed, normalised pieces give the
   teacher's vector of that text (cosine loss), on unlabelled claim-like text: the verified
   claims and train tweets of the CLEF set and the ClaimBuster debate sentences. Never the dev
   tweets: dev scores the result.
3. **Tuning**: the teacher's own contrastive recipe on the train pairs (query tweet, verified
   claim; in-batch and one TF-IDF-mined hard negative; both directions), with the distillation
   loss kept on a sample of the unlabelled texts so the table does not drift from the teacher.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.matcher_evaluation import evaluate
from claims.extraction.matcher_training import (
    contrastive_batches,
    hard_negatives,
    paths,
    training_pairs,
    unit,
)
from claims.extraction.rerank import IDF_FILE, IdfTable
from claims.extraction.retrieval import read_texts
from claims.extraction.sentence_encoder import SentenceEncoder
from claims.extraction.static_encoder import META_FILE, TABLE_FILE, TOKENIZER_FILE, StaticEncoder

logger = logging.getLogger(__name__)

CLAIMBUSTER_FILES = ("claimbuster_crowdsourced.csv", "claimbuster_groundtruth.csv")
MODEL_VERSION = "matcher-static-2"


@dataclass(frozen=True)
class StaticTrainingConfig:
    """The recipe (docs/matching.md says how it was chosen)."""

    distil_epochs: int = 2
    distil_learning_rate: float = 3e-3
    distil_batch_size: int = 256
    tune_epochs: int = 2
    tune_learning_rate: float = 1e-3
    batch_size: int = 32
    scale: float = 20.0  # cosine -> logit scale of the in-batch softmax, as the teacher's
    hard_negatives: int = 1
    keep_weight: float = 1.0  # weight of the distillation loss while tuning
    keep_batch_size: int = 128
    sif: float = 1e-3
    seed: int = 0
    # Width of the table: the teacher's 384 projected on the first principal directions of its
    # vectors of the distillation texts. Fewer dimensions make the stored vectors and the
    # search graph smaller (a worker holding 1M claims; docs/matching.md).
    dimensions: int = 192


def distillation_texts(data_dir: Path, unlabelled_dir: Path | None) -> list[str]:
    """Return the texts the table learns on: train split and verified claims, ClaimBuster.

    ``data_dir`` holds the CLEF claim-retrieval files; ``unlabelled_dir`` (optional) the
    ClaimBuster CSV files, whose ``Text`` column is read. Duplicates are dropped.
    """
    texts = [
        *read_texts(data_dir / "verified_claims.tsv").values(),
        *read_texts(data_dir / "train_queries.tsv").values(),
    ]
    if unlabelled_dir is not None:
        for name in CLAIMBUSTER_FILES:
            path = unlabelled_dir / name
            if path.is_file():
                with path.open(encoding="utf-8", newline="") as handle:
                    texts.extend(row["Text"] for row in csv.DictReader(handle) if row.get("Text"))
    return list(dict.fromkeys(text for text in texts if text.strip()))


def token_table(teacher: SentenceEncoder) -> np.ndarray:
    """Return the teacher's unit vector of every word piece alone, (vocabulary, dimensions)."""
    tokenizer = teacher.tokenizer
    size = tokenizer.get_vocab_size()
    first, last = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    names = {i.name for i in teacher.session.get_inputs()}
    table = np.zeros((size, teacher.dimensions), dtype=np.float32)
    for start in range(0, size, 512):
        ids = np.array(
            [[first, i, last] for i in range(start, min(size, start + 512))], dtype=np.int64
        )
        inputs = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in names:
            inputs["token_type_ids"] = np.zeros_like(ids)
        table[start : start + len(ids)] = teacher.session.run(["embeddings"], inputs)[0]
    return table


def principal_directions(vectors: np.ndarray, dimensions: int) -> np.ndarray:
    """Return the (width, ``dimensions``) projection on the first principal directions.

    Uncentred (the second moment, not the covariance): a projection is then linear, so a
    projected table's sum is the projected sum. All of them: the identity.
    """
    width = vectors.shape[1]
    if not 0 < dimensions <= width:
        raise ValueError(f"dimensions must be between 1 and {width}, not {dimensions}")
    if dimensions == width:
        return np.eye(width, dtype=np.float32)
    rows = vectors.astype(np.float64)
    _, directions = np.linalg.eigh(rows.T @ rows)  # ascending; a full basis even for few rows
    return np.ascontiguousarray(directions[:, ::-1][:, :dimensions], dtype=np.float32)


def train_static(
    data_dir: Path,
    unlabelled_dir: Path | None,
    teacher: SentenceEncoder,
    config: StaticTrainingConfig,
) -> np.ndarray:
    """Return the trained table (float32) for ``teacher``'s tokenizer."""
    import torch

    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    started = time.perf_counter()
    texts = distillation_texts(data_dir, unlabelled_dir)
    teacher_vectors = teacher.encode(texts)
    projection = principal_directions(teacher_vectors, config.dimensions)
    targets = torch.from_numpy(unit(teacher_vectors @ projection))
    logger.info("teacher vectors of %d texts (%.0f s)", len(texts), time.perf_counter() - started)
    student = StaticEncoder(
        table=np.zeros((1, 1), dtype=np.float16),
        tokenizer=teacher.tokenizer,
        name="training",
        special=frozenset(teacher.tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]")),
    )
    pieces = student.pieces(texts)
    frequency = np.ones(teacher.tokenizer.get_vocab_size())
    for ids in pieces:
        np.add.at(frequency, ids, 1)
    weights = config.sif / (config.sif + frequency / frequency.sum())
    bag = torch.nn.EmbeddingBag(len(frequency), config.dimensions, mode="sum")
    start_table = token_table(teacher) @ projection * weights[:, None]
    bag.weight.data = torch.from_numpy(start_table.astype("f4"))

    def embed(id_lists: Sequence[list[int]]) -> Any:
        flat: list[int] = []
        offsets: list[int] = []
        for ids in id_lists:
            offsets.append(len(flat))
            flat.extend(ids or [0])
        summed = bag(torch.tensor(flat), torch.tensor(offsets))
        return torch.nn.functional.normalize(summed, dim=-1)

    def kept(rows: np.ndarray) -> Any:
        vectors = embed([pieces[r] for r in rows])
        return (1 - (vectors * targets[rows]).sum(-1)).mean()

    optimiser = torch.optim.Adam(bag.parameters(), lr=config.distil_learning_rate)
    order = np.arange(len(texts))
    for epoch in range(config.distil_epochs):
        rng.shuffle(order)
        for start in range(0, len(order), config.distil_batch_size):
            loss = kept(order[start : start + config.distil_batch_size])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        logger.info("distillation epoch %d (%.0f s)", epoch + 1, time.perf_counter() - started)

    pairs = training_pairs(data_dir)
    negatives = hard_negatives(data_dir, config.hard_negatives) if config.hard_negatives else {}
    shuffler = random.Random(config.seed)  # noqa: S311 (shuffling, not secrets)
    optimiser = torch.optim.Adam(bag.parameters(), lr=config.tune_learning_rate)
    for epoch in range(config.tune_epochs):
        for query_texts, claim_texts in contrastive_batches(
            pairs, negatives, config.batch_size, shuffler
        ):
            queries = embed(student.pieces(query_texts))
            claims = embed(student.pieces(claim_texts))
            labels = torch.arange(len(query_texts))
            forward = torch.nn.functional.cross_entropy(queries @ claims.T * config.scale, labels)
            backward = torch.nn.functional.cross_entropy(
                claims[: len(query_texts)] @ queries.T * config.scale, labels
            )
            sample = rng.choice(len(texts), min(config.keep_batch_size, len(texts)), replace=False)
            loss = (forward + backward) / 2 + config.keep_weight * kept(sample)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        logger.info("tuning epoch %d (%.0f s)", epoch + 1, time.perf_counter() - started)
    return np.asarray(bag.weight.detach().numpy(), dtype=np.float32)


def distil_matcher(
    data_dir: Path,
    unlabelled_dir: Path | None,
    teacher_dir: Path,
    out_dir: Path,
    config: StaticTrainingConfig | None = None,
) -> dict[str, Any]:
    """Build ``matcher-static.npz`` in ``out_dir`` from the teacher; return its meta."""
    config = config or StaticTrainingConfig()
    teacher = SentenceEncoder.load(teacher_dir)
    table = train_static(data_dir, unlabelled_dir, teacher, config)
    out_dir.mkdir(parents=True, exist_ok=True)
    for shared in (TOKENIZER_FILE, IDF_FILE):  # the table reads the teacher's word pieces
        if (teacher_dir / shared).exists() and out_dir.resolve() != teacher_dir.resolve():
            shutil.copyfile(teacher_dir / shared, out_dir / shared)
    np.savez_compressed(out_dir / TABLE_FILE, table=table.astype(np.float16))
    meta: dict[str, Any] = {
        "version": MODEL_VERSION,
        "dimensions": int(table.shape[1]),
        "teacher": teacher.name,
        "config": asdict(config),
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    encoder = StaticEncoder.load(out_dir)
    idf = IdfTable.load(out_dir / IDF_FILE) if (out_dir / IDF_FILE).exists() else None
    dev = paths(data_dir, "dev")
    meta["dev"] = {
        "embedding": evaluate("embedding", *dev, encoder=encoder),
        **({"hybrid": evaluate("hybrid", *dev, encoder=encoder, idf=idf)} if idf else {}),
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta
