"""Done when: a fact-check published through the API is a valid ClaimReview on its public page.

Read as a crawler reads it (extruct), checked against the schema.org vocabulary file in
../shared/data/schemaorg/ and against Google's required and recommended fact-check fields.
"""

from __future__ import annotations

from typing import Any

import extruct
import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim
from reviews.models import Rating
from tests.conftest import SHARED
from tests.publishing.conftest import correct
from tests.publishing.schemaorg import Vocabulary
from tests.reviews.workflow_steps import EVIDENCE, approve, lease_next, ok, publish, submit_verdict

VOCABULARY = SHARED / "data" / "schemaorg" / "schemaorg-current-https.jsonld"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    if not VOCABULARY.exists():
        pytest.skip(f"the schema.org vocabulary is not at {VOCABULARY} (../shared is absent)")
    return Vocabulary(VOCABULARY)


def _claimreviews(html: str, url: str) -> list[dict[str, Any]]:
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)
    return [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]


def _publish_through_the_api(
    claim: Claim, reviewer_api: APIClient, editor_api: APIClient
) -> dict[str, Any]:
    leased = lease_next(reviewer_api)
    ok(reviewer_api.post(f"/api/v1/claims/{leased['id']}/evidence/", EVIDENCE, format="json"), 201)
    ok(
        reviewer_api.put(
            f"/api/v1/claims/{leased['id']}/claimant/",
            {"name": "Jane Minister", "kind": "person", "wikidata_id": "Q42"},
            format="json",
        )
    )
    review = submit_verdict(reviewer_api, leased["id"])
    approve(editor_api, review["id"])
    return publish(editor_api, review["id"])


def test_a_published_fact_check_page_carries_one_valid_claimreview(
    claim: Claim,
    reviewer_api: APIClient,
    editor_api: APIClient,
    vocabulary: Vocabulary,
    settings: Any,
) -> None:
    # GIVEN a claim whose article has a URL, researched, judged and published through the API
    settings.PUBLISHER_NAME = "Example Fact Check"
    settings.PUBLISHER_URL = "https://factcheck.example.org/"
    claim.article.url = "https://news.example.org/jobs"
    claim.article.save()
    _publish_through_the_api(claim, reviewer_api, editor_api)

    # WHEN an anonymous crawler reads the public page
    page_url = f"http://testserver/fact-checks/{claim.pk}/"
    response = Client().get(f"/fact-checks/{claim.pk}/")
    found = _claimreviews(response.content.decode(), page_url)

    # THEN the page has exactly one ClaimReview, every property valid in schema.org
    assert response.status_code == 200
    assert len(found) == 1
    review = found[0]
    assert list(vocabulary.problems(review)) == []
    # AND it has Google's required and recommended fields
    assert review["claimReviewed"] == claim.text
    assert review["url"] == page_url
    assert review["datePublished"]
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/",
    }
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    scale = Rating.objects.get(slug="false")
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (
        scale.value,
        scale.best_value,
        scale.worst_value,
    )
    assert rating["worstRating"] >= 1
    assert rating["alternateName"] == "False"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Jane Minister",
        "sameAs": "https://www.wikidata.org/wiki/Q42",
    }
    assert item["datePublished"]
    assert [a["url"] for a in item["appearance"]] == ["https://news.example.org/jobs"]
    assert item["firstAppearance"]["url"] == "https://news.example.org/jobs"
    assert "dateModified" not in review  # not corrected
    # AND the verdict is not in the claim reviewed
    assert "false" not in review["claimReviewed"].lower()


def test_a_corrected_fact_check_says_when_it_was_modified(
    claim: Claim, reviewer_api: APIClient, editor_api: APIClient, vocabulary: Vocabulary
) -> None:
    from reviews.models import Review

    published = _publish_through_the_api(claim, reviewer_api, editor_api)
    correct(Review.objects.get(pk=published["id"]), rating="mostly-false", reason="Wrong year.")

    found = _claimreviews(Client().get(f"/fact-checks/{claim.pk}/").content.decode(), "http://x/")

    assert len(found) == 1
    assert list(vocabulary.problems(found[0])) == []
    assert found[0]["dateModified"] > found[0]["datePublished"]
    assert found[0]["reviewRating"]["alternateName"] == "Mostly false"


def test_the_vocabulary_check_catches_a_property_on_the_wrong_type(
    vocabulary: Vocabulary,
) -> None:
    wrong = {
        "@type": "Rating",
        "ratingValue": 1,
        "claimReviewed": "x",
        "author": {"@type": "Claim"},
    }

    problems = list(vocabulary.problems(wrong))

    assert any("claimReviewed" in p for p in problems)
    assert any("a Claim where" in p for p in problems)
