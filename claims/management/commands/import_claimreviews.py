"""Import other publishers' fact-checks: ``manage.py import_claimreviews PATH [PATH ...]``.

PATH is a JSON/JSON-LD file (schema.org ClaimReview: one object, a list, a DataFeed with
``dataFeedElement``; or a Google Fact Check Tools ``claims:search`` response) or a folder of
them. Prints how many were imported, already known (same URL) and skipped, with the reasons.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.external_checks import ImportCounts, external_checks_import
from claims.extraction.claimreview_records import Skipped, records

MAX_REASONS_SHOWN = 20


class Command(BaseCommand):
    help = "Import ClaimReview JSON-LD or Fact Check Tools JSON as other publishers' fact-checks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files += sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonld"))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path} does not exist")
        total = ImportCounts()
        for file in files:
            try:
                document = json.loads(file.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                total.skipped.append(Skipped(str(file), f"not valid JSON: {error}"))
                continue
            counts = external_checks_import(
                records=(
                    Skipped(f"{file}:{r.where}", r.reason) if isinstance(r, Skipped) else r
                    for r in records(document)
                )
            )
            total.imported += counts.imported
            total.duplicates += counts.duplicates
            total.linked_claims += counts.linked_claims
            total.skipped += counts.skipped
        self.stdout.write(
            f"imported {total.imported}, already known {total.duplicates}, "
            f"skipped {len(total.skipped)}, claims linked {total.linked_claims}"
        )
        for skipped in total.skipped[:MAX_REASONS_SHOWN]:
            self.stdout.write(f"skipped {skipped.where}: {skipped.reason}")
        if len(total.skipped) > MAX_REASONS_SHOWN:
            self.stdout.write(f"... and {len(total.skipped) - MAX_REASONS_SHOWN} more skipped")
