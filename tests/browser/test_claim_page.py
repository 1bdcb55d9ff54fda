"""The claim page in a real browser: the text, research, autosaved verdict and shortcuts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, Request, Response, Route, expect

from claims import services
from claims.models import Claim, ClaimStatus
from reviews.leases import claim_lease_take
from reviews.models import Evidence, Review
from tests.browser_fixtures import log_in
from tests.conftest import wait_for
from tests.reviews.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
HOSTILE_BODY = (
    "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\"> "
    "The city said 45% of buses ran late in March 2024, up from 30% a year before. "
    "The mayor promised that every route will run on time by 2026."
)


@pytest.fixture
def reviewer(db: Any) -> User:
    return user_with_role("reviewer", username="rita")


@pytest.fixture
def held(reviewer: User) -> Claim:
    """A claim extracted from an article whose body carries markup, leased to the reviewer."""
    article, _ = services.article_submit(body=HOSTILE_BODY, title="Buses <b>late</b>")
    services.article_extract(article=article)
    claim = Claim.objects.filter(article=article).order_by("start").first()
    assert claim is not None
    return claim_lease_take(claim=claim, reviewer=reviewer)


@pytest.fixture
def submittable(held: Claim, reviewer: User) -> Claim:
    """The held claim with the evidence a verdict needs before it can be submitted."""
    from reviews.research import evidence_add

    evidence_add(claim=held, reviewer=reviewer, url="https://a.example.org/", stance="refutes")
    return held


@pytest.fixture
def problems(page: Page) -> list[str]:
    """Collect console errors (CSP refusals among them) and failed requests (a 404 favicon)."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.append(f"console: {message.text}")

    def on_response(response: Response) -> None:
        if response.status == 404:
            seen.append(f"404: {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    return seen


def open_claim(page: Page, live_server: Any, claim: Claim) -> None:
    log_in(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")


def test_the_claim_is_highlighted_and_a_script_in_the_article_shows_as_text_and_never_runs(
    page: Page, live_server: Any, held: Claim, problems: list[str]
) -> None:
    # WHEN the reviewer opens the claim
    open_claim(page, live_server, held)

    # THEN the claim is marked in its article, the markup is plain text and nothing ran
    expect(page.get_by_test_id("current-claim")).to_have_text(held.text)
    expect(page.get_by_test_id("article-body")).to_contain_text(
        "<script>document.title='pwned'</script>"
    )
    expect(page.locator(".article-body img")).to_have_count(0)
    assert page.title() != "pwned"
    expect(page.locator("a.claim-other")).to_have_count(
        Claim.objects.filter(article_id=held.article_id).count() - 1
    )
    # AND the console is clean: no CSP refusal, no 404 (the favicon among them)
    page.goto(f"{live_server.url}/favicon.ico")
    assert problems == []


def test_evidence_is_added_and_removed_with_the_keyboard_without_a_page_load(
    page: Page, live_server: Any, held: Claim
) -> None:
    open_claim(page, live_server, held)
    page.evaluate("window.__samePage = true")

    # WHEN the reviewer presses e, types a source and presses Enter
    page.locator("body").press("e")
    expect(page.get_by_role("textbox", name="URL", exact=True)).to_be_focused()
    page.keyboard.type("https://stats.example.org/buses")
    page.get_by_label("Title").fill("Transit statistics")
    page.get_by_label("Stance").select_option("refutes")
    page.get_by_role("textbox", name="URL", exact=True).press("Enter")

    # THEN it is listed, stored, and the page was updated in place
    expect(page.get_by_test_id("evidence")).to_contain_text("Transit statistics")
    assert Evidence.objects.get(claim=held).stance == "refutes"
    assert page.evaluate("window.__samePage") is True

    # WHEN a bad URL is given, THEN the error shows and what was typed stays
    page.get_by_role("textbox", name="URL", exact=True).fill("javascript:alert(1)")
    page.get_by_label("Title").fill("Still here")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_test_id("evidence-error")).to_contain_text("Enter a valid URL")
    expect(page.get_by_label("Title")).to_have_value("Still here")

    # WHEN the evidence is removed, THEN it is gone
    page.get_by_role("button", name="Remove evidence Transit statistics").click()
    expect(page.get_by_test_id("evidence")).not_to_contain_text("Transit statistics")
    assert not Evidence.objects.filter(claim=held).exists()


def wait_until_held(page: Page, held_back: list[Route]) -> None:
    """Wait until a route handler holds one request back (an autosave leaves 1 s after typing)."""
    for _ in range(100):
        if held_back:
            break
        page.wait_for_timeout(100)  # a sleep would not let Playwright deliver the route
    assert len(held_back) == 1


def test_the_draft_autosaves_and_is_there_after_a_reload(
    page: Page, live_server: Any, held: Claim
) -> None:
    open_claim(page, live_server, held)

    page.get_by_label("Rating").select_option("misleading")
    page.get_by_label("Conclusion").fill("Only some routes")
    page.get_by_label("Explanation").fill("The figure counts express buses only.")

    expect(page.get_by_test_id("draft-status")).to_contain_text("Draft saved")
    wait_for(lambda: Review.objects.filter(claim=held, conclusion="Only some routes").exists())
    page.reload()
    expect(page.get_by_label("Conclusion")).to_have_value("Only some routes")
    expect(page.get_by_label("Explanation")).to_have_value("The figure counts express buses only.")
    expect(page.get_by_label("Rating")).to_have_value("misleading")


def test_text_typed_after_the_lease_expired_survives_a_reload_and_is_saved_once_retaken(
    page: Page, live_server: Any, held: Claim
) -> None:
    # GIVEN a reviewer on the claim page whose lease has just run out
    open_claim(page, live_server, held)
    Claim.objects.filter(pk=held.pk).update(lease_expires_at=timezone.now() - timedelta(1))

    # WHEN they type, the autosave is refused with the reason, and the text stays in the form
    page.get_by_label("Explanation").fill("Written after the lease ran out.")
    expect(page.get_by_test_id("draft-error")).to_contain_text("expired")
    expect(page.get_by_label("Explanation")).to_have_value("Written after the lease ran out.")

    # WHEN they reload, THEN the unsaved text comes back from this browser
    page.reload()
    expect(page.get_by_test_id("readonly-note")).to_contain_text("Your lease on this claim expired")
    expect(page.get_by_label("Explanation")).to_have_value("Written after the lease ran out.")

    # WHEN they take the claim again, THEN the text is restored and saved on the server
    page.get_by_role("button", name="Take this claim").click()
    expect(page.get_by_label("Explanation")).to_have_value("Written after the lease ran out.")
    expect(page.get_by_test_id("draft-status")).to_contain_text("Draft saved")
    wait_for(
        lambda: Review.objects.filter(
            claim=held, explanation="Written after the lease ran out."
        ).exists()
    )


def test_shortcuts_save_submit_and_release(
    page: Page, live_server: Any, held: Claim, reviewer: User
) -> None:
    from reviews.research import evidence_add

    evidence_add(claim=held, reviewer=reviewer, url="https://a.example.org/", stance="refutes")
    open_claim(page, live_server, held)
    expect(page.get_by_role("heading", name="Shortcuts")).to_be_visible()

    # A single key typed in a field is text, not a shortcut
    page.get_by_label("Conclusion").type("rs")
    expect(page.get_by_test_id("claim-status")).to_have_text("In review")

    # s saves the draft (outside a field), ctrl+enter submits from inside one
    page.get_by_label("Rating").select_option("false")
    page.locator("h1").click()
    page.keyboard.press("s")
    expect(page.get_by_test_id("draft-status")).to_contain_text("Draft saved")
    page.get_by_label("Explanation").press("Control+Enter")
    expect(page.get_by_test_id("claim-status")).to_have_text("Verdict submitted")
    assert Claim.objects.get(pk=held.pk).status == ClaimStatus.VERDICT_SUBMITTED


@pytest.mark.parametrize(
    ("button", "path", "status"),
    [("Submit verdict", "/verdict/", "Verdict submitted"), ("Release", "/release/", "Candidate")],
)
def test_leaving_the_page_while_an_autosave_is_on_its_way_waits_for_it(
    page: Page,
    live_server: Any,
    submittable: Claim,
    problems: list[str],
    button: str,
    path: str,
    status: str,
) -> None:
    open_claim(page, live_server, submittable)
    # GIVEN an autosave the network holds back (a slow server), and the order of what happens
    events: list[str] = []
    held_back: list[Route] = []

    def hold(route: Route) -> None:
        events.append("autosave sent")
        held_back.append(route)

    def on_finished(request: Request) -> None:
        if request.url.endswith("/draft/"):
            events.append("autosave answered")

    def on_request(request: Request) -> None:
        if request.url.endswith(path):
            events.append("form sent")

    page.route(f"**/claims/{submittable.pk}/draft/", hold)
    page.on("requestfinished", on_finished)
    page.on("request", on_request)
    page.get_by_label("Rating").select_option("false")
    page.get_by_label("Conclusion").fill("Only some routes")
    wait_until_held(page, held_back)

    # WHEN the reviewer submits the verdict, or releases the claim, while that autosave is on
    # its way
    page.get_by_role("button", name=button).click()
    page.wait_for_timeout(500)

    # THEN the form waits for the autosave's answer, and goes once it is in: the server never
    # sees an autosave after it, which it would refuse (the claim is no longer held)
    assert events == ["autosave sent"]
    held_back[0].continue_()
    expect(page.get_by_test_id("claim-status")).to_have_text(status)
    assert events == ["autosave sent", "autosave answered", "form sent"]
    assert Review.objects.get(claim=submittable).conclusion == "Only some routes"
    assert problems == []


def test_an_autosave_that_never_answers_holds_the_verdict_back_ten_seconds_at_most(
    page: Page, live_server: Any, submittable: Claim
) -> None:
    open_claim(page, live_server, submittable)
    # GIVEN an autosave the server never answers
    held_back: list[Route] = []
    page.route(f"**/claims/{submittable.pk}/draft/", lambda route: held_back.append(route))
    page.get_by_label("Rating").select_option("false")
    page.get_by_label("Conclusion").fill("Only some routes")
    wait_until_held(page, held_back)

    # WHEN the reviewer submits, THEN the verdict goes all the same, with what was typed
    page.get_by_role("button", name="Submit verdict").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Verdict submitted", timeout=20_000)
    assert Review.objects.get(claim=submittable).conclusion == "Only some routes"


def test_no_autosave_leaves_once_the_verdict_is_submitted(
    page: Page, live_server: Any, submittable: Claim, problems: list[str]
) -> None:
    open_claim(page, live_server, submittable)
    # GIVEN a verdict submission the network holds back (a slow server)
    events: list[str] = []
    held_back: list[Route] = []

    def on_request(request: Request) -> None:
        if request.url.endswith(("/draft/", "/verdict/")):
            events.append(request.url.rsplit("/", 2)[-2])

    page.route(f"**/claims/{submittable.pk}/verdict/", lambda route: held_back.append(route))
    page.on("request", on_request)

    # WHEN the reviewer types and submits at once, and the autosave's second passes meanwhile
    page.get_by_label("Rating").select_option("false")
    page.get_by_label("Conclusion").fill("Only some routes")
    # (not waiting for the page it opens: the route holds that back)
    page.get_by_role("button", name="Submit verdict").click(no_wait_after=True)
    wait_until_held(page, held_back)
    page.wait_for_timeout(1500)

    # THEN no autosave follows the verdict (the server would refuse it: the claim is not held)
    assert "draft" not in events[events.index("verdict") :]
    held_back[0].continue_()
    expect(page.get_by_test_id("claim-status")).to_have_text("Verdict submitted")
    assert Review.objects.get(claim=submittable).conclusion == "Only some routes"
    assert problems == []


def test_r_releases_the_claim_and_the_page_turns_read_only(
    page: Page, live_server: Any, held: Claim
) -> None:
    open_claim(page, live_server, held)

    page.locator("body").press("r")

    expect(page.get_by_test_id("readonly-note")).to_contain_text("waiting in its queue")
    expect(page.get_by_role("button", name="Take this claim")).to_be_visible()
    assert Claim.objects.get(pk=held.pk).status == ClaimStatus.CANDIDATE


def test_n_asks_the_claims_queue_for_the_next_claim(
    page: Page, live_server: Any, held: Claim
) -> None:
    open_claim(page, live_server, held)

    with page.expect_request(lambda request: request.method == "POST") as sent:
        page.locator("body").press("n")

    assert sent.value.url == f"{live_server.url}/queues/{held.queue.slug}/next/"
