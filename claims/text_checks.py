"""Checks that an article body is text the service can store and read."""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings

# More control characters than this share of the text means it is binary, not prose.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def body_problem(body: str) -> str | None:
    """Return why ``body`` cannot be stored as an article body, or None when it can."""
    if not body or not body.strip():
        return "The article body is empty."
    limit = settings.ARTICLE_BODY_MAX_CHARS
    if len(body) > limit:
        return f"The article body has {len(body):,} characters; the limit is {limit:,}."
    if "\x00" in body:
        return "The article body contains NUL bytes; send plain text, not a binary file."
    controls = sum(
        1 for ch in body if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS
    )
    if controls > _MAX_CONTROL_SHARE * len(body):
        return "The article body is mostly control characters; send plain text, not binary data."
    if any(unicodedata.category(ch) == "Cs" for ch in body):
        return "The article body contains unpaired surrogate characters; send valid Unicode."
    return None


def content_hash(body: str) -> str:
    """Return the hash that makes two submissions of the same text one article.

    Whitespace differences and Unicode normalisation forms do not make a new article.
    """
    normal = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()
