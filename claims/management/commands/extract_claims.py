"""``manage.py extract_claims PATH|-``: run the extractor on a text file, no database needed."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract
from claims.extraction.reporting import extraction_as_json, extraction_as_lines, extraction_summary
from claims.extraction.scoring import BACKENDS, DEFAULT_BACKEND, UnknownBackendError


class Command(BaseCommand):
    help = "Print the candidate claims of a text file (or - for standard input)."
    requires_system_checks: list[str] = []  # works without a database or migrations

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="text file to read, or - for standard input")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
        parser.add_argument("--threshold", type=float, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        try:
            result = extract(text, threshold=options["threshold"], backend=options["backend"])
        except UnknownBackendError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(extraction_as_json(result))
            return
        for line in extraction_as_lines(result):
            self.stdout.write(line)
        self.stderr.write(extraction_summary(result))
        if options["verbosity"] >= 2:  # -v 2: what was left out, and why
            for reason in result.skipped:
                self.stderr.write(f"skipped {reason}")
