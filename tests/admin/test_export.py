"""CSV export of claims and of published fact-checks (export only: nothing is imported)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from reviews.models import Review
from tests.reviews.factories import ClaimFactory


def rows_of(response: object) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def test_claims_export_as_csv_in_the_lists_filter(editor_client: Client) -> None:
    # GIVEN a claim whose text starts like a spreadsheet formula, and one in another state
    formula = ClaimFactory.create(text="=HYPERLINK(1) Unemployment fell to 4%.")
    ClaimFactory.create(status="dismissed")

    # WHEN an editor exports the candidate claims
    response = editor_client.get("/admin/claims/claim/export/?status__exact=candidate")

    # THEN they get a CSV of those claims, with the formula neutralised
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    [row] = rows_of(response)
    assert row["id"] == str(formula.pk)
    assert row["queue"] == "default"
    assert row["status"] == "candidate"
    assert not row["text"].startswith("=")
    assert "Unemployment fell to 4%." in row["text"]


def test_fact_check_export_has_only_published_verdicts(
    editor_client: Client, published_review: Review
) -> None:
    response = editor_client.get("/admin/reviews/review/export/")

    assert response.status_code == 200
    [row] = rows_of(response)
    assert row["id"] == str(published_review.pk)
    assert row["rating"] == "False"
    assert row["conclusion"] == "Unemployment rose, it did not fall."
    assert row["approver"] == "edna"


def test_the_admin_offers_export_but_no_import(operator_client: Client) -> None:
    page = operator_client.get("/admin/claims/claim/").content.decode()

    assert "/admin/claims/claim/export/" in page
    assert "import/" not in page
    with pytest.raises(NoReverseMatch):
        reverse("admin:claims_claim_import")
