"""The list's plain-dict rendering gives byte for byte the JSON the DRF serializer gives."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from claims.models import Claimant, ClaimantKind
from reviews import public_selectors
from reviews.models import Review
from reviews.public_rows import fact_check_rows
from reviews.public_serializers import FactCheckSerializer
from tests.factories import ArticleFactory
from tests.publishing.conftest import correct, evidence_add, in_cluster, publish, retract
from tests.reviews.factories import ClaimFactory

pytestmark = pytest.mark.django_db

SITE = "https://checks.example.org"
ORDER = ("-published_at", "-id")


def _published_in_every_shape() -> list[Review]:
    """Fact-checks as the desk leaves them: plain, clustered, corrected, retracted, undated."""
    now = timezone.now()
    person = Claimant.objects.create(
        name="Jane Doe", kind=ClaimantKind.PERSON, wikidata_id="Q42", url="https://jane.example"
    )
    body = Claimant.objects.create(name="Statistics office", kind=ClaimantKind.ORGANIZATION)
    plain = publish(text="Plain claim.", published_at=now - timedelta(days=5))
    clustered = publish(
        text="Carried by many.",
        claimant=person,
        entities=[{"text": "Jane Doe", "label": "PERSON"}, {"text": "2024", "label": "DATE"}],
        published_at=now - timedelta(days=4),
    )
    in_cluster(clustered, source="Daily Planet", url="https://planet.example/a", days_earlier=2)
    twice = in_cluster(clustered, source="", url="", days_earlier=1)
    # A second claim of the same article: the article appears once.
    ClaimFactory.create(article=twice.article, text="Again.", cluster=twice.cluster)
    undated = ArticleFactory.create(title="No date", published_at=None)
    ClaimFactory.create(article=undated, text="Carried by many.", cluster=twice.cluster)
    evidence_add(clustered, url="https://stats.example/series")
    corrected = correct(
        publish(text="Corrected claim.", claimant=body, published_at=now - timedelta(days=3)),
        rating="mostly-false",
        reason="A figure was wrong.",
    )
    in_cluster(corrected, source="Courier", url="https://courier.example/b")
    retracted = retract(
        publish(text="Retracted claim.", published_at=now - timedelta(days=2)),
        reason="Wrong claim.",
    )
    return [plain, clustered, corrected, retracted]


def _serialized() -> bytes:
    rows = list(public_selectors.fact_checks().order_by(*ORDER))
    data = FactCheckSerializer(rows, many=True, context={"site": SITE}).data
    return JSONRenderer().render(data)


def test_rows_render_exactly_what_the_serializer_renders() -> None:
    # GIVEN fact-checks in every shape a list page shows
    _published_in_every_shape()

    # WHEN a page is rendered from plain dicts and by the serializer
    page = public_selectors.fact_checks_page().order_by(*ORDER).values_list("id", flat=True)
    rows = public_selectors.fact_checks_rows(list(page))
    rendered = JSONRenderer().render(fact_check_rows(rows, site=SITE))

    # THEN the bytes are the same, appearances and their order included
    assert rendered == _serialized()
    assert b"planet.example" in rendered
    assert b"Q42" in rendered


def test_the_list_api_answers_the_serializers_json() -> None:
    # GIVEN the same fact-checks
    _published_in_every_shape()

    # WHEN the public list is read
    response = Client().get("/api/v1/fact-checks/")

    # THEN its results are the serializer's output for the same rows
    assert response.status_code == 200
    expected = FactCheckSerializer(
        list(public_selectors.fact_checks().order_by(*ORDER)),
        many=True,
        context={"site": "http://testserver"},
    ).data
    assert response.json()["results"] == json.loads(JSONRenderer().render(expected))
