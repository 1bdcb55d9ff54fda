"""``manage.py train_extractor DATA_DIR``: retrain the light model and rewrite its artifact."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.light_model import ARTIFACT


class Command(BaseCommand):
    help = (
        "Train the light check-worthiness model on DATA_DIR/claimbuster_crowdsourced.csv, choose "
        "its threshold on claimbuster_groundtruth.csv, and write the .npz artifact."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("data_dir")
        parser.add_argument("--out", default=str(ARTIFACT))

    def handle(self, *args: Any, **options: Any) -> None:
        from claims.extraction.light_training import train_light_model

        data_dir = Path(options["data_dir"])
        if not (data_dir / "claimbuster_crowdsourced.csv").exists():
            raise CommandError(f"{data_dir} has no claimbuster_crowdsourced.csv")
        report = train_light_model(data_dir, Path(options["out"]))
        self.stdout.write(f"wrote {options['out']} (C={report.c}, threshold={report.threshold})")
        self.stdout.write(f"vocabulary: {report.vocabulary}, trained on {report.n_train} sentences")
        for name, scores in (
            ("validation (groundtruth)", report.validation),
            ("test (checkthat)", report.test),
        ):
            if scores is not None:
                self.stdout.write(
                    f"{name}: precision {scores.precision:.4f} recall {scores.recall:.4f} "
                    f"f1 {scores.f1:.4f} average_precision {scores.average_precision:.4f}"
                )
