"""Home, queue, editor and submit pages in a real browser (Debian's Chromium, headless)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from claims.models import Article, Claim, ClaimStatus, ClaimType
from reviews.models import Evidence, Rating, Review, ReviewState
from tests.browser_fixtures import log_in
from tests.conftest import wait_for
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def console_problems(page: Page) -> list[str]:
    """Collect CSP violations and script errors (a 4xx answer the test asks for is neither)."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def submitted_review(*, author: Any, conclusion: str = "Unemployment rose.") -> Review:
    claim = ClaimFactory.create(
        text="Unemployment fell to 4.1% in 2024.", status=ClaimStatus.VERDICT_SUBMITTED
    )
    Evidence.objects.create(
        claim=claim,
        url="https://stats.example.org/lfs",
        title="Labour force survey",
        stance="refutes",
        added_by=author,
    )
    return Review.objects.create(
        claim=claim,
        state=ReviewState.SUBMITTED,
        author=author,
        rating=Rating.objects.get(slug="false"),
        conclusion=conclusion,
        explanation="The statistics office's series shows a rise.",
        submitted_at=timezone.now(),
    )


def test_home_counts_down_my_lease_and_leads_to_the_queue(page: Page, live_server: Any) -> None:
    # GIVEN a reviewer holding a lease, and a queue with an overdue claim
    rita = user_with_role("reviewer", username="rita")
    ClaimFactory.create(
        text="Held claim.",
        status=ClaimStatus.IN_REVIEW,
        leased_by=rita,
        lease_expires_at=timezone.now() + timedelta(minutes=10),
    )
    ClaimFactory.create(text="Overdue claim.", due_at=timezone.now() - timedelta(hours=1))
    problems = console_problems(page)

    # WHEN she signs in
    log_in(page, live_server, "rita", PASSWORD)

    # THEN Home shows her lease ticking down, and the queue's waiting and overdue counts
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    countdown = page.locator("[data-testid=my-leases] time[data-countdown]")
    expect(countdown).to_have_text(re.compile(r"^(9|10):\d\d min$"))
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first)  # it ticks
    row = page.locator("[data-testid=queues] tr[data-queue=default]")
    expect(row.locator("td.count").first).to_have_text("1")
    expect(row.locator("td.overdue")).to_have_text("1")
    # AND the queue's link opens the queue page
    row.get_by_role("link", name="General").click()
    expect(page.get_by_role("heading", name="Queue: General")).to_be_visible()
    expect(page.locator("table.claims")).to_contain_text("Overdue claim.")
    assert problems == []


