"""Read seed articles: ``NAME.txt`` (the body, exactly as published) + ``NAME.json`` (metadata)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

METADATA_FIELDS = ("title", "source", "url", "author", "language", "published_at")


class SeedFileError(Exception):
    """A seed folder holds a file we refuse to read."""


@dataclass(frozen=True)
class SeedArticle:
    name: str
    body: str
    metadata: dict[str, str]


def seed_articles(folder: Path) -> list[SeedArticle]:
    """Return the seed articles in ``folder`` in name order; metadata files are optional.

    A file that resolves outside ``folder`` (a symlink to ``/etc/passwd``, say) raises
    ``SeedFileError``: an import folder must not become a way to read the server's files.
    """
    root = folder.resolve()
    articles = []
    for text_path in sorted(folder.glob("*.txt")):
        meta_path = text_path.with_suffix(".json")
        for path in (text_path, meta_path):
            if path.exists() and not path.resolve().is_relative_to(root):
                raise SeedFileError(f"{path.name} points outside {folder}; refusing to read it.")
        raw = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        metadata = {k: str(raw[k]) for k in METADATA_FIELDS if raw.get(k)}
        try:
            body = text_path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SeedFileError(f"{text_path.name} is not UTF-8 text.") from None
        articles.append(SeedArticle(name=text_path.name, body=body, metadata=metadata))
    return articles
