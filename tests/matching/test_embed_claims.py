"""`manage.py embed_claims`: after a new matcher model, stored texts get its vectors."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from claims import services, vector_store
from claims.extraction.sentence_encoder import Encoder
from claims.models import Claim, ClaimVector, ExternalFactCheck
from claims.routing import queue_default_get

pytestmark = pytest.mark.django_db

TEXTS = (
    "The central bank raised its key interest rate to 21% in October.",
    "Russia has lost about 850,000 soldiers killed or wounded, according to Western estimates.",
    "The city council approved a budget of 4.2 billion dollars for next year.",
)


def _claims_without_vectors() -> list[Claim]:
    article, _ = services.article_submit(body="x " * 10, title="stored before the new model")
    return Claim.objects.bulk_create(
        [
            Claim(article=article, text=t, start=i, end=i + 1, score=0.5, queue=queue_default_get())
            for i, t in enumerate(TEXTS)
        ]
    )


def test_missing_and_stale_vectors_are_written_with_the_installed_model(
    encoder: Encoder,
) -> None:
    claims = _claims_without_vectors()
    stale = np.ones(encoder.dimensions, dtype=np.float32) / np.sqrt(encoder.dimensions)
    vector_store.claim_vectors_store(claims=claims[:1], vectors=stale[None, :], model="old-model")
    check = ExternalFactCheck.objects.create(
        url="https://checks.example/rate", publisher="Example Checks", claim_text=TEXTS[0]
    )
    out = StringIO()

    call_command("embed_claims", "--batch-size", "2", stdout=out)

    assert f"{encoder.name}: 3 claim vectors and 1 fact-check vectors written" in out.getvalue()
    stored = {v.claim_id: v for v in ClaimVector.objects.filter(claim__in=claims)}
    assert {v.model for v in stored.values()} == {encoder.name}
    expected = encoder.encode(list(TEXTS))
    for claim, vector in zip(claims, expected, strict=True):
        assert float(vector_store.from_bytes(stored[claim.pk].vector) @ vector) > 0.99
    check.refresh_from_db()
    assert check.model == encoder.name
    assert check.vector is not None
    index = vector_store.vector_index(kind="claims", model=encoder.name)
    assert index.search(expected[1], 1)[0][0] == claims[1].pk


def test_a_second_run_writes_nothing_and_leaves_the_saved_indexes_alone(
    encoder: Encoder,
) -> None:
    _claims_without_vectors()
    first = StringIO()
    call_command("embed_claims", stdout=first)
    saved = vector_store.index_path(kind="claims", model=encoder.name).with_suffix(".json")
    written_at = saved.stat().st_mtime_ns
    out = StringIO()

    call_command("embed_claims", stdout=out)

    assert "indexes rebuilt: claims, external" in first.getvalue()
    assert "0 claim vectors and 0 fact-check vectors written" in out.getvalue()
    assert "indexes rebuilt: none" in out.getvalue()
    assert saved.stat().st_mtime_ns == written_at


def test_a_batch_size_below_one_is_refused() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("embed_claims", "--batch-size", "0")
