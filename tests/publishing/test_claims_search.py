"""Search in Google Fact Check Tools' claims:search shape, so its clients can read us."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from claims.models import Claimant
from tests.publishing.conftest import in_cluster, publish, retract

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/factchecktools/v1alpha1/claims:search"


def test_search_answers_in_googles_shape(settings: Any) -> None:
    # GIVEN a published fact-check with a claimant, carried by an article with a date
    settings.PUBLISHER_NAME = "Example Fact Check"
    settings.PUBLISHER_URL = "https://factcheck.example.org/"
    review = publish(
        text="Unemployment fell to 4.1%.",
        conclusion="It rose to 5.1%.",
        claimant=Claimant.objects.create(name="Jane Doe"),
    )
    in_cluster(review, source="Daily Planet", url="https://planet.example/jobs", days_earlier=3)

    # WHEN a Fact Check Tools client searches, with its API key as it always sends one
    answer = Client().get(SEARCH, {"query": "unemployment", "languageCode": "en", "key": "k"})

    # THEN it gets Google's field names, with empty ones left out
    assert answer.status_code == 200
    (claim,) = answer.json()["claims"]
    assert claim["text"] == "Unemployment fell to 4.1%."
    assert claim["claimant"] == "Jane Doe"
    assert claim["claimDate"] < claim["claimReview"][0]["reviewDate"]
    assert claim["claimReview"] == [
        {
            "publisher": {"name": "Example Fact Check", "site": "factcheck.example.org"},
            "url": f"http://testserver/fact-checks/{review.claim_id}/",
            "title": "It rose to 5.1%.",
            "reviewDate": claim["claimReview"][0]["reviewDate"],
            "textualRating": "False",
            "languageCode": "en",
        }
    ]
    assert "nextPageToken" not in answer.json()


def test_page_tokens_walk_the_results_and_retractions_are_left_out() -> None:
    now = timezone.now()
    live = [publish(text=f"Claim {n}.", published_at=now - timedelta(hours=n)) for n in range(3)]
    retract(publish(text="Claim withdrawn."), reason="Wrong.")
    client = Client()

    first = client.get(SEARCH, {"pageSize": 2}).json()
    second = client.get(SEARCH, {"pageSize": 2, "pageToken": first["nextPageToken"]}).json()

    assert [c["text"] for c in first["claims"] + second["claims"]] == [r.claim.text for r in live]
    assert "nextPageToken" not in second


def test_max_age_days_and_a_foreign_publisher_site_narrow_the_search() -> None:
    publish(text="Old claim.", published_at=timezone.now() - timedelta(days=30))
    publish(text="New claim.")
    client = Client()

    recent = client.get(SEARCH, {"maxAgeDays": 7}).json()
    elsewhere = client.get(SEARCH, {"reviewPublisherSiteFilter": "politifact.com"}).json()

    assert [c["text"] for c in recent["claims"]] == ["New claim."]
    assert elsewhere == {}


@pytest.mark.parametrize(
    "query", [{"pageToken": "nonsense"}, {"pageToken": "é"}, {"pageSize": 0}, {"sort": "x"}]
)
def test_bad_search_parameters_are_refused(query: dict[str, Any]) -> None:
    assert Client().get(SEARCH, query).status_code == 400
