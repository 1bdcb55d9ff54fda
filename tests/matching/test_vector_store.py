"""The stored vectors and their index: built, saved, loaded by a new process, kept up to date."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claims import services, vector_store
from claims.models import Claim, ClaimVector

pytestmark = pytest.mark.django_db

MODEL = "matcher-test"


def _claims(n: int) -> list[Claim]:
    article, _ = services.article_submit(body="x " * 10, title="vectors")
    from claims.routing import queue_default_get

    queue = queue_default_get()
    return Claim.objects.bulk_create(
        [
            Claim(article=article, text=f"claim {i}", start=i, end=i + 1, score=0.5, queue=queue)
            for i in range(n)
        ]
    )


def _unit(n: int, seed: int) -> np.ndarray:
    width = vector_store.encoder().dimensions
    rows = np.random.default_rng(seed).standard_normal((n, width)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_index_is_built_from_stored_vectors_and_saved_beside_the_database() -> None:
    claims, vectors = _claims(5), _unit(5, 0)
    vector_store.claim_vectors_store(claims=claims, vectors=vectors, model=MODEL)

    index = vector_store.vector_index(kind="claims", model=MODEL)

    assert index.search(vectors[3], 1)[0][0] == claims[3].pk
    assert vector_store.index_path(kind="claims", model=MODEL).with_suffix(".json").exists()


def test_a_new_process_loads_the_saved_index_and_catches_up_with_new_vectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claims, vectors = _claims(6), _unit(6, 1)
    vector_store.claim_vectors_store(claims=claims[:4], vectors=vectors[:4], model=MODEL)
    vector_store.vector_index(kind="claims", model=MODEL)
    vector_store.forget_loaded_indexes()  # as a new process starts
    vector_store.claim_vectors_store(claims=claims[4:], vectors=vectors[4:], model=MODEL)
    rebuilds: list[str] = []
    real_rebuild = vector_store.index_rebuild

    def counting_rebuild(**kw: Any) -> Any:
        rebuilds.append(kw["kind"])
        return real_rebuild(**kw)

    monkeypatch.setattr(vector_store, "index_rebuild", counting_rebuild)

    index = vector_store.vector_index(kind="claims", model=MODEL)

    # The saved file no longer matches the store (2 more rows): rebuilt, and complete.
    assert rebuilds == ["claims"]
    assert len(index) == 6
    assert index.search(vectors[5], 1)[0][0] == claims[5].pk


def test_a_loaded_index_finds_vectors_stored_after_it_was_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claims, vectors = _claims(6), _unit(6, 2)
    vector_store.claim_vectors_store(claims=claims[:4], vectors=vectors[:4], model=MODEL)
    vector_store.vector_index(kind="claims", model=MODEL)
    vector_store.forget_loaded_indexes()
    loaded = vector_store.vector_index(kind="claims", model=MODEL)  # from the file
    monkeypatch.setattr(vector_store, "index_rebuild", lambda **kw: pytest.fail("rebuilt"))

    vector_store.claim_vectors_store(claims=claims[4:], vectors=vectors[4:], model=MODEL)
    index = vector_store.vector_index(kind="claims", model=MODEL)

    assert index is loaded
    assert len(index) == 6
    assert index.search(vectors[4], 1)[0][0] == claims[4].pk


def test_vectors_of_another_model_are_never_searched() -> None:
    claims, vectors = _claims(2), _unit(2, 3)
    vector_store.claim_vectors_store(claims=claims[:1], vectors=vectors[:1], model=MODEL)
    vector_store.claim_vectors_store(claims=claims[1:], vectors=vectors[1:], model="other")

    index = vector_store.vector_index(kind="claims", model=MODEL)

    assert [key for key, _ in index.search(vectors[1], 5)] == [claims[0].pk]
    assert ClaimVector.objects.count() == 2
