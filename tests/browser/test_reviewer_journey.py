"""A claim's whole journey through the desk, in Debian's Chromium with a real Celery worker.

Only the users are made in Python; every step after that is done through the pages, the way a
reviewer and an editor would, and each page is checked with axe on the way.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser_fixtures import log_in
from tests.reviews.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
# A real article: the seed whose casualty figure conflicts with the other seed's.
SEED_BODY = (settings.BASE_DIR / "seeds" / "002_32a0916f9ffec336.txt").read_text(encoding="utf-8")
EXTRACTION_TIMEOUT_MS = 60_000


def console_errors(page: Page) -> list[str]:
    """Collect script errors and CSP refusals seen while the test runs."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("Username")).to_be_visible()


def test_a_claim_goes_from_a_pasted_article_to_a_published_fact_check(
    page: Page, live_server: Any, celery_worker_process: Any
) -> None:
    # GIVEN a reviewer and an editor, and a real worker extracting claims
    user_with_role("reviewer", username="rita")
    user_with_role("editor", username="edna")
    errors = console_errors(page)

    # WHEN the reviewer signs in
    log_in(page, live_server, "rita", PASSWORD)
    # THEN her desk opens
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    assert_no_serious_violations(page)

    # WHEN she pastes an article on the submit page and submits it
    page.get_by_role("link", name="Submit", exact=True).click()
    assert_no_serious_violations(page)
    page.get_by_label("Title").fill("Russia's eagerness to end the war")
    page.get_by_label("Article text").fill(SEED_BODY)
    page.get_by_label("Source").fill("share-talk.com")
    page.get_by_role("button", name="Submit").click()

    # THEN the article page shows its claims in place once the worker has extracted them
    page.wait_for_url(re.compile(r"/articles/\d+/$"))
    status = page.get_by_test_id("article-status")
    expect(status).to_have_attribute("data-status", "done", timeout=EXTRACTION_TIMEOUT_MS)
    article_claims = page.locator("[data-testid=article-claims] a")
    expect(article_claims.first).to_be_visible()
    expect(page.get_by_test_id("article-claims")).to_contain_text("850,000")
    assert_no_serious_violations(page)

    # WHEN she goes to the queue from her desk and takes the next claim
    page.get_by_role("link", name="Home", exact=True).click()
    page.locator("[data-testid=queues] a").first.click()
    expect(page.get_by_test_id("claims").locator("tbody tr").first).to_be_visible()
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Take next").click()

    # THEN the claim page opens on a claim she holds, highlighted in its article
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim_url = page.url
    expect(page.get_by_test_id("claim-status")).to_have_text("In review")
    claim_text = page.locator("blockquote.claim-text").inner_text()
    expect(page.get_by_test_id("current-claim")).to_have_text(claim_text)
    expect(page.get_by_test_id("article-body")).to_contain_text("Russian casualties")
    assert_no_serious_violations(page)

    # WHEN she adds two evidence links
    evidence = page.get_by_test_id("evidence")
    url_field = page.get_by_role("textbox", name="URL", exact=True)
    url_field.fill("https://www.defense.gov/News/casualty-estimates")
    page.get_by_label("Title").fill("Defense Intelligence Agency estimate")
    page.get_by_label("Stance").select_option("supports")
    page.get_by_role("button", name="Add evidence").click()
    expect(evidence).to_contain_text("Defense Intelligence Agency estimate")
    url_field.fill("https://www.gov.uk/government/news/russian-losses")
    page.get_by_label("Title").fill("UK Ministry of Defence update")
    page.get_by_label("Stance").select_option("context")
    page.get_by_role("button", name="Add evidence").click()

    # THEN both are listed
    expect(evidence.locator("li[data-evidence-id]")).to_have_count(2)
    expect(evidence).to_contain_text("UK Ministry of Defence update")

    # WHEN she writes the verdict and submits it
    page.get_by_label("Rating").select_option("mostly-true")
    page.get_by_label("Conclusion").fill("Western estimates put it near 850,000.")
    page.get_by_label("Explanation").fill("US and UK estimates of killed and wounded agree.")
    page.get_by_role("button", name="Submit verdict").click()

    # THEN the claim waits for an editor
    expect(page.get_by_test_id("claim-status")).to_have_text("Verdict submitted")
    log_out(page)

    # WHEN the editor signs in and opens the verdict from her desk
    log_in(page, live_server, "edna", PASSWORD)
    page.get_by_role("link", name="Editor", exact=True).click()
    waiting = page.locator("[data-testid=to-approve] tr[data-review-id]")
    expect(waiting).to_have_count(1)
    assert_no_serious_violations(page)
    waiting.get_by_role("link").click()
    expect(page.get_by_test_id("conclusion")).to_have_text("Western estimates put it near 850,000.")
    expect(page.get_by_test_id("evidence").locator("li")).to_have_count(2)
    assert_no_serious_violations(page)

    # AND returns it with a comment
    page.get_by_label("Comment for the author").fill("Name who made the estimate.")
    page.get_by_role("button", name="Return to the author").click()

    # THEN it is back with its author
    expect(page.get_by_role("status")).to_contain_text("Returned the verdict")
    log_out(page)

    # WHEN the reviewer signs in again
    log_in(page, live_server, "rita", PASSWORD)

    # THEN her desk shows the returned verdict with the editor's comment
    returned = page.get_by_test_id("returned")
    expect(returned).to_contain_text("Name who made the estimate.")
    assert_no_serious_violations(page)

    # WHEN she opens it, fixes the conclusion and resubmits
    returned.get_by_role("link").click()
    page.wait_for_url(claim_url)
    expect(page.get_by_test_id("return-comment")).to_contain_text("Name who made the estimate.")
    expect(page.get_by_label("Explanation")).to_have_value(
        "US and UK estimates of killed and wounded agree."
    )
    page.get_by_label("Conclusion").fill("US and UK estimates put it near 850,000.")
    page.get_by_role("button", name="Submit verdict").click()

    # THEN it waits for an editor again
    expect(page.get_by_test_id("claim-status")).to_have_text("Verdict submitted")
    log_out(page)

    # WHEN the editor approves it, then publishes it
    log_in(page, live_server, "edna", PASSWORD)
    page.get_by_role("link", name="Editor", exact=True).click()
    page.locator("[data-testid=to-approve] tr[data-review-id] a").click()
    expect(page.get_by_test_id("conclusion")).to_have_text(
        "US and UK estimates put it near 850,000."
    )
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Approved")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Published")

    # THEN the public fact-check page shows the verdict
    page.get_by_role("link", name="See the public page").click()
    expect(page.locator("body")).to_contain_text("US and UK estimates put it near 850,000.")
    expect(page.locator("body")).to_contain_text(claim_text)
    assert errors == []
