"""Fixtures for matching tests: the shipped encoder, and skipping when it is not built."""

from __future__ import annotations

import pytest

from claims.extraction.sentence_encoder import MODEL_DIR, MODEL_FILE, SentenceEncoder


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    if not (MODEL_DIR / MODEL_FILE).exists():
        pytest.fail(f"{MODEL_DIR / MODEL_FILE} is missing: run `manage.py train_matcher`")
    return SentenceEncoder.load()
