"""Distil the neural model into the compact one: a MiniLM student that learns mpnet's scores.

Training only: needs ``requirements-train.txt``. The teacher is the shipped neural model
(all-mpnet-base-v2 fine-tuned, int8 ONNX, raw scores). The student is all-MiniLM-L6-v2 with a
classification head, trained on

- the training file (ClaimBuster crowdsourced, less any validation or test sentence): half
  its label (the neural recipe's weighted cross-entropy), half the teacher's score (KL
  divergence at temperature 2);
- unlabelled claim-like text, the teacher's score only: the verified claims, their titles and
  the train tweets of the claim-matching set (``claim-matching/`` beside the check-worthiness
  folder; never its dev tweets). The teacher calls about half of them check-worthy, with
  many in between, which is where a student learns most from it.

Everything else is the neural recipe (``NeuralTrainingConfig``): AdamW 5e-5, 6% warm-up then
linear decay, batches of 32 from length-sorted pools, 2 epochs. The threshold is 0.5, as for
the neural model; ``calibrate_extractor --backend compact`` then fits its calibration.
docs/extraction-model.md gives the rule by which the student was chosen and its figures.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from claims.extraction.encoders import encoder_path
from claims.extraction.light_training import data_split
from claims.extraction.neural_model import MAX_LENGTH, MODEL_DIR, NeuralModel
from claims.extraction.neural_training import (
    NeuralTrainingConfig,
    _length_grouped_batches,
    _pad,
    export_onnx,
    log_progress,
    optimiser,
    optimiser_step,
    write_meta,
)

logger = logging.getLogger(__name__)

BACKEND = "compact"
ENCODER = "minilm"
MODEL_VERSION = "compact-minilm-1"
CLAIM_MATCHING_DIR = "claim-matching"  # beside the check-worthiness folder
UNLABELLED = -1  # the label of a text only the teacher scores


@dataclass(frozen=True)
class DistillationConfig:
    """The student's recipe on top of the neural one."""

    training: NeuralTrainingConfig = field(
        default_factory=lambda: NeuralTrainingConfig(encoder=ENCODER)
    )
    temperature: float = 2.0
    label_weight: float = 0.5  # of the hard-label loss on labelled rows; the rest is the teacher
    unlabelled: bool = True


def distil(
    data_dir: Path,
    work_dir: Path,
    out_dir: Path = MODEL_DIR,
    config: DistillationConfig | None = None,
    teacher_dir: Path = MODEL_DIR,
) -> dict[str, Any]:
    """Train the student, export it to ``out_dir`` as the compact backend, write its meta."""
    config = config or DistillationConfig()
    texts, labels = _training_texts(data_dir, config)
    teacher = _teacher_logits(texts, work_dir, teacher_dir, config.training.threads)
    model, tokenizer = train_student(texts, labels, teacher, config)
    fine_tuned = work_dir / "student"
    fine_tuned.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(fine_tuned)
    tokenizer.save_pretrained(fine_tuned)
    logger.info("wrote %s", export_onnx(fine_tuned, out_dir, encoder=ENCODER, backend=BACKEND))
    return write_meta(data_dir, out_dir, encoder=ENCODER, backend=BACKEND, version=MODEL_VERSION)


def unlabelled_texts(claim_matching_dir: Path) -> list[str]:
    """Return the claim-matching set's verified claims, their titles and its train tweets."""
    texts: list[str] = []
    claims = claim_matching_dir / "verified_claims.tsv"
    tweets = claim_matching_dir / "train_queries.tsv"
    if claims.exists():
        for row in _tsv_rows(claims):
            texts += [row.get("vclaim", ""), row.get("title", "")]
    if tweets.exists():
        texts += [row.get("tweet_content", "") for row in _tsv_rows(tweets)]
    return list(dict.fromkeys(t.strip() for t in texts if t and t.strip()))


