"""Embed JSON-LD in a page so that no text inside it can end the script element."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# The same escapes as Django's json_script: "</script>" or "<!--" in a claim's text becomes
# "\u003C/script\u003E", which JSON parsers read back as the same text.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script(document: dict[str, Any]) -> SafeString:
    """Return ``<script type="application/ld+json">`` carrying ``document``, safely escaped."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