def test_queue_filters_narrow_the_list_and_take_next_leases_the_top_claim(
    page: Page, live_server: Any
) -> None:
    # GIVEN a comparison and a statistic waiting in the queue
    rita = user_with_role("reviewer", username="rita")
    ClaimFactory.create(text="A comparison.", claim_type=ClaimType.COMPARISON, priority=0.5)
    top = ClaimFactory.create(text="A statistic.", claim_type=ClaimType.STATISTIC, priority=0.9)
    log_in(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/queues/default/")
    rows = page.locator("table.claims tbody tr")
    expect(rows).to_have_count(2)

    # WHEN she filters by type
    page.get_by_label("Type").select_option("comparison")
    page.get_by_role("button", name="Filter").click()

    # THEN only the comparison is listed, and the filter is in the address
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.text")).to_have_text("A comparison.")
    assert "type=comparison" in page.url

    # WHEN a bad filter value comes in the address
    page.goto(f"{live_server.url}/queues/default/?score=huge")

    # THEN the page names the problem and lists nothing
    expect(page.get_by_role("alert")).to_contain_text("Score")
    expect(rows).to_have_count(0)

    # WHEN she takes the next claim
    page.goto(f"{live_server.url}/queues/default/")
    page.get_by_role("button", name="Take next").click()

    # THEN the top claim is leased to her and its page is opened
    page.wait_for_url(f"{live_server.url}/claims/{top.pk}/")
    top.refresh_from_db()
    assert (top.status, top.leased_by_id) == (ClaimStatus.IN_REVIEW, rita.pk)


def test_take_next_on_an_empty_queue_says_so(page: Page, live_server: Any) -> None:
    user_with_role("reviewer", username="rita")
    log_in(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/queues/default/")

    expect(page.locator(".empty")).to_contain_text("No claims are waiting in this queue.")
    page.get_by_role("button", name="Take next").click()

    expect(page.get_by_role("status")).to_contain_text("No claim is free in General")


def test_editor_returns_with_a_comment_then_approves_and_publishes(
    page: Page, live_server: Any
) -> None:
    # GIVEN two submitted verdicts written by a reviewer
    rita = user_with_role("reviewer", username="rita")
    user_with_role("editor", username="edna")
    to_return = submitted_review(author=rita, conclusion="Needs a source.")
    to_publish = submitted_review(author=rita, conclusion="Ready to go.")
    problems = console_problems(page)
    log_in(page, live_server, "edna", PASSWORD)

    # WHEN the editor opens her desk, then the first verdict, and returns it without a comment
    page.get_by_role("link", name="Editor", exact=True).click()
    waiting = page.locator("[data-testid=to-approve] tr[data-review-id]")
    expect(waiting).to_have_count(2)
    page.locator(f"tr[data-review-id='{to_return.pk}'] a").click()
    expect(page.get_by_test_id("conclusion")).to_have_text("Needs a source.")
    page.get_by_role("button", name="Return to the author").click()

    # THEN she is asked for the comment and nothing changed
    expect(page.get_by_role("alert")).to_contain_text("a comment is required")
    to_return.refresh_from_db()
    assert to_return.state == ReviewState.SUBMITTED

    # WHEN she writes the comment and returns it
    page.get_by_label("Comment for the author").fill("Cite the 2024 survey table.")
    page.get_by_role("button", name="Return to the author").click()

    # THEN it goes back to its author with the comment
    expect(page.get_by_role("status")).to_contain_text("Returned the verdict")
    to_return.refresh_from_db()
    assert (to_return.state, to_return.return_comment) == (
        ReviewState.DRAFT,
        "Cite the 2024 survey table.",
    )

    # WHEN she approves the other one, then publishes it
    page.goto(f"{live_server.url}/reviews/{to_publish.pk}/")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Approved")
    page.get_by_role("button", name="Publish").click()

    # THEN it is published, and her desk has nothing left waiting
    expect(page.get_by_test_id("review-state")).to_have_text("Published")
    page.get_by_role("link", name="Editor", exact=True).click()
    expect(page.locator("tr[data-review-id]")).to_have_count(0)
    assert Claim.objects.get(pk=to_publish.claim_id).status == ClaimStatus.PUBLISHED
    assert problems == []


def test_reviewer_sees_the_returned_verdict_with_the_comment_on_home(
    page: Page, live_server: Any
) -> None:
    rita = user_with_role("reviewer", username="rita")
    review = submitted_review(author=rita)
    review.state = ReviewState.DRAFT
    review.return_comment = "Cite the 2024 survey table."
    review.save()

    log_in(page, live_server, "rita", PASSWORD)

    expect(page.get_by_test_id("returned")).to_contain_text("Cite the 2024 survey table.")


ARTICLE = (
    "The ministry said unemployment fell to 4.1% in 2024, the lowest level since 1990. "
    "Exports rose by 12% to 80 billion euros last year, according to the statistics office. "
    "<script>document.title='pwned'</script> The city said 45% of buses ran late in March.\n"
    "Please subscribe to our newsletter.\n"
)


def test_submitted_text_shows_its_claims_as_the_worker_extracts_them(
    page: Page, live_server: Any, celery_worker_process: Any
) -> None:
    # GIVEN a reviewer on the submit page, and a real worker
    user_with_role("reviewer", username="rita")
    problems = console_problems(page)
    log_in(page, live_server, "rita", PASSWORD)
    page.get_by_role("link", name="Submit", exact=True).click()

    # WHEN she pastes an article and submits it
    page.get_by_label("Title").fill("Jobs <b>report</b>")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_label("Source").fill("Example News")
    page.get_by_role("button", name="Submit").click()

    # THEN the article page opens and its claims appear in place once extracted
    article = wait_for(lambda: Article.objects.first())
    page.wait_for_url(f"{live_server.url}/articles/{article.pk}/")
    status = page.get_by_test_id("article-status")
    expect(status).to_have_attribute("data-status", "done", timeout=30_000)
    claims = page.locator("[data-testid=article-claims] a")
    stored = list(Claim.objects.filter(article=article).order_by("start"))
    assert stored
    expect(claims).to_have_count(len(stored))
    expect(claims.first).to_have_attribute("href", f"/claims/{stored[0].pk}/")
    # AND the markup in the article shows as text and never runs
    expect(page.get_by_role("heading", name="Jobs <b>report</b>")).to_be_visible()
    assert page.title() != "pwned"
    # AND the lines left out are listed with their reason
    skipped = page.get_by_test_id("skipped")
    expect(skipped).to_contain_text("boilerplate")
    expect(skipped).to_contain_text("Please subscribe to our newsletter.")
    # AND the polling stopped: the finished partial carries no polling attributes
    assert status.get_attribute("hx-get") is None
    assert status.get_attribute("hx-trigger") is None
    assert problems == []
