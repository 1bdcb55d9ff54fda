"""``manage.py evaluate_extractor PATH``: score a backend on labelled sentences."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.datasets import UnknownFormatError
from claims.extraction.evaluation import evaluate
from claims.extraction.scoring import BACKENDS, DEFAULT_BACKEND


class Command(BaseCommand):
    help = (
        "Print precision, recall, F1 (check-worthy class), average precision and speed on a "
        "ClaimBuster CSV (Text, Verdict) or CheckThat TSV (Text, class_label)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
        parser.add_argument("--threshold", type=float, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            figures = evaluate(
                Path(options["path"]), backend=options["backend"], threshold=options["threshold"]
            )
        except (OSError, UnknownFormatError) as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")