def train_student(
    texts: list[str], labels: list[int], teacher: np.ndarray, config: DistillationConfig
) -> tuple[Any, Any]:
    """Train the MiniLM student on ``texts``; return the torch model and its tokenizer.

    ``labels`` holds 0 or 1 for labelled rows and ``UNLABELLED`` for the rest; ``teacher`` holds
    the teacher's logit (log-odds of check-worthy) for every row.
    """
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    recipe = config.training
    torch.set_num_threads(recipe.threads)
    random.seed(recipe.seed)
    np.random.seed(recipe.seed)
    torch.manual_seed(recipe.seed)
    source = encoder_path(ENCODER)
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModelForSequenceClassification.from_pretrained(source, num_labels=2)
    encoded = tokenizer(texts, truncation=True, max_length=MAX_LENGTH)["input_ids"]
    total_steps = (len(encoded) + recipe.batch_size - 1) // recipe.batch_size * recipe.epochs
    optimizer, scheduler = optimiser(model, recipe, total_steps)
    hard_loss = torch.nn.CrossEntropyLoss(
        weight=torch.tensor([1.0, recipe.positive_weight]), reduction="sum"
    )
    # Two-class soft targets at temperature T from the teacher's log-odds.
    soft = torch.sigmoid(torch.tensor(teacher, dtype=torch.float32) / config.temperature)
    targets = torch.stack([1 - soft, soft], dim=1)
    label_tensor = torch.tensor(labels)
    rng = random.Random(recipe.seed)  # noqa: S311  # shuffling, not secrets
    step, started = 0, time.time()
    model.train()
    for epoch in range(recipe.epochs):
        for batch in _length_grouped_batches(encoded, recipe.batch_size, recipe.pool_batches, rng):
            ids, mask = _pad([encoded[i] for i in batch], tokenizer.pad_token_id)
            logits = model(input_ids=ids, attention_mask=mask).logits
            temperature = config.temperature
            kd = torch.nn.functional.kl_div(
                torch.log_softmax(logits / temperature, dim=-1),
                targets[batch],
                reduction="batchmean",
            ) * (temperature**2)
            y = label_tensor[batch]
            labelled = y != UNLABELLED
            hard = hard_loss(logits[labelled], y[labelled]) / len(batch)
            loss = (1 - config.label_weight) * kd + config.label_weight * hard
            optimiser_step(loss, model, optimizer, scheduler, recipe)
            step += 1
            log_progress(epoch, step, total_steps, loss, started, every=100)
    model.eval()
    return model, tokenizer


def _training_texts(data_dir: Path, config: DistillationConfig) -> tuple[list[str], list[int]]:
    train, validation, test = data_split(data_dir)
    if config.training.limit is not None:
        train = train.head(config.training.limit)
    texts, labels = list(train.texts), list(train.labels)
    if config.unlabelled:
        held_out = {t.strip().lower() for t in validation.texts + (test.texts if test else [])}
        extra = [
            t
            for t in unlabelled_texts(data_dir.parent / CLAIM_MATCHING_DIR)
            if t.lower() not in held_out
        ]
        logger.info("%d labelled and %d unlabelled texts", len(texts), len(extra))
        texts += extra
        labels += [UNLABELLED] * len(extra)
    return texts, labels


def _teacher_logits(texts: list[str], work_dir: Path, teacher_dir: Path, threads: int) -> Any:
    """Return the teacher's log-odds per text, cached in ``work_dir`` (scoring takes minutes)."""
    cache = work_dir / "teacher.json"
    if cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored["texts"] == texts:
            return np.asarray(stored["logits"])
    teacher = NeuralModel.load(teacher_dir, calibrated=False, threads=threads)
    probabilities = np.clip(np.asarray(teacher.score(texts)), 1e-6, 1 - 1e-6)
    logits = np.log(probabilities / (1 - probabilities))
    work_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"texts": texts, "logits": logits.tolist()}), encoding="utf-8")
    return logits


def _tsv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def student_config(**changes: Any) -> DistillationConfig:
    """Return the shipped recipe with ``changes`` to its neural part (for tests: epochs, limit)."""
    return DistillationConfig(training=replace(DistillationConfig().training, **changes))
