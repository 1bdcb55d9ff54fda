"""``manage.py evaluate_matcher QUERIES QRELS VERIFIED``: score matching on CLEF-format files."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.matcher_evaluation import METHODS, evaluate
from claims.extraction.rerank import IDF_FILE, IdfTable
from claims.extraction.sentence_encoder import ENCODERS, MODEL_DIR, SentenceEncoder
from claims.extraction.static_encoder import StaticEncoder

DEFAULT_METHOD = "hybrid"  # what claims.matching uses


class Command(BaseCommand):
    help = (
        "Rank every verified claim for each query; print MAP@5, MAP@1, recall@5, queries per "
        "second and n (queries TSV, TREC qrels, verified-claims TSV)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("queries")
        parser.add_argument("qrels")
        parser.add_argument("verified")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--method", choices=METHODS, default=DEFAULT_METHOD)
        parser.add_argument(
            "--encoder", choices=ENCODERS, default="static", help="default: what the service uses"
        )
        parser.add_argument(
            "--model-dir", type=Path, default=MODEL_DIR, help="folder of the encoder's files"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(options[name]) for name in ("queries", "qrels", "verified")]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path} is not a file")
        try:
            loader = StaticEncoder if options["encoder"] == "static" else SentenceEncoder
            encoder = (
                loader.load(options["model_dir"])
                if options["method"] in ("embedding", "hybrid")
                else None
            )
            idf = (
                IdfTable.load(options["model_dir"] / IDF_FILE)
                if options["method"] == "hybrid"
                else None
            )
            figures = evaluate(options["method"], *paths, encoder=encoder, idf=idf)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")
