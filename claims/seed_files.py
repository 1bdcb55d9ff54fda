"""Read seed articles: ``NAME.txt`` (the body, exactly as published) + ``NAME.json`` (metadata)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

METADATA_FIELDS = ("title", "source", "url", "author", "language", "published_at")


@dataclass(frozen=True)
class SeedArticle:
    name: str
    body: str
    metadata: dict[str, str]


def seed_articles(folder: Path) -> list[SeedArticle]:
    """Return the seed articles in ``folder`` in name order; metadata files are optional."""
    articles = []
    for text_path in sorted(folder.glob("*.txt")):
        meta_path = text_path.with_suffix(".json")
        raw = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        metadata = {k: str(raw[k]) for k in METADATA_FIELDS if raw.get(k)}
        body = text_path.read_text(encoding="utf-8")
        articles.append(SeedArticle(name=text_path.name, body=body, metadata=metadata))
    return articles
