"""Keyboard first: each page lists the shortcuts keys.js binds there, and a claim needs no mouse."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from claims import services
from claims.models import Claim, ClaimStatus
from reviews.leases import claim_lease_take
from reviews.models import Evidence, Review
from reviews.research import evidence_add
from tests.browser_fixtures import log_in
from tests.reviews.factories import ClaimFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
BODY = (
    "The city said 45% of buses ran late in March 2024, up from 30% a year before. "
    "The mayor promised that every route will run on time by 2026."
)
# Keys keys.js handles itself rather than through a data-key attribute.
BUILT_IN_KEYS = {"esc"}


@pytest.fixture
def waiting_claim(db: Any) -> Claim:
    article, _ = services.article_submit(body=BODY, title="Buses late")
    services.article_extract(article=article)
    claim = Claim.objects.filter(article=article).order_by("-priority", "pk").first()
    assert claim is not None
    return claim


def listed_keys(page: Page) -> set[str]:
    """The keys the page's Shortcuts list names, spelled as data-key attributes are."""
    names = page.get_by_test_id("shortcuts").locator("kbd").all_inner_texts()
    return {name.strip().lower() for name in names} - BUILT_IN_KEYS


def bound_keys(page: Page) -> set[str]:
    """The data-key values keys.js would act on: on visible elements that are enabled."""
    keys: list[str] = page.eval_on_selector_all(
        "[data-key]",
        """elements => elements
            .filter(el => !el.disabled && el.getClientRects().length > 0
                          && !el.closest('[hidden], fieldset[disabled]'))
            .map(el => el.dataset.key)""",
    )
    return set(keys)


def test_every_pages_shortcuts_list_names_exactly_the_keys_bound_on_it(
    page: Page, live_server: Any, waiting_claim: Claim
) -> None:
    # GIVEN a reviewer holding a claim while another waits, and an editor
    rita = user_with_role("reviewer", username="rita")
    user_with_role("editor", username="edna")
    held = claim_lease_take(claim=waiting_claim, reviewer=rita)
    ClaimFactory.create(text="Another claim waiting.", queue=held.queue)
    log_in(page, live_server, "rita", PASSWORD)

    # WHEN the reviewer opens each of her pages, THEN the list and the bindings agree
    pages = {
        "/": {"n"},
        f"/queues/{held.queue.slug}/": {"n"},
        "/submit/": {"ctrl+enter"},
        f"/claims/{held.pk}/": {"n", "e", "v", "s", "ctrl+enter", "r", "x"},
    }
    for path, expected in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert (path, listed_keys(page)) == (path, expected)
        assert (path, bound_keys(page)) == (path, expected)

    # WHEN she submits the verdict and an editor opens it, THEN approve and return are listed
    evidence_add(claim=held, reviewer=rita, url="https://a.example.org/", stance="refutes")
    page.reload()
    page.get_by_label("Rating").select_option("false")
    page.get_by_label("Conclusion").fill("Most buses ran on time.")
    page.get_by_label("Explanation").fill("The operator's report says otherwise.")
    page.get_by_role("button", name="Submit verdict").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Verdict submitted")
    review = Review.objects.get(claim=held)
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "edna", PASSWORD)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert listed_keys(page) == bound_keys(page) == {"a", "r"}

    # AND once approved only publish is
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Approved")
    assert listed_keys(page) == bound_keys(page) == {"p"}


def test_a_claim_is_taken_researched_and_submitted_with_the_keyboard_only(
    page: Page, live_server: Any, waiting_claim: Claim
) -> None:
    # GIVEN a reviewer on her desk, with a claim waiting
    user_with_role("reviewer", username="rita")
    log_in(page, live_server, "rita", PASSWORD)
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    page.wait_for_load_state("load")  # keys.js is a deferred script

    # WHEN she presses n
    page.keyboard.press("n")

    # THEN the next claim is hers and its page is open
    page.wait_for_url(f"{live_server.url}/claims/{waiting_claim.pk}/")
    expect(page.get_by_test_id("claim-status")).to_have_text("In review")

    # WHEN she presses e, types a link and its title, and presses Enter
    page.keyboard.press("e")
    expect(page.get_by_role("textbox", name="URL", exact=True)).to_be_focused()
    page.keyboard.type("https://transit.example.org/punctuality-2024")
    page.keyboard.press("Tab")
    page.keyboard.type("Punctuality report 2024")
    page.keyboard.press("Enter")

    # THEN the evidence is listed and the cursor is back in the URL field for the next one
    expect(page.get_by_test_id("evidence")).to_contain_text("Punctuality report 2024")
    expect(page.get_by_role("textbox", name="URL", exact=True)).to_be_focused()

    # WHEN she leaves the field with Escape, presses v and writes the verdict
    page.keyboard.press("Escape")
    page.keyboard.press("v")
    expect(page.get_by_label("Rating")).to_be_focused()
    page.keyboard.type("False")
    page.keyboard.press("Tab")
    page.keyboard.type("Most buses ran on time.")
    page.keyboard.press("Tab")
    page.keyboard.type("The operator's report gives 12% late in March 2024.")
    # AND saves it with s
    page.keyboard.press("Escape")
    page.keyboard.press("s")

    # THEN the draft is saved
    expect(page.get_by_test_id("draft-status")).to_contain_text("Draft saved")

    # WHEN she submits it with Ctrl+Enter
    page.keyboard.press("Control+Enter")

    # THEN the verdict is submitted with what she typed
    expect(page.get_by_test_id("claim-status")).to_have_text("Verdict submitted")
    review = Review.objects.get(claim=waiting_claim)
    assert (review.rating.slug if review.rating else None, review.conclusion) == (
        "false",
        "Most buses ran on time.",
    )
    assert Evidence.objects.get(claim=waiting_claim).title == "Punctuality report 2024"
    assert Claim.objects.get(pk=waiting_claim.pk).status == ClaimStatus.VERDICT_SUBMITTED


def test_the_skip_link_takes_the_keyboard_past_the_articles_links(
    page: Page, live_server: Any, waiting_claim: Claim
) -> None:
    rita = user_with_role("reviewer", username="rita")
    claim_lease_take(claim=waiting_claim, reviewer=rita)
    log_in(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/claims/{waiting_claim.pk}/")

    skip = page.get_by_role("link", name="Skip the article, to the claim and its research")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="The claim")).to_be_focused()
