"""The pages work in a real browser under their Content-Security-Policy (no violations)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.browser_fixtures import log_in
from tests.reviews.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _collect_csp_violations(tab: Page) -> list[str]:
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    tab.on("console", on_console)
    return violations


def test_swagger_docs_render_under_their_policy(page: Page, live_server: Any) -> None:
    violations = _collect_csp_violations(page)

    page.goto(f"{live_server.url}/api/docs/")

    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "Fact-check workflow API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() > 0
    assert violations == []


def test_dashboard_renders_under_its_policy(page: Page, live_server: Any) -> None:
    user_with_role("reviewer", username="csp", password="a-long-browser-password")
    violations = _collect_csp_violations(page)

    log_in(page, live_server, "csp", "a-long-browser-password")

    page.wait_for_selector("h1")
    assert "Your desk" in page.inner_text("h1")
    assert violations == []
