"""Signing in and reading the default queue in a real browser."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from claims.models import Article, Claim
from tests.browser_fixtures import log_in
from tests.conftest import wait_for
from tests.reviews.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_reviewer_logs_in_and_sees_the_seed_claims_in_the_queue(
    page: Page, live_server: Any, celery_worker_process: Any
) -> None:
    # GIVEN the seed articles, extracted by the worker
    call_command("load_seeds", stdout=io.StringIO())
    wait_for(lambda: not Article.objects.exclude(extraction_status="done").exists())
    user_with_role("reviewer", username="rita")
    top = Claim.objects.order_by("-priority", "id").first()
    assert top is not None

    # WHEN a reviewer signs in and opens the default queue from Home
    log_in(page, live_server, "rita", PASSWORD)
    page.locator("[data-testid=queues]").get_by_role("link", name="General").click()

    # THEN the default queue lists the claims, highest priority first, without boilerplate
    expect(page.get_by_role("heading", name="Queue: General")).to_be_visible()
    rows = page.locator("table.claims tbody tr")
    expect(rows).to_have_count(Claim.objects.count())
    expect(rows.first.locator("td.text")).to_have_text(top.text)
    expect(page.locator("table.claims")).not_to_contain_text("Read More")
    expect(page.locator("table.claims")).not_to_contain_text("Terms of Website Use")


def test_wrong_password_shows_an_error_and_no_claims(page: Page, live_server: Any) -> None:
    user_with_role("reviewer", username="rita")

    log_in(page, live_server, "rita", "wrong password")

    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    expect(page.locator("table.claims")).to_have_count(0)


def test_claim_text_with_markup_is_shown_as_text_not_run(page: Page, live_server: Any) -> None:
    from claims import services

    article, _ = services.article_submit(
        body="<img src=x onerror=\"document.title='pwned'\"> The city said 45% of buses ran late "
        "in March 2024, up from 30% a year before.",
        title="<script>document.title='pwned'</script>",
    )
    services.article_extract(article=article)
    user_with_role("reviewer", username="rita")

    log_in(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/queues/default/")

    expect(page.locator("table.claims")).to_contain_text("<script>document.title='pwned'</script>")
    assert page.title() != "pwned"
    assert page.locator("table.claims img").count() == 0
