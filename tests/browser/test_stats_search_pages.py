"""The stats and search pages in a real Chromium: drawn, keyboard-usable, accessible."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from claims.models import Article, Claim, ClaimStatus, Event, EventAction
from reviews.models import Rating, Review, ReviewState
from tests.browser.axe import AXE_SOURCE_PATH, assert_no_serious_violations
from tests.browser.screenshots import screenshot_save
from tests.browser_fixtures import log_in
from tests.factories import QueueFactory
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def _desk_with_work(reviewer: User, editor: User) -> Claim:
    """A few days of work: claims in two queues, verdicts submitted, one published."""
    politics = QueueFactory.create(name="Politics")
    waiting = ClaimFactory.create_batch(4) + ClaimFactory.create_batch(3, queue=politics)
    for claim in waiting[:3]:
        Event.objects.create(action=EventAction.REVIEW_SUBMITTED, actor=reviewer, claim=claim)
    Event.objects.create(action=EventAction.CLAIM_DISMISSED, actor=reviewer, claim=waiting[3])
    now = timezone.now()
    for days_ago in (1, 2, 2, 4, 5, 5, 5, 8, 9, 12, 12, 15, 20, 20, 26):  # a month's intake
        earlier = ClaimFactory.create(status=ClaimStatus.DISMISSED)
        Claim.objects.filter(pk=earlier.pk).update(created_at=now - timedelta(days=days_ago))
    checked = ClaimFactory.create(
        text="Russian casualties exceed one million.", status=ClaimStatus.PUBLISHED
    )
    Article.objects.filter(pk=checked.article_id).update(created_at=now - timedelta(hours=7))
    Review.objects.create(
        claim=checked,
        state=ReviewState.PUBLISHED,
        rating=Rating.objects.get(slug="false"),
        conclusion="Estimates differ widely.",
        author=reviewer,
        approver=editor,
        submitted_at=now,
        approved_at=now,
        published_at=now,
    )
    return checked


def test_stats_page_draws_its_charts_in_colour_and_passes_axe(page: Page, live_server: Any) -> None:
    # GIVEN a desk with some work done
    reviewer = user_with_role("reviewer", username="rita")
    _desk_with_work(reviewer, user_with_role("editor", username="edna"))
    csp_errors = _csp_errors(page)

    # WHEN a reviewer opens the stats page from the navigation
    log_in(page, live_server, "rita", PASSWORD)
    page.get_by_role("link", name="Stats").click()

    # THEN the five charts are drawn with their own colours (the CSP let their style in)
    expect(page.get_by_role("heading", name="Desk stats")).to_be_visible()
    expect(page.locator("svg.pygal-chart")).to_have_count(5)
    expect(page.get_by_role("img", name="Backlog per queue")).to_be_visible()
    bar = page.locator("#backlog svg .series.color-0 rect.rect").first
    expect(bar).to_have_css("fill", "rgb(31, 94, 255)")
    screenshot_save(page, "stats")
    # AND the figures are in tables a screen reader can read
    page.locator("#backlog summary").click()
    expect(page.locator("#backlog table")).to_contain_text("Politics")
    assert csp_errors == []
    assert_no_serious_violations(page)


def test_search_from_the_keyboard_finds_a_published_fact_check_and_passes_axe(
    page: Page, live_server: Any
) -> None:
    # GIVEN a published fact-check about casualties
    reviewer = user_with_role("reviewer", username="rita")
    checked = _desk_with_work(reviewer, user_with_role("editor", username="edna"))
    log_in(page, live_server, "rita", PASSWORD)

    # WHEN the reviewer searches for "casualty" with the keyboard only
    page.goto(f"{live_server.url}/search/")
    page.keyboard.type("casualty")
    page.keyboard.press("Enter")

    # THEN the fact-check is listed with a link to its public page
    found = page.get_by_test_id("found-fact-checks")
    expect(found.get_by_role("link")).to_have_attribute("href", f"/fact-checks/{checked.pk}/")
    expect(page.get_by_test_id("found-claims")).to_contain_text("Russian casualties")
    assert_no_serious_violations(page)


def test_search_explains_an_empty_query_in_an_alert(page: Page, live_server: Any) -> None:
    user_with_role("reviewer", username="rita")
    log_in(page, live_server, "rita", PASSWORD)

    page.goto(f"{live_server.url}/search/?q=+++")

    expect(page.get_by_role("alert")).to_contain_text("Type a few words")
    assert_no_serious_violations(page)


def test_home_page_passes_axe(page: Page, live_server: Any) -> None:
    reviewer = user_with_role("reviewer", username="rita")
    _desk_with_work(reviewer, user_with_role("editor", username="edna"))
    log_in(page, live_server, "rita", PASSWORD)

    page.goto(f"{live_server.url}/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_serious_violations(page)


def test_the_csp_refuses_a_script_tag_so_axe_is_evaluated_instead(
    page: Page, live_server: Any
) -> None:
    # Why tests/browser/axe.py evaluates axe rather than adding a <script>: the page's CSP
    # refuses inline scripts, and Playwright's add_script_tag(path=...) adds one.
    user_with_role("reviewer", username="rita")
    log_in(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/search/")

    with pytest.raises(PlaywrightError):
        page.add_script_tag(path=AXE_SOURCE_PATH)

    assert page.evaluate("() => typeof window.axe") == "undefined"


def test_the_axe_check_fails_and_names_a_serious_violation(page: Page) -> None:
    # The harness itself can fail: an image without alternative text is a critical violation.
    page.set_content('<html lang="en"><title>t</title><main><img src="chart.png"></main></html>')

    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        assert_no_serious_violations(page)
