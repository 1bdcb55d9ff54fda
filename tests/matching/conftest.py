"""Fixtures for matching tests: the shipped encoder, and a suggested link between two claims."""

from __future__ import annotations

import pytest

from claims import services
from claims.extraction.sentence_encoder import (
    ENCODERS,
    MODEL_DIR,
    MODEL_FILE,
    Encoder,
    SentenceEncoder,
    default_encoder,
)
from claims.extraction.static_encoder import TABLE_FILE
from claims.models import Claim, ClaimCluster, ClaimLink, LinkKind

FIRST = "The central bank raised its key interest rate to 21% in October, the bank said."
# Another article's claim, in other words.
SECOND = "Officials confirmed the bank lifted its benchmark rate to 21% in October."


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The encoder the service uses as installed (static)."""
    if not (MODEL_DIR / TABLE_FILE).exists():
        pytest.fail(f"{MODEL_DIR / TABLE_FILE} is missing: run `manage.py distil_matcher`")
    return default_encoder("static")


@pytest.fixture(scope="session")
def minilm() -> SentenceEncoder:
    """The transformer encoder (``MATCHER_ENCODER=minilm``), also the static one's teacher."""
    if not (MODEL_DIR / MODEL_FILE).exists():
        pytest.fail(f"{MODEL_DIR / MODEL_FILE} is missing: run `manage.py train_matcher`")
    return SentenceEncoder.load()


@pytest.fixture(scope="session", params=ENCODERS)
def each_encoder(request: pytest.FixtureRequest) -> Encoder:
    """Each encoder a deployment can choose."""
    return default_encoder(request.param)


def _claim(body: str) -> Claim:
    article, _ = services.article_submit(body=body)
    services.article_extract(article=article)
    return Claim.objects.get(article=article)


@pytest.fixture
def suggested(db: object) -> ClaimLink:
    """GIVEN two claims of two articles and a suggested link from the second to the first."""
    first, second = _claim(FIRST), _claim(SECOND)
    # Whatever matching made of the pair, start from a suggestion below the join threshold:
    # the second claim alone in its cluster.
    ClaimLink.objects.filter(claim=second).delete()
    Claim.objects.filter(pk=second.pk).update(cluster=ClaimCluster.objects.create(text=SECOND))
    return ClaimLink.objects.create(
        claim=second, other=first, kind=LinkKind.SAME_CLAIM, model="matcher-test", score=0.75
    )
