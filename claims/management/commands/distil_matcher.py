"""``manage.py distil_matcher DATA_DIR``: rebuild the static claim-matching encoder.

DATA_DIR holds the CLEF claim-retrieval files (train/dev queries and qrels, verified claims).
The teacher is the installed MiniLM encoder (``claims/extraction/models/matcher-minilm*``);
``--unlabelled`` adds the ClaimBuster sentences (default: DATA_DIR/../checkworthiness). Needs
requirements-train.txt (torch). About 5 minutes on 2 cores. Writes
claims/extraction/models/matcher-static.* and prints the dev figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.sentence_encoder import MODEL_DIR


class Command(BaseCommand):
    help = "Distil the static claim-matching encoder from the installed MiniLM encoder."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("data_dir", type=Path)
        parser.add_argument("--unlabelled", type=Path, default=None)
        parser.add_argument("--teacher", type=Path, default=MODEL_DIR)
        parser.add_argument("--out", type=Path, default=MODEL_DIR)

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data_dir"]
        if not (data_dir / "train_qrels.tsv").is_file():
            raise CommandError(f"{data_dir} has no train_qrels.tsv (CLEF claim-retrieval files)")
        unlabelled = options["unlabelled"] or data_dir.parent / "checkworthiness"
        try:
            from claims.extraction.matcher_distillation import distil_matcher
        except ImportError as error:
            raise CommandError(
                f"{error}: install requirements-train.txt to train the matcher"
            ) from error
        meta = distil_matcher(
            data_dir,
            unlabelled if unlabelled.is_dir() else None,
            options["teacher"],
            options["out"],
        )
        self.stdout.write(json.dumps(meta, indent=2))
