"""The detected language is stored on the article, shown by the API and used by routing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim, Queue
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ENGLISH = (
    "The council spent £4.2 million on road repairs in 2023, up from £3.1 million in 2022. "
    "Potholes reported by residents rose 38% to 11,200 over the same period."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag einen Haushalt von 4,2 Millionen Euro für Straßenreparaturen "
    "beschlossen, und der Bürgermeister sagte, die Arbeiten würden im Frühjahr beginnen."
)


def test_the_detected_language_is_stored_and_shown_by_the_api(api: APIClient) -> None:
    # GIVEN a German article submitted with the default language "en"
    article = ArticleFactory.create(body=GERMAN, language="en")

    # WHEN it is extracted
    services.article_extract(article=article)

    # THEN the article records German, keeps what was submitted, and has no claims
    article.refresh_from_db()
    assert (article.detected_language, article.language) == ("de", "en")
    assert Claim.objects.filter(article=article).count() == 0
    detail = api.get(f"/api/v1/articles/{article.pk}/")
    assert detail.status_code == 200
    assert detail.data["detected_language"] == "de"
    assert "only handles English" in detail.data["extraction_note"]


def test_routing_goes_by_the_detected_language() -> None:
    # GIVEN an English desk and an English article submitted under a regional tag
    english_desk = Queue.objects.create(name="English desk", slug="en", route_languages=["en"])
    article = ArticleFactory.create(body=ENGLISH, language="en-GB")

    # WHEN it is extracted
    services.article_extract(article=article)

    # THEN its claims are in the English desk's queue
    article.refresh_from_db()
    queues = set(Claim.objects.filter(article=article).values_list("queue", flat=True))
    assert article.detected_language == "en"
    assert queues == {english_desk.pk}


def test_an_article_not_yet_extracted_has_no_detected_language(api: APIClient) -> None:
    article = ArticleFactory.create(body=ENGLISH)

    detail = api.get(f"/api/v1/articles/{article.pk}/")

    assert detail.data["detected_language"] == ""
