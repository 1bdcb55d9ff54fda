"""Accessibility check for browser tests: axe-core, run in the page, fails on serious issues.

axe-core is vendored from its npm package (tests/browser/vendor/, MPL-2.0) and never served to
users. The desk's CSP allows scripts from our own origin only, so a ``<script>`` that Playwright
adds with the file's text is refused; axe is evaluated through the DevTools protocol instead
(``page.evaluate``), which the page's CSP does not govern.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SOURCE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
# The rules of WCAG 2.x A and AA, and axe's best practices.
RUN_OPTIONS: dict[str, Any] = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def axe_inject(page: Page) -> None:
    """Load axe-core into the page unless it is there already."""
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8"))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe on the whole page and return its violations."""
    axe_inject(page)
    result: dict[str, Any] = page.evaluate(
        "options => window.axe.run(document, options)", RUN_OPTIONS
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def violations_text(violations: list[dict[str, Any]]) -> str:
    """Return violations as lines a person can act on: rule, impact, help, where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_serious_violations(page: Page) -> None:
    """Fail listing every serious or critical accessibility violation on the page."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious or critical violations on {page.url}:\n" + (
        violations_text(blocking)
    )
