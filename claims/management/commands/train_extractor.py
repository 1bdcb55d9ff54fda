"""``manage.py train_extractor DATA_DIR``: retrain a check-worthiness model and its artifact."""

from __future__ import annotations

import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.light_model import ARTIFACT
from claims.extraction.metrics import Scores


class Command(BaseCommand):
    help = (
        "Train on DATA_DIR/claimbuster_crowdsourced.csv, validate on claimbuster_groundtruth.csv "
        "(light: its threshold is chosen there), report on checkthat2023_1b_test.tsv, write the "
        "artifact. "
        "--backend neural needs requirements-train.txt and about an hour on 2 cores; "
        "--backend compact distils the shipped neural model into MiniLM (about 32 minutes)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("data_dir")
        parser.add_argument("--backend", choices=("light", "neural", "compact"), default="light")
        parser.add_argument(
            "--out", default=None, help="artifact path (light) or directory (neural)"
        )
        parser.add_argument(
            "--work-dir",
            default=str(Path(tempfile.gettempdir()) / "neural-checkworthiness"),
            help="neural and compact only",
        )
        parser.add_argument(
            "--seeds",
            type=int,
            nargs="+",
            default=None,
            help="neural only: one ensemble member per seed (default: the shipped model's)",
        )
        parser.add_argument(
            "--meta-only",
            action="store_true",
            help="neural only: keep the exported model, rescore it and rewrite its meta",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(options["data_dir"])
        if not (data_dir / "claimbuster_crowdsourced.csv").exists():
            raise CommandError(f"{data_dir} has no claimbuster_crowdsourced.csv")
        if options["backend"] in ("neural", "compact"):
            self._train_neural(data_dir, options)
            return
        from claims.extraction.light_training import train_light_model

        out = Path(options["out"] or ARTIFACT)
        report = train_light_model(data_dir, out)
        self.stdout.write(f"wrote {out} (C={report.c}, threshold={report.threshold})")
        self.stdout.write(f"vocabulary: {report.vocabulary}, trained on {report.n_train} sentences")
        self._figures("validation (groundtruth)", report.validation)
        if report.test is not None:
            self._figures("test (checkthat)", report.test)

    def _train_neural(self, data_dir: Path, options: dict[str, Any]) -> None:
        from claims.extraction.neural_model import MODEL_DIR
        from claims.extraction.neural_training import SEEDS, train_ensemble, write_meta

        out_dir = Path(options["out"] or MODEL_DIR)
        seeds = tuple(options["seeds"] or SEEDS)
        if options["backend"] == "compact":
            from claims.extraction import compact_training

            meta = (
                write_meta(
                    data_dir,
                    out_dir,
                    encoder=compact_training.ENCODER,
                    backend=compact_training.BACKEND,
                    version=compact_training.MODEL_VERSION,
                )
                if options["meta_only"]
                else compact_training.distil(data_dir, Path(options["work_dir"]), out_dir)
            )
        elif options["meta_only"]:
            meta = write_meta(data_dir, out_dir, seeds=seeds)
        else:
            meta = train_ensemble(data_dir, Path(options["work_dir"]), out_dir, seeds)
        self.stdout.write(f"members {', '.join(meta['members'])}")
        self.stdout.write(f"threshold {meta['threshold']}")
        for name in ("validation", "test"):
            if name in meta:
                self._figures(name, Scores(**meta[name]))

    def _figures(self, name: str, scores: Scores) -> None:
        self.stdout.write(
            f"{name}: precision {scores.precision:.4f} recall {scores.recall:.4f} "
            f"f1 {scores.f1:.4f} average_precision {scores.average_precision:.4f}"
        )
