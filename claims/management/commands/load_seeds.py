"""Load the seed articles under seeds/ (idempotent: a loaded article is not loaded again)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime

from claims import services
from claims.seed_files import SeedFileError, seed_articles
from factcheck.errors import InvalidInput


class Command(BaseCommand):
    help = "Load the seed articles (seeds/*.txt with optional .json metadata sidecars)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "seeds"))

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["dir"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        try:
            seeds = seed_articles(folder)
        except SeedFileError as exc:
            raise CommandError(str(exc)) from None
        if not seeds:
            raise CommandError(f"No seed articles (*.txt) in {folder}")
        for seed in seeds:
            meta = seed.metadata
            published = meta.get("published_at", "")
            try:
                article, created = services.article_submit(
                    body=seed.body,
                    title=meta.get("title", ""),
                    url=meta.get("url", ""),
                    source=meta.get("source", ""),
                    author=meta.get("author", ""),
                    language=meta.get("language", "en"),
                    published_at=parse_datetime(published) if published else None,
                )
            except InvalidInput as exc:
                raise CommandError(f"{seed.name}: {exc.message}") from None
            verb = "loaded" if created else "already loaded"
            self.stdout.write(
                f"{seed.name}: {verb} as article {article.pk} ({article.extraction_status})"
            )
