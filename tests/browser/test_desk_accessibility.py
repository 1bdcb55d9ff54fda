"""Every desk page with the seed articles in it: no serious axe violation; the README's pictures.

The seeds are loaded with ``load_seeds`` and extracted by a real worker, so the pages (and the
screenshots taken here with REFRESH_SCREENSHOTS=1) show real articles, their conflicting
casualty figures, evidence and a verdict, rather than made-up rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Page, expect

from claims.models import Article, Claim, ExtractionStatus
from reviews.leases import claim_lease_take
from reviews.models import Rating, Review
from reviews.research import evidence_add
from reviews.verdicts import review_draft_save, review_submit
from tests.browser.axe import assert_no_serious_violations
from tests.browser.screenshots import screenshot_save
from tests.browser_fixtures import log_in
from tests.conftest import wait_for
from tests.reviews.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@dataclass
class SeededDesk:
    reviewer: User
    editor: User
    held: Claim  # leased to the reviewer, with evidence and a draft
    submitted: Review  # waiting for the editor


def _seeds_extracted() -> bool:
    articles = Article.objects.all()
    unfinished = articles.exclude(extraction_status=ExtractionStatus.DONE)
    return articles.count() == 2 and not unfinished.exists()


@pytest.fixture
def seeded(celery_worker_process: Any) -> SeededDesk:
    """The seed articles extracted; one casualty claim held and drafted, the other submitted."""
    call_command("load_seeds", stdout=io.StringIO())
    wait_for(_seeds_extracted, timeout=60)
    reviewer = user_with_role("reviewer", username="rita")
    colleague = user_with_role("reviewer", username="oscar")
    editor = user_with_role("editor", username="edna")
    million = Claim.objects.get(text__contains="exceed one million")
    thousands = Claim.objects.get(text__contains="850,000")

    claim_lease_take(claim=thousands, reviewer=colleague)
    evidence_add(
        claim=thousands,
        reviewer=colleague,
        url="https://www.defense.gov/News/casualty-estimates",
        title="Defense Intelligence Agency estimate",
        stance="supports",
    )
    evidence_add(
        claim=thousands,
        reviewer=colleague,
        url="https://www.gov.uk/government/news/russian-losses",
        title="UK Ministry of Defence update",
        stance="context",
    )
    submitted = review_submit(
        claim=thousands,
        reviewer=colleague,
        rating=Rating.objects.get(slug="mostly-true"),
        conclusion="Western estimates of killed and wounded put it near 850,000.",
        explanation="US and UK estimates agree; Russia publishes no figure.",
    )

    held = claim_lease_take(claim=million, reviewer=reviewer)
    evidence_add(
        claim=held,
        reviewer=reviewer,
        url="https://www.defense.gov/News/casualty-estimates",
        title="Defense Intelligence Agency estimate",
        stance="refutes",
    )
    review_draft_save(
        claim=held,
        reviewer=reviewer,
        rating=Rating.objects.get(slug="half-true"),
        conclusion="Estimates range from 850,000 to about a million.",
    )
    return SeededDesk(reviewer=reviewer, editor=editor, held=held, submitted=submitted)


def test_reviewer_pages_have_no_serious_accessibility_violation(
    page: Page, live_server: Any, seeded: SeededDesk
) -> None:
    # GIVEN a reviewer holding the "exceed one million" claim
    log_in(page, live_server, "rita", PASSWORD)

    # WHEN she goes through her pages, THEN none has a serious or critical violation
    expect(page.get_by_test_id("my-leases")).to_contain_text("exceed one million")
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/queues/default/")
    expect(page.get_by_test_id("claims").locator("tbody tr").first).to_be_visible()
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/claims/{seeded.held.pk}/")
    expect(page.get_by_test_id("conflicts")).to_contain_text("850,000")
    expect(page.get_by_label("Conclusion")).to_have_value(
        "Estimates range from 850,000 to about a million."
    )
    screenshot_save(page, "claim")
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/articles/{seeded.held.article_id}/")
    expect(page.get_by_test_id("article-claims")).to_contain_text("exceed one million")
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/submit/")
    page.get_by_role("button", name="Submit").click()  # empty: the errors are shown
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/search/?q=casualties")
    expect(page.get_by_test_id("found-claims")).to_contain_text("850,000")
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/stats/")
    expect(page.locator("svg.pygal-chart").first).to_be_visible()
    assert_no_serious_violations(page)


def test_editor_pages_have_no_serious_accessibility_violation(
    page: Page, live_server: Any, seeded: SeededDesk
) -> None:
    # GIVEN an editor with a verdict waiting for her
    log_in(page, live_server, "edna", PASSWORD)

    # WHEN she opens her home, her desk and the verdict, THEN none has a serious violation
    expect(page.get_by_test_id("to-approve")).to_contain_text("850,000")
    assert_no_serious_violations(page)

    page.get_by_role("link", name="Editor", exact=True).click()
    expect(page.locator("[data-testid=to-approve] tr[data-review-id]")).to_have_count(1)
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/reviews/{seeded.submitted.pk}/")
    expect(page.get_by_test_id("evidence").locator("li")).to_have_count(2)
    screenshot_save(page, "editor")
    assert_no_serious_violations(page)

    # AND the return form's error keeps the page accessible
    page.get_by_role("button", name="Return to the author").click()
    expect(page.get_by_role("alert")).to_contain_text("a comment is required")
    assert_no_serious_violations(page)
