"""``manage.py calibrate_extractor DATA_DIR``: fit a backend's score calibration on validation."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.calibration_report import calibrate
from claims.extraction.cascade_fit import DEFAULT_BUDGET, fit
from claims.extraction.datasets import UnknownFormatError


class Command(BaseCommand):
    help = (
        "Fit Platt scaling of a backend's check-worthiness score on the validation file "
        "(claimbuster_groundtruth.csv in DATA_DIR), store it with the model, and print the "
        "expected calibration error before and after (and on the test file, if present). "
        "For the cascade, after its two models: fit the band of compact scores sent to the "
        "neural model (--budget: the share of the crowdsourced file's sentences) and report it."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("data_dir")
        parser.add_argument(
            "--backend", choices=("light", "neural", "compact", "cascade"), default="light"
        )
        parser.add_argument(
            "--budget",
            type=float,
            default=DEFAULT_BUDGET,
            help="cascade only: the neural model's share of the crowdsourced file's sentences",
        )
        parser.add_argument("--plot", type=Path, default=None, help="write a reliability SVG")
        parser.add_argument(
            "--dry-run", action="store_true", help="report only; do not store the calibration"
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data_dir = Path(options["data_dir"])
            write, plot = not options["dry_run"], options["plot"]
            if options["backend"] == "cascade":
                figures = fit(data_dir, budget=options["budget"], write=write, plot=plot)
            else:
                figures = calibrate(data_dir, backend=options["backend"], write=write, plot=plot)
        except (OSError, UnknownFormatError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")
