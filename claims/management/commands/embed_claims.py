"""Re-embed stored claims and imported fact-checks with the installed matcher model.

Run after installing a new matcher model (``manage.py embed_claims``): until then the new model
matches new claims only against vectors it made itself. Prints how many vectors were written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.vector_backfill import BATCH_SIZE, vectors_backfill


class Command(BaseCommand):
    help = "Give every claim and imported fact-check a vector from the installed matcher model."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            counts = vectors_backfill(batch_size=batch_size)
        except FileNotFoundError as error:
            raise CommandError(f"the matcher model is not installed: {error}") from error
        rebuilt = ", ".join(counts.rebuilt) or "none (nothing new to index)"
        self.stdout.write(
            f"{counts.model}: {counts.claims} claim vectors and {counts.external} fact-check "
            f"vectors written; indexes rebuilt: {rebuilt}"
        )
