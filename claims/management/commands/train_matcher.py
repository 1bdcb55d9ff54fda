"""``manage.py train_matcher DATA_DIR``: rebuild the shipped claim-matching encoder.

DATA_DIR holds the CLEF claim-retrieval files (train/dev queries and qrels, verified claims).
Needs requirements-train.txt (torch, transformers, the MiniLM package). About 55 minutes on
2 shared cores. Writes claims/extraction/models/matcher-* and prints the dev figures.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser, BooleanOptionalAction
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.sentence_encoder import MODEL_DIR


class Command(BaseCommand):
    help = "Fine-tune all-MiniLM-L6-v2 for claim matching and export it to int8 ONNX."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("data_dir", type=Path)
        parser.add_argument("--out", type=Path, default=MODEL_DIR)
        parser.add_argument("--epochs", type=int, default=None)
        parser.add_argument(
            "--hard-negatives",
            type=int,
            default=None,
            help="TF-IDF-mined negatives per query added to each batch",
        )
        parser.add_argument(
            "--symmetric",
            action=BooleanOptionalAction,
            default=None,
            help="also rank the queries for each claim (default: on)",
        )
        parser.add_argument(
            "--plain", action="store_true", help="export the encoder without fine-tuning"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data_dir"]
        if not (data_dir / "train_qrels.tsv").is_file():
            raise CommandError(f"{data_dir} has no train_qrels.tsv (CLEF claim-retrieval files)")
        try:
            from claims.extraction.matcher_training import MatcherTrainingConfig, train_matcher
        except ImportError as error:
            raise CommandError(
                f"{error}: install requirements-train.txt to train the matcher"
            ) from error
        config = MatcherTrainingConfig(fine_tune=not options["plain"])
        changes = {
            name: options[name]
            for name in ("epochs", "hard_negatives", "symmetric")
            if options[name] is not None
        }
        config = replace(config, **changes)
        meta = train_matcher(data_dir, options["out"], config)
        self.stdout.write(json.dumps(meta, indent=2))
