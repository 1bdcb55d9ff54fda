"""Screenshots for the docs, taken by the browser tests that reach each page.

Only when ``REFRESH_SCREENSHOTS=1``: a normal run leaves docs/screenshots/ alone, so tests do
not dirty the work tree. The viewport is fixed so that the pictures stay small and comparable.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, ViewportSize

SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT: ViewportSize = {"width": 1100, "height": 700}


def screenshots_wanted() -> bool:
    return os.environ.get("REFRESH_SCREENSHOTS") == "1"


def screenshot_save(page: Page, name: str) -> Path | None:
    """Save the visible part of the page as docs/screenshots/<name>.png; return its path.

    Returns None, and writes nothing, unless REFRESH_SCREENSHOTS=1.
    """
    if not screenshots_wanted():
        return None
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    page.set_viewport_size(VIEWPORT)
    shot = page.screenshot(type="png", scale="css", full_page=False, animations="disabled")
    # A page is a few flat colours and text: a 256-colour palette looks the same at a third of
    # the size, which keeps the README's pictures small in the repository.
    picture = Image.open(io.BytesIO(shot)).convert("RGB")
    palette = picture.quantize(
        colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    palette.save(path, format="PNG", optimize=True)
    return path
