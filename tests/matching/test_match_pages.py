"""The claim page's matches partial and its Confirm/Reject buttons (plain POST + redirect)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from claims import selectors
from claims.models import Claim, ClaimLink, ExternalFactCheck, LinkKind, LinkStatus
from tests.reviews.factories import user_with_role

pytestmark = pytest.mark.django_db


def _reviewer_client() -> Client:
    client = Client()
    client.force_login(user_with_role("reviewer"))
    return client


def test_confirm_button_confirms_and_goes_back_to_the_claim_page(suggested: ClaimLink) -> None:
    response = _reviewer_client().post(
        f"/claims/{suggested.claim_id}/matches/{suggested.pk}/confirm/"
    )

    assert response.status_code == 302
    assert response["Location"] == f"/claims/{suggested.claim_id}/#matches"
    assert ClaimLink.objects.get(pk=suggested.pk).status == LinkStatus.CONFIRMED


def test_reject_button_rejects(suggested: ClaimLink) -> None:
    response = _reviewer_client().post(
        f"/claims/{suggested.claim_id}/matches/{suggested.pk}/reject/"
    )

    assert response.status_code == 302
    assert ClaimLink.objects.get(pk=suggested.pk).status == LinkStatus.REJECTED


def test_the_buttons_refuse_get_and_users_without_the_reviewer_role(suggested: ClaimLink) -> None:
    url = f"/claims/{suggested.claim_id}/matches/{suggested.pk}/confirm/"
    assert _reviewer_client().get(url).status_code == 405
    submitter = Client()
    submitter.force_login(user_with_role("submitter"))

    assert submitter.post(url).status_code == 403
    assert ClaimLink.objects.get(pk=suggested.pk).status == LinkStatus.SUGGESTED


def test_a_link_of_another_claim_is_not_found(suggested: ClaimLink) -> None:
    url = f"/claims/{suggested.other_id}/matches/{suggested.pk}/confirm/"

    assert _reviewer_client().post(url).status_code == 404


def test_the_partial_shows_matches_with_buttons_and_article_html_as_text(
    suggested: ClaimLink,
) -> None:
    Claim.objects.filter(pk=suggested.other_id or 0).update(text="<script>alert(1)</script> rates")
    external = ExternalFactCheck.objects.create(
        url="https://x.example/check",
        publisher="Example <b>Checks</b>",
        claim_text="Rates rose to 21%.",
        rating_text="True",
        source="claimreview",
    )
    ClaimLink.objects.create(
        claim_id=suggested.claim_id,
        external=external,
        kind=LinkKind.EXTERNAL_CHECK,
        model="matcher-test",
        score=0.8,
    )
    claim = Claim.objects.get(pk=suggested.claim_id)

    html = render_to_string(
        "desk/claim/_matches.html",
        {"claim": claim, "claim_links": selectors.claim_links_for(claim=claim)},
    )

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "Already checked by <strong>Example &lt;b&gt;Checks&lt;/b&gt;</strong>" in html
    assert 'href="https://x.example/check"' in html
    assert f'action="/claims/{claim.pk}/matches/{suggested.pk}/confirm/"' in html
    assert html.index("x.example/check") < html.index("&lt;script&gt;")  # best score first
