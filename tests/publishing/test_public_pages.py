"""Public HTML: fact-check pages, the index, the Atom feed and the sitemap, for anyone."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from claims.models import Claimant, ClaimantKind
from tests.publishing.conftest import correct, evidence_add, in_cluster, publish, retract

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _jsonld_blocks(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def test_a_fact_check_page_shows_the_claim_verdict_evidence_and_versions() -> None:
    # GIVEN a corrected fact-check with a claimant, evidence and two appearances
    claimant = Claimant.objects.create(name="Ministry of Labour", kind=ClaimantKind.ORGANIZATION)
    first = publish(text="Unemployment fell to 4.1%.", claimant=claimant)
    in_cluster(first, source="Daily Planet", url="https://planet.example/jobs")
    evidence_add(first, url="https://stats.example.org/lfs")
    correct(first, rating="mostly-false", reason="The survey year was wrong.")

    # WHEN anyone opens its page
    response = Client().get(f"/fact-checks/{first.claim_id}/")
    html = response.content.decode()

    # THEN it shows all of it, with the correction marked, cacheable
    assert response.status_code == 200
    for text in (
        "Unemployment fell to 4.1%.",
        "Ministry of Labour",
        "Mostly false",
        "Corrected: Unemployment rose.",
        "The survey year was wrong.",
        "https://stats.example.org/lfs",
        "https://planet.example/jobs",
        "Version 1",
        "superseded",
    ):
        assert text in html, text
    assert "public" in response["Cache-Control"]
    assert response["ETag"]
    assert len(_jsonld_blocks(html)) == 1
    assert 'type="application/atom+xml"' in html


def test_claim_text_cannot_close_the_jsonld_script() -> None:
    # GIVEN a claim whose text tries to end the script element and start its own
    hostile = 'Taxes rose</script><script>alert("x")</script><!-- 10%.'
    review = publish(text=hostile)

    # WHEN its page is rendered
    html = Client().get(f"/fact-checks/{review.claim_id}/").content.decode()

    # THEN no script element but the JSON-LD exists, and the JSON-LD reads back the text
    assert "<script>" not in html
    blocks = _jsonld_blocks(html)
    assert len(blocks) == 1
    assert json.loads(blocks[0])["claimReviewed"] == hostile


def test_the_public_pages_run_under_the_strict_content_security_policy() -> None:
    review = publish()

    for path in ("/fact-checks/", f"/fact-checks/{review.claim_id}/"):
        policy = Client().get(path)["Content-Security-Policy"]

        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy


def test_a_retracted_fact_check_stays_visible_marked_and_without_claimreview() -> None:
    review = retract(publish(text="Retracted claim."), reason="We mixed up two speakers.")

    html = Client().get(f"/fact-checks/{review.claim_id}/").content.decode()

    assert "Retracted on" in html
    assert "We mixed up two speakers." in html
    assert _jsonld_blocks(html) == []


def test_the_index_lists_fact_checks_newest_first_and_revalidates() -> None:
    now = timezone.now()
    older = publish(text="Older claim.", published_at=now - timedelta(days=1))
    newer = publish(text="Newer claim.")
    client = Client()

    response = client.get("/fact-checks/")
    html = response.content.decode()
    again = client.get("/fact-checks/", HTTP_IF_NONE_MATCH=response["ETag"])

    assert html.index("Newer claim.") < html.index("Older claim.")
    assert f"/fact-checks/{newer.claim_id}/" in html
    assert f"/fact-checks/{older.claim_id}/" in html
    assert again.status_code == 304


def test_the_sitemap_lists_every_public_fact_check_page() -> None:
    live = publish(text="Live.")
    gone = retract(publish(text="Gone."), reason="Wrong.")

    response = Client().get("/sitemap.xml")
    locations = re.findall(r"<loc>(.*?)</loc>", response.content.decode())

    assert response.status_code == 200
    assert sorted(locations) == sorted(
        f"http://testserver/fact-checks/{r.claim_id}/" for r in (live, gone)
    )


def test_the_atom_feed_carries_the_newest_fact_checks_with_their_pages() -> None:
    review = publish(text="Exports doubled.", conclusion="They grew by 3%.")

    response = Client().get("/fact-checks/feed.atom")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    entries = feed.findall(f"{ATOM}entry")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert len(entries) == 1
    assert entries[0].findtext(f"{ATOM}title") == "False: Exports doubled."
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"http://testserver/fact-checks/{review.claim_id}/"
