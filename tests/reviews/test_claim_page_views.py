"""The claim page (/claims/<pk>/) and its actions, through Django's test client."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import Article, Claim, ClaimCluster, ClaimConflict, ClaimStatus, Event
from reviews.leases import claim_lease_take
from reviews.models import Evidence, Review, ReviewState
from reviews.pages.claim_text import body_segments
from reviews.research import evidence_add
from tests.factories import ArticleFactory
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = pytest.mark.django_db

BODY = (
    "Officials met on Monday. The ministry said unemployment fell to 4.2% in 2024. "
    "Exports rose by 12% last year, the customs office reported. Nobody was surprised."
)
FIRST = "The ministry said unemployment fell to 4.2% in 2024."
SECOND = "Exports rose by 12% last year, the customs office reported."
HTMX = {"HX-Request": "true"}


def claim_in(article: Article, sentence: str, **fields: Any) -> Claim:
    """Return a claim on ``sentence`` of the article, with its real offsets."""
    start = article.body.index(sentence)
    return ClaimFactory.create(
        article=article, text=sentence, start=start, end=start + len(sentence), **fields
    )


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article() -> Article:
    return ArticleFactory.create(body=BODY, title="Jobs and trade")


@pytest.fixture
def held(article: Article, reviewer: User) -> Claim:
    """A claim the reviewer holds, beside another candidate claim of the same article."""
    claim = claim_in(article, FIRST, numbers=[{"raw": "4.2%", "value": 4.2, "unit": "percent"}])
    claim_in(article, SECOND)
    return claim_lease_take(claim=claim, reviewer=reviewer)


@pytest.fixture
def rita(reviewer: User) -> Client:
    return client_of(reviewer)


def test_the_page_highlights_the_claim_in_its_article_and_links_the_other_candidates(
    held: Claim, rita: Client
) -> None:
    other = Claim.objects.get(text=SECOND)

    html = rita.get(f"/claims/{held.pk}/").content.decode()

    assert (
        f'<mark id="this-claim" class="claim-current" data-testid="current-claim">{FIRST}</mark>'
        in html
    )
    assert f'href="/claims/{other.pk}/" title="Another candidate claim">{SECOND}</a>' in html
    assert "Officials met on Monday. " in html
    assert "4.2%" in html


def test_markup_in_the_article_is_escaped_not_rendered(reviewer: User, rita: Client) -> None:
    hostile = "<script>alert(1)</script> The city said 45% of buses ran late in 2024."
    article = ArticleFactory.create(body=hostile, title="<b>Buses</b>")
    claim = claim_in(article, "The city said 45% of buses ran late in 2024.")

    html = rita.get(f"/claims/{claim.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Buses&lt;/b&gt;" in html


def test_the_seed_articles_show_their_conflicting_casualty_figures_side_by_side(
    reviewer: User, rita: Client
) -> None:
    # GIVEN the two seed articles, extracted
    call_command("load_seeds", stdout=io.StringIO())
    for article in Article.objects.all():
        services.article_extract(article=article)
    claim = Claim.objects.get(text__contains="850,000")

    # WHEN a reviewer opens the claim giving 850,000 Russian casualties
    html = rita.get(f"/claims/{claim.pk}/").content.decode()

    # THEN the other article's "exceed one million" is shown beside it, on the same subject
    conflict = ClaimConflict.objects.get(claim=claim)
    assert "exceed one million" in conflict.other.text
    assert "Conflicting figures" in html
    assert "russian casualties" in html
    assert conflict.other.text in html
    assert "850,000" in html


def test_the_cluster_lists_every_article_carrying_the_claim_and_the_prior_fact_check(
    held: Claim, rita: Client
) -> None:
    cluster = ClaimCluster.objects.create(text=FIRST)
    elsewhere = ArticleFactory.create(title="Wire copy", body=f"Earlier. {FIRST}")
    published = claim_in(elsewhere, FIRST, status=ClaimStatus.PUBLISHED, cluster=cluster)
    Claim.objects.filter(pk=held.pk).update(cluster=cluster, previously_checked=published)

    html = rita.get(f"/claims/{held.pk}/").content.decode()

    assert "Carried by 2 articles" in html
    assert "Wire copy" in html
    assert f'href="/fact-checks/{published.pk}/"' in html


def test_adding_evidence_through_htmx_answers_the_evidence_fragment(
    held: Claim, rita: Client
) -> None:
    response = rita.post(
        f"/claims/{held.pk}/evidence/",
        {"url": "https://stats.example.org/jobs", "title": "Labour survey", "stance": "supports"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert (
        response.content.decode().lstrip().startswith('<section aria-labelledby="evidence-title"')
    )
    assert "Labour survey" in response.content.decode()
    assert Evidence.objects.get(claim=held).url == "https://stats.example.org/jobs"


def test_a_bad_evidence_url_is_refused_with_a_message_and_the_typed_values_kept(
    held: Claim, rita: Client
) -> None:
    response = rita.post(
        f"/claims/{held.pk}/evidence/",
        {"url": "javascript:alert(1)", "title": "Keep this title", "stance": "refutes"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid URL" in html
    assert 'value="Keep this title"' in html
    assert not Evidence.objects.filter(claim=held).exists()


def test_removing_evidence_takes_it_off_the_list(held: Claim, reviewer: User, rita: Client) -> None:
    evidence = evidence_add(
        claim=held, reviewer=reviewer, url="https://a.example.org/", stance="context", title="Gone"
    )

    response = rita.post(f"/claims/{held.pk}/evidence/{evidence.pk}/remove/", headers=HTMX)

    assert response.status_code == 200
    assert "Gone" not in response.content.decode()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_autosave_stores_the_draft_and_a_reload_shows_it(held: Claim, rita: Client) -> None:
    response = rita.post(
        f"/claims/{held.pk}/draft/",
        {"rating": "mostly-true", "conclusion": "Roughly right", "explanation": "Survey says 4.3%"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Draft saved" in response.content.decode()
    html = rita.get(f"/claims/{held.pk}/").content.decode()
    assert 'value="Roughly right"' in html
    assert "Survey says 4.3%</textarea>" in html
    assert '<option value="mostly-true" selected>' in html


def test_a_draft_with_a_form_error_is_refused_and_the_saved_draft_stays(
    held: Claim, rita: Client
) -> None:
    # GIVEN a saved draft
    rita.post(f"/claims/{held.pk}/draft/", {"conclusion": "First words"}, headers=HTMX)

    # WHEN an autosave sends a conclusion over 300 characters
    response = rita.post(f"/claims/{held.pk}/draft/", {"conclusion": "x" * 301}, headers=HTMX)

    # THEN it is refused with the reason, and the server keeps the last good draft
    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    assert Review.objects.get(claim=held).conclusion == "First words"


def test_a_draft_survives_the_lease_expiring_and_is_there_when_the_claim_is_taken_again(
    held: Claim, reviewer: User, rita: Client
) -> None:
    # GIVEN a saved draft, then the lease runs out
    rita.post(f"/claims/{held.pk}/draft/", {"conclusion": "Kept through expiry"}, headers=HTMX)
    Claim.objects.filter(pk=held.pk).update(lease_expires_at=timezone.now() - timedelta(1))

    # WHEN an autosave arrives after the expiry
    late = rita.post(f"/claims/{held.pk}/draft/", {"conclusion": "Typed late"}, headers=HTMX)

    # THEN it is refused with a clear message, the page says so and offers to take it back
    assert late.status_code == 409
    assert "expired" in late.content.decode()
    page = rita.get(f"/claims/{held.pk}/").content.decode()
    assert "Your lease on this claim expired" in page
    assert "Take this claim" in page

    # AND taking it again brings the saved draft back into the form
    rita.post(f"/claims/{held.pk}/take/")
    page = rita.get(f"/claims/{held.pk}/").content.decode()
    assert Claim.objects.get(pk=held.pk).leased_by_id == reviewer.pk
    assert 'value="Kept through expiry"' in page


def test_a_refused_submission_keeps_the_text_on_the_page_and_on_the_server(
    held: Claim, rita: Client
) -> None:
    response = rita.post(
        f"/claims/{held.pk}/verdict/",
        {"rating": "", "conclusion": "No rating yet", "explanation": "Long reasoning"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "needs a rating" in html
    assert 'value="No rating yet"' in html
    assert "Long reasoning</textarea>" in html
    assert Review.objects.get(claim=held).explanation == "Long reasoning"
    assert Claim.objects.get(pk=held.pk).status == ClaimStatus.IN_REVIEW


def test_submitting_a_complete_verdict_sends_it_for_approval(
    held: Claim, reviewer: User, rita: Client
) -> None:
    evidence_add(claim=held, reviewer=reviewer, url="https://a.example.org/", stance="supports")

    response = rita.post(
        f"/claims/{held.pk}/verdict/",
        {"rating": "true", "conclusion": "Right", "explanation": "", "claimant": "The ministry"},
    )

    assert response.status_code == 302
    claim = Claim.objects.select_related("claimant").get(pk=held.pk)
    assert claim.status == ClaimStatus.VERDICT_SUBMITTED
    assert claim.claimant is not None
    assert claim.claimant.name == "The ministry"
    assert Review.objects.get(claim=held).state == ReviewState.SUBMITTED


def test_release_extend_skip_and_dismiss_call_the_lease_services(
    held: Claim, reviewer: User, rita: Client
) -> None:
    before = held.lease_expires_at
    rita.post(f"/claims/{held.pk}/extend/")
    assert Claim.objects.get(pk=held.pk).lease_expires_at > before  # type: ignore[operator]

    rita.post(f"/claims/{held.pk}/release/")
    assert Claim.objects.get(pk=held.pk).status == ClaimStatus.CANDIDATE

    rita.post(f"/claims/{held.pk}/take/")
    rita.post(f"/claims/{held.pk}/skip/", {"reason": "Not my beat"})
    assert Event.objects.filter(claim=held, action="claim.skipped").get().changes == {
        "reason": "Not my beat"
    }

    rita.post(f"/claims/{held.pk}/take/")
    rita.post(f"/claims/{held.pk}/dismiss/", {"reason": "opinion", "note": "A view"})
    assert Claim.objects.get(pk=held.pk).status == ClaimStatus.DISMISSED


def test_a_refused_action_shows_its_reason_on_the_page(held: Claim, rita: Client) -> None:
    response = rita.post(f"/claims/{held.pk}/dismiss/", {"reason": "duplicate"}, follow=True)

    assert "A duplicate must name the claim it duplicates" in response.content.decode()
    assert Claim.objects.get(pk=held.pk).status == ClaimStatus.IN_REVIEW


def test_an_editor_sees_the_claim_read_only_without_a_take_button(
    held: Claim, editor: User
) -> None:
    html = client_of(editor).get(f"/claims/{held.pk}/").content.decode()

    assert "holds this claim" in html
    assert "Take this claim" not in html
    assert "Add evidence</button>" not in html
    assert "<fieldset disabled>" in html


def test_another_reviewer_may_take_a_waiting_claim_but_not_a_held_one(
    held: Claim, other_reviewer: User
) -> None:
    oscar = client_of(other_reviewer)
    waiting = Claim.objects.get(text=SECOND)

    assert "Take this claim" not in oscar.get(f"/claims/{held.pk}/").content.decode()
    assert "Take this claim" in oscar.get(f"/claims/{waiting.pk}/").content.decode()

    refused = oscar.post(f"/claims/{held.pk}/take/", follow=True).content.decode()
    oscar.post(f"/claims/{waiting.pk}/take/")

    assert "another reviewer holds it" in refused
    assert Claim.objects.get(pk=waiting.pk).leased_by_id == other_reviewer.pk


def test_the_timeline_lists_the_claims_events(held: Claim, rita: Client) -> None:
    rita.post(f"/claims/{held.pk}/extend/")

    html = rita.get(f"/claims/{held.pk}/").content.decode()

    assert "Claim leased" in html
    assert "Lease extended" in html


def test_a_user_without_a_role_is_refused_and_a_visitor_sent_to_log_in(held: Claim) -> None:
    nobody = user_with_role("submitter", username="sam")

    assert client_of(nobody).get(f"/claims/{held.pk}/").status_code == 403
    assert Client().get(f"/claims/{held.pk}/").status_code == 302


def test_an_unknown_claim_is_404(rita: Client) -> None:
    assert rita.get("/claims/999999/").status_code == 404


def _claim_with_rows(reviewer: User, n: int) -> Claim:
    """Return a held claim with ``n`` of everything the page lists."""
    sentences = [f"Exports rose by {i}% in region {i}." for i in range(n)]
    article = ArticleFactory.create(body=" ".join([FIRST, *sentences]))
    cluster = ClaimCluster.objects.create(text=FIRST)
    claim = claim_in(article, FIRST, cluster=cluster)
    for sentence in sentences:
        claim_in(article, sentence)
    claim = claim_lease_take(claim=claim, reviewer=reviewer)
    for i in range(n):
        evidence_add(
            claim=claim, reviewer=reviewer, url=f"https://e{i}.example.org/", stance="context"
        )
        copy = ArticleFactory.create(title=f"Copy {i}", body=f"Copy {n}-{i}. {FIRST}")
        twin = claim_in(copy, FIRST, cluster=cluster, numbers=[{"raw": f"{i}%", "value": i}])
        ClaimConflict.objects.create(claim=claim, other=twin, subject="unemployment")
    return claim


def _queries_to_render(client: Client, claim: Claim) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 200
    return len(queries)


def test_the_page_renders_in_a_constant_number_of_queries(reviewer: User, rita: Client) -> None:
    few = _claim_with_rows(reviewer, 2)
    many = _claim_with_rows(reviewer, 20)

    assert _queries_to_render(rita, few) == _queries_to_render(rita, many)
    assert rita.get(f"/claims/{many.pk}/").content.decode().count('class="chip figure"') == 20


def test_favicon_ico_is_not_404_but_the_svg_icon(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert finders.find("favicon.svg") is not None


def test_a_claim_whose_lease_ran_out_can_be_taken_by_another_reviewer(
    held: Claim, other_reviewer: User
) -> None:
    Claim.objects.filter(pk=held.pk).update(lease_expires_at=timezone.now() - timedelta(1))
    oscar = client_of(other_reviewer)

    page = oscar.get(f"/claims/{held.pk}/").content.decode()
    oscar.post(f"/claims/{held.pk}/take/")

    assert "lease on this claim ran out" in page
    assert "Take this claim" in page
    assert Claim.objects.get(pk=held.pk).leased_by_id == other_reviewer.pk
    assert Event.objects.filter(claim=held, action="claim.lease_expired").count() == 1


def test_a_reviewer_taking_over_is_told_of_the_draft_another_left(
    held: Claim, rita: Client, other_reviewer: User
) -> None:
    rita.post(f"/claims/{held.pk}/draft/", {"conclusion": "Rita's private words"}, headers=HTMX)
    Claim.objects.filter(pk=held.pk).update(lease_expires_at=timezone.now() - timedelta(1))
    oscar = client_of(other_reviewer)
    oscar.post(f"/claims/{held.pk}/take/")

    page = oscar.get(f"/claims/{held.pk}/").content.decode()

    assert "Another reviewer left an unsubmitted draft" in page
    assert "private words" not in page


def test_the_extracted_speaker_is_only_suggested_and_never_confirmed_by_an_autosave(
    held: Claim, rita: Client
) -> None:
    Claim.objects.filter(pk=held.pk).update(speaker="Jane Doe")

    page = rita.get(f"/claims/{held.pk}/").content.decode()
    rita.post(f"/claims/{held.pk}/draft/", {"conclusion": "Draft", "claimant": ""}, headers=HTMX)

    assert 'placeholder="Suggested: Jane Doe"' in page
    assert Claim.objects.get(pk=held.pk).claimant_id is None


def test_overlapping_or_out_of_range_spans_leave_the_text_whole_and_unmarked() -> None:
    @dataclass
    class Span:
        pk: int
        start: int
        end: int

    body = "One two. Three four. Five."
    spans = [Span(1, 0, 8), Span(2, 4, 12), Span(3, 9, 20), Span(4, 21, 99)]

    segments = body_segments(body=body, spans=spans, current_id=3)

    assert "".join(s.text for s in segments) == body
    assert [(s.claim_id, s.is_current) for s in segments if s.claim_id] == [(1, False), (3, True)]
