"""The desk's flow pages through Django's test client: home, queue, editor, submit, article.

Rows are built straight in the database where a test only needs them to exist; the actions
(take next, approve, return, publish, submit) go through the pages themselves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import Article, Claim, ClaimCluster, ClaimStatus, ClaimType
from claims.routing import queue_default_get
from reviews.models import Evidence, Rating, Review, ReviewState
from tests.factories import ArticleFactory, QueueFactory, UserFactory
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = pytest.mark.django_db


def browser_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def leased(claim: Claim, user: User, minutes: int = 20) -> Claim:
    claim.status = ClaimStatus.IN_REVIEW
    claim.leased_by = user
    claim.lease_expires_at = timezone.now() + timedelta(minutes=minutes)
    claim.save()
    return claim


def review_in(state: str, *, author: User, claim: Claim | None = None, **fields: Any) -> Review:
    """A verdict version in ``state``, with its claim in the matching state."""
    claim_status = {
        ReviewState.DRAFT: ClaimStatus.IN_REVIEW,
        ReviewState.SUBMITTED: ClaimStatus.VERDICT_SUBMITTED,
        ReviewState.APPROVED: ClaimStatus.APPROVED,
        ReviewState.PUBLISHED: ClaimStatus.PUBLISHED,
        ReviewState.PROPOSED: ClaimStatus.PUBLISHED,
    }[ReviewState(state)]
    claim = claim or ClaimFactory.create(status=claim_status)
    if claim.status != claim_status:
        claim.status = claim_status
        claim.save()
    if claim_status == ClaimStatus.IN_REVIEW:
        leased(claim, author)
    values = {
        "rating": Rating.objects.get(slug="false"),
        "conclusion": "Unemployment rose, it did not fall.",
        "explanation": "The statistics office's series shows a rise.",
        "submitted_at": timezone.now(),
        **fields,
    }
    version = Review.objects.filter(claim=claim).count() + 1
    return Review.objects.create(claim=claim, version=version, state=state, author=author, **values)


def queries_to_render(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


# --- Home ---------------------------------------------------------------------------------------


def test_home_shows_my_leases_with_a_countdown_and_the_queues_with_overdue_counts() -> None:
    # GIVEN a reviewer holding a lease, and a queue with two waiting claims, one overdue
    rita = user_with_role("reviewer", username="rita")
    mine = leased(ClaimFactory.create(text="Exports doubled in 2023."), rita, minutes=20)
    ClaimFactory.create(due_at=timezone.now() - timedelta(hours=2))
    ClaimFactory.create(due_at=timezone.now() + timedelta(hours=2))

    # WHEN she opens Home
    response = browser_for(rita).get("/")

    # THEN her claim is listed with the time left and the expiry as an ISO datetime
    page = response.content.decode()
    assert response.status_code == 200
    assert "Exports doubled in 2023." in page
    assert f'href="/claims/{mine.pk}/"' in page
    assert f'datetime="{mine.lease_expires_at.isoformat()}"' in page  # type: ignore[union-attr]
    assert "19\xa0minutes" in page or "20\xa0minutes" in page
    # AND the default queue shows 2 waiting, 1 overdue
    row = page.split(f'data-queue="{queue_default_get().slug}"')[1].split("</tr>")[0]
    assert '<td class="count">2</td>' in row
    assert '<td class="count overdue">1</td>' in row


def test_home_shows_a_verdict_returned_to_me_with_the_editors_comment() -> None:
    rita = user_with_role("reviewer", username="rita")
    review_in(ReviewState.DRAFT, author=rita, return_comment="Cite the <b>2024</b> table.")

    page = browser_for(rita).get("/").content.decode()

    assert "Verdicts returned to you" in page
    assert "Cite the &lt;b&gt;2024&lt;/b&gt; table." in page


def test_home_shows_editors_what_waits_for_approval_and_publication() -> None:
    rita = user_with_role("reviewer", username="rita")
    edna = user_with_role("editor", username="edna")
    waiting = review_in(ReviewState.SUBMITTED, author=rita, conclusion="Waiting conclusion.")
    approved = review_in(ReviewState.APPROVED, author=rita, conclusion="Approved conclusion.")

    editor_page = browser_for(edna).get("/").content.decode()
    reviewer_page = browser_for(rita).get("/").content.decode()

    approve_part, publish_part = editor_page.split("Approved, waiting to be published")
    assert f'href="/reviews/{waiting.pk}/"' in approve_part
    assert f'href="/reviews/{approved.pk}/"' in publish_part
    assert "Waiting for your approval" not in reviewer_page
    assert "Waiting conclusion." not in reviewer_page


def test_home_renders_in_the_same_number_of_queries_for_2_or_20_rows() -> None:
    edna = user_with_role("editor", username="edna")
    rita = user_with_role("reviewer", username="rita")
    client = browser_for(edna)

    counts = []
    for rows in (2, 18):  # 2 rows, then 20
        for _ in range(rows):
            leased(ClaimFactory.create(), edna)
            ClaimFactory.create(due_at=timezone.now() - timedelta(hours=1))
            QueueFactory.create()
            review_in(ReviewState.SUBMITTED, author=rita)
            review_in(ReviewState.APPROVED, author=rita)
            review_in(ReviewState.DRAFT, author=edna, return_comment="Fix it.")
        counts.append(queries_to_render(client, "/"))

    assert counts[0] == counts[1]


# --- Queue page ---------------------------------------------------------------------------------


def test_queue_page_lists_claims_in_the_order_take_next_leases_them() -> None:
    # GIVEN a high-priority claim, a low-priority overdue one, and one not yet due
    rita = user_with_role("reviewer", username="rita")
    high = ClaimFactory.create(text="High priority.", priority=0.9, score=0.9)
    overdue = ClaimFactory.create(
        text="Overdue.", priority=0.1, due_at=timezone.now() - timedelta(hours=3)
    )
    later = ClaimFactory.create(
        text="Due later.", priority=0.5, due_at=timezone.now() + timedelta(hours=3)
    )

    # WHEN the reviewer opens the queue
    response = browser_for(rita).get("/queues/default/")

    # THEN the overdue claim comes first, then by priority, each with its SLA state
    page = response.content.decode()
    assert response.status_code == 200
    positions = [page.index(f'data-claim-id="{c.pk}"') for c in (overdue, high, later)]
    assert positions == sorted(positions)
    assert "overdue 3\xa0hours" in page
    assert "due in 2\xa0hours" in page or "due in 3\xa0hours" in page
    assert "no SLA" in page


def test_queue_page_shows_how_many_articles_carry_each_claim() -> None:
    rita = user_with_role("reviewer", username="rita")
    cluster = ClaimCluster.objects.create(text="Shared claim.")
    shared = ClaimFactory.create(cluster=cluster)
    ClaimFactory.create(cluster=cluster, status=ClaimStatus.DISMISSED)
    ClaimFactory.create(cluster=cluster, status=ClaimStatus.DISMISSED)

    page = browser_for(rita).get("/queues/default/").content.decode()

    row = page.split(f'data-claim-id="{shared.pk}"')[1].split("</tr>")[0]
    assert 'title="articles carrying this claim">3</td>' in row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?type=comparison", {"Comparison claim."}),
        ("?score=high", {"Comparison claim."}),
        ("?score=low", {"Low-scoring claim."}),
        ("?source=wire.example", {"Low-scoring claim."}),
        ("?entity=Eurostat", {"Statistic claim."}),
        ("?type=statistic&score=medium", {"Statistic claim."}),
    ],
)
def test_queue_filters_narrow_the_list(query: str, expected: set[str]) -> None:
    rita = user_with_role("reviewer", username="rita")
    ClaimFactory.create(text="Comparison claim.", claim_type=ClaimType.COMPARISON, score=0.9)
    ClaimFactory.create(
        text="Statistic claim.",
        claim_type=ClaimType.STATISTIC,
        score=0.6,
        entities=[{"text": "Eurostat", "label": "organisation", "start": 0, "end": 8}],
    )
    ClaimFactory.create(
        text="Low-scoring claim.",
        score=0.3,
        article=ArticleFactory.create(source="wire.example"),
    )

    page = browser_for(rita).get(f"/queues/default/{query}").content.decode()

    shown = {
        text
        for text in ("Comparison claim.", "Statistic claim.", "Low-scoring claim.")
        if f'<td class="text">{text}</td>' in page
    }
    assert shown == expected


@pytest.mark.parametrize("query", ["?type=rumour", "?score=huge", "?entity=" + "x" * 201])
def test_a_bad_filter_value_is_a_400_that_names_the_filter(query: str) -> None:
    rita = user_with_role("reviewer", username="rita")
    ClaimFactory.create(text="Waiting claim.")

    response = browser_for(rita).get(f"/queues/default/{query}")

    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Fix the filters above" in page
    assert "Waiting claim." not in page


def test_an_empty_queue_says_so() -> None:
    rita = user_with_role("reviewer", username="rita")

    page = browser_for(rita).get("/queues/default/").content.decode()

    assert "No claims are waiting in this queue." in page


def test_take_next_leases_the_top_claim_and_opens_its_page() -> None:
    rita = user_with_role("reviewer", username="rita")
    ClaimFactory.create(priority=0.2)
    top = ClaimFactory.create(priority=0.9)

    response = browser_for(rita).post("/queues/default/next/")

    assert response.status_code == 302
    assert response["Location"] == f"/claims/{top.pk}/"
    top.refresh_from_db()
    assert (top.status, top.leased_by) == (ClaimStatus.IN_REVIEW, rita)


def test_take_next_on_an_empty_queue_comes_back_with_a_message() -> None:
    rita = user_with_role("reviewer", username="rita")

    response = browser_for(rita).post("/queues/default/next/", follow=True)

    assert response.redirect_chain == [("/queues/default/", 302)]
    assert "No claim is free in General" in response.content.decode()


def test_take_next_is_refused_to_a_submitter_and_needs_a_post() -> None:
    claim = ClaimFactory.create()
    submitter = browser_for(user_with_role("submitter", username="sam"))
    rita = browser_for(user_with_role("reviewer", username="rita"))

    assert submitter.post("/queues/default/next/").status_code == 403
    assert rita.get("/queues/default/next/").status_code == 405
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CANDIDATE


def test_queue_page_renders_in_the_same_number_of_queries_for_2_or_20_rows() -> None:
    rita = user_with_role("reviewer", username="rita")
    cluster = ClaimCluster.objects.create(text="Shared.")
    client = browser_for(rita)

    counts = []
    for rows in (2, 18):  # 2 rows, then 20
        for _ in range(rows):
            ClaimFactory.create(cluster=cluster, due_at=timezone.now() - timedelta(hours=1))
            QueueFactory.create()
        counts.append(queries_to_render(client, "/queues/default/?score=high"))

    assert counts[0] == counts[1]


# --- Editor pages -------------------------------------------------------------------------------


def test_editor_pages_are_refused_to_reviewers() -> None:
    rita = user_with_role("reviewer", username="rita")
    review = review_in(ReviewState.SUBMITTED, author=UserFactory.create())
    client = browser_for(rita)

    assert client.get("/editor/").status_code == 403
    assert client.get(f"/reviews/{review.pk}/").status_code == 403
    assert client.post(f"/reviews/{review.pk}/approve/").status_code == 403
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED


def test_editor_desk_lists_verdicts_waiting_for_approval_and_publication() -> None:
    rita = user_with_role("reviewer", username="rita")
    edna = user_with_role("editor", username="edna")
    waiting = review_in(ReviewState.SUBMITTED, author=rita)
    approved = review_in(ReviewState.APPROVED, author=rita)
    review_in(ReviewState.DRAFT, author=rita)

    page = browser_for(edna).get("/editor/").content.decode()

    approve_part, publish_part = page.split("Approved, waiting to be published")
    assert f'data-review-id="{waiting.pk}"' in approve_part
    assert f'data-review-id="{approved.pk}"' in publish_part
    assert page.count("data-review-id=") == 2


def test_review_page_shows_the_verdict_and_its_evidence_escaped() -> None:
    rita = user_with_role("reviewer", username="rita")
    edna = user_with_role("editor", username="edna")
    review = review_in(
        ReviewState.SUBMITTED, author=rita, conclusion="<script>alert(1)</script> Wrong."
    )
    Evidence.objects.create(
        claim=review.claim,
        url="https://stats.example.org/t3",
        title="Table 3",
        stance="refutes",
        added_by=rita,
    )

    page = browser_for(edna).get(f"/reviews/{review.pk}/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; Wrong." in page
    assert "<script>alert(1)" not in page
    assert "Table 3" in page
    assert "False" in page  # the rating's label


def test_editor_approves_then_publishes_from_the_review_page() -> None:
    # GIVEN a submitted verdict, with evidence, written by a reviewer
    rita = user_with_role("reviewer", username="rita")
    edna = user_with_role("editor", username="edna")
    review = review_in(ReviewState.SUBMITTED, author=rita)
    client = browser_for(edna)

    # WHEN the editor approves it, then publishes it
    approved = client.post(f"/reviews/{review.pk}/approve/", follow=True)
    review.refresh_from_db()
    state_after_approval = review.state
    published = client.post(f"/reviews/{review.pk}/publish/", follow=True)

    # THEN each step lands, says so, and the claim is published
    review.refresh_from_db()
    assert state_after_approval == ReviewState.APPROVED
    assert "Approved version 1" in approved.content.decode()
    assert review.state == ReviewState.PUBLISHED
    assert "Published" in published.content.decode()
    assert Claim.objects.get(pk=review.claim_id).status == ClaimStatus.PUBLISHED


def test_returning_needs_a_comment_and_loses_nothing_without_one() -> None:
    rita = user_with_role("reviewer", username="rita")
    edna = user_with_role("editor", username="edna")
    review = review_in(ReviewState.SUBMITTED, author=rita)

    response = browser_for(edna).post(f"/reviews/{review.pk}/return/", {"comment": "   "})

    assert response.status_code == 400
    assert "a comment is required" in response.content.decode()
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED


def test_returning_with_a_comment_sends_the_verdict_back_to_its_author() -> None:
    rita = user_with_role("reviewer", username="rita")
    edna = user_with_role("editor", username="edna")
    review = review_in(ReviewState.SUBMITTED, author=rita)

    response = browser_for(edna).post(
        f"/reviews/{review.pk}/return/", {"comment": "Add the 2024 figure."}
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.state, review.return_comment) == (ReviewState.DRAFT, "Add the 2024 figure.")
    assert "Add the 2024 figure." in browser_for(rita).get("/").content.decode()


def test_an_editor_cannot_approve_their_own_verdict_and_is_told_why() -> None:
    edna = user_with_role("editor", username="edna")
    review = review_in(ReviewState.SUBMITTED, author=edna)

    response = browser_for(edna).post(f"/reviews/{review.pk}/approve/")

    assert response.status_code == 403
    assert "you wrote this verdict" in response.content.decode()
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED


def test_publishing_a_verdict_not_yet_approved_is_a_409_with_the_reason() -> None:
    edna = user_with_role("editor", username="edna")
    review = review_in(ReviewState.SUBMITTED, author=UserFactory.create())

    response = browser_for(edna).post(f"/reviews/{review.pk}/publish/")

    assert response.status_code == 409
    assert "waiting for an editor" in response.content.decode()


def test_a_proposed_correction_shows_its_changes_as_an_escaped_diff() -> None:
    # GIVEN a published verdict and a correction proposed against it
    writer = UserFactory.create()
    edna = user_with_role("editor", username="edna")
    live = review_in(ReviewState.PUBLISHED, author=writer, conclusion="Unemployment rose to 5%.")
    correction = review_in(
        ReviewState.PROPOSED,
        author=writer,
        claim=live.claim,
        conclusion="Unemployment rose to <b>5.1%</b>.",
        rating=Rating.objects.get(slug="mostly-false"),
        correction_reason="The figure was rounded.",
    )

    # WHEN an editor opens the correction
    page = browser_for(edna).get(f"/reviews/{correction.pk}/").content.decode()

    # THEN the diff marks what changed, as text
    diff = page.split('data-testid="diff"')[1].split("</section>")[0]
    assert "Changes against version 1" in diff
    assert "<del>5%.</del>" in diff
    assert "<ins>&lt;b&gt;5.1%&lt;/b&gt;.</ins>" in diff
    assert "<del>False</del>" in diff
    assert "<ins>Mostly false</ins>" in diff
    assert 'Explanation <span class="muted">(unchanged)</span>' in diff


@pytest.mark.parametrize("path", ["/editor/", "/reviews/{pk}/"])
def test_editor_pages_render_in_the_same_queries_for_2_or_20_rows(path: str) -> None:
    edna = user_with_role("editor", username="edna")
    rita = user_with_role("reviewer", username="rita")
    shown = review_in(ReviewState.SUBMITTED, author=rita)
    client = browser_for(edna)
    url = path.format(pk=shown.pk)

    counts = []
    for rows in (2, 18):
        for _ in range(rows):
            review_in(ReviewState.SUBMITTED, author=rita)
            review_in(ReviewState.APPROVED, author=rita)
            Evidence.objects.create(
                claim=shown.claim, url="https://e.example/", stance="supports", added_by=rita
            )
        counts.append(queries_to_render(client, url))

    assert counts[0] == counts[1]


# --- Submit and article pages -------------------------------------------------------------------


BODY = (
    "Jobs report\n\nThe ministry said unemployment fell to 4.1% in 2024, the lowest since 1990. "
    "Exports rose by 12% to 80 billion euros last year, according to the statistics office.\n"
    "Please subscribe to our newsletter.\n"
)


def test_pasted_text_is_stored_and_opens_its_article_page() -> None:
    rita = user_with_role("reviewer", username="rita")

    response = browser_for(rita).post(
        "/submit/",
        {"title": "Jobs", "body": BODY, "url": "https://example.org/jobs", "source": "Example"},
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/"
    assert (article.title, article.url, article.source, article.submitted_by) == (
        "Jobs",
        "https://example.org/jobs",
        "Example",
        rita,
    )


def test_a_url_alone_is_fetched() -> None:
    rita = user_with_role("reviewer", username="rita")

    response = browser_for(rita).post("/submit/", {"url": "https://example.org/news/jobs"})

    article = Article.objects.get()
    assert response["Location"] == f"/articles/{article.pk}/"
    assert article.extraction_status == "fetching"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source": "Example"}, "Paste the article"),
        ({"body": "   \n  "}, "Paste the article"),
        ({"url": "ftp://example.org/a"}, "Only http and https"),
        ({"url": "not a url"}, "Enter a valid URL"),
        ({"url": "http://127.0.0.1/private"}, "URL: "),
    ],
)
def test_bad_submissions_are_refused_with_the_reason_and_keep_what_was_typed(
    data: dict[str, str], message: str
) -> None:
    rita = user_with_role("reviewer", username="rita")

    response = browser_for(rita).post("/submit/", {"title": "My title", **data})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="My title"' in page
    assert not Article.objects.exists()


def test_the_article_page_polls_until_extraction_is_done_then_lists_claims_and_left_out_lines() -> (
    None
):
    # GIVEN a submitted article, not yet extracted
    rita = user_with_role("reviewer", username="rita")
    article, _ = services.article_submit(body=BODY, title="Jobs", submitted_by=rita)
    client = browser_for(rita)

    # WHEN its page is opened before and after extraction
    before = client.get(f"/articles/{article.pk}/").content.decode()
    services.article_extract(article=article)
    after = client.get(f"/articles/{article.pk}/status/").content.decode()

    # THEN it polls its status partial at first, and stops once the claims are listed
    assert f'hx-get="/articles/{article.pk}/status/"' in before
    assert 'hx-trigger="every 1s"' in before
    assert "hx-get" not in after
    claims = list(Claim.objects.filter(article=article))
    assert claims
    for claim in claims:
        assert f'href="/claims/{claim.pk}/"' in after
    assert "Lines left out" in after
    article.refresh_from_db()
    assert article.extraction_skipped
    assert str(article.extraction_skipped[0]).split(":")[0] in after


def test_a_submitter_may_submit_and_follow_their_article_but_not_others() -> None:
    sam = user_with_role("submitter", username="sam")
    theirs, _ = services.article_submit(body="Someone else's text about 5% growth.")
    client = browser_for(sam)

    response = client.post("/submit/", {"body": BODY})

    mine = Article.objects.get(submitted_by=sam)
    assert response["Location"] == f"/articles/{mine.pk}/"
    assert client.get(f"/articles/{mine.pk}/").status_code == 200
    assert client.get(f"/articles/{theirs.pk}/").status_code == 403


def test_an_account_without_a_role_cannot_submit() -> None:
    response = browser_for(UserFactory.create()).post("/submit/", {"body": BODY})

    assert response.status_code == 403
    assert not Article.objects.exists()
