"""API steps shared by the workflow tests, so each test reads as the story it tells."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from claims.models import Claim, Event
from reviews.models import Evidence, Review

VERDICT = {
    "rating": "false",
    "conclusion": "Unemployment rose, it did not fall.",
    "explanation": "The statistics office's series shows a rise over the year.",
}
EVIDENCE = {
    "url": "https://stats.example.org/unemployment-2024",
    "title": "Labour force survey 2024",
    "publisher": "Statistics office",
    "stance": "refutes",
    "quote": "Unemployment rose to 5.1%.",
    "archived_url": "https://archive.example.org/stats-2024",
    "note": "Table 3.",
}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def lease_next(api: APIClient) -> dict[str, Any]:
    return ok(api.post("/api/v1/queues/default/lease-next/"))


def add_evidence(api: APIClient, claim_id: int, **fields: Any) -> dict[str, Any]:
    return ok(
        api.post(f"/api/v1/claims/{claim_id}/evidence/", {**EVIDENCE, **fields}, format="json"), 201
    )


def research_and_submit(api: APIClient, claim_id: int, **fields: Any) -> dict[str, Any]:
    """Attach one evidence link (a verdict needs one), then submit the verdict."""
    add_evidence(api, claim_id)
    return submit_verdict(api, claim_id, **fields)


def submit_verdict(api: APIClient, claim_id: int, **fields: Any) -> dict[str, Any]:
    return ok(api.post(f"/api/v1/claims/{claim_id}/verdict/", {**VERDICT, **fields}, format="json"))


def approve(api: APIClient, review_id: int) -> dict[str, Any]:
    return ok(api.post(f"/api/v1/reviews/{review_id}/approve/"))


def publish(api: APIClient, review_id: int) -> dict[str, Any]:
    return ok(api.post(f"/api/v1/reviews/{review_id}/publish/"))


def propose_correction(api: APIClient, review_id: int, **fields: Any) -> dict[str, Any]:
    body = {"reason": "The statistics office revised the figure.", **fields}
    return ok(api.post(f"/api/v1/reviews/{review_id}/correct/", body, format="json"), 201)


def retract(api: APIClient, review_id: int, reason: str = "The source was fabricated.") -> Any:
    return ok(api.post(f"/api/v1/reviews/{review_id}/retract/", {"reason": reason}, format="json"))


def state_of(claim: Claim) -> dict[str, Any]:
    """Everything a refused request must leave as it was."""
    fresh = Claim.objects.get(pk=claim.pk)
    return {
        "status": fresh.status,
        "leased_by": fresh.leased_by_id,
        "lease_expires_at": fresh.lease_expires_at,
        "reviews": list(
            Review.objects.filter(claim=claim)
            .order_by("version")
            .values_list("version", "state", "rating__slug", "conclusion", "approver_id")
        ),
        "evidence": list(Evidence.objects.filter(claim=claim).values_list("id", "url")),
        "events": Event.objects.filter(claim=claim).count(),
    }
