"""The Swagger UI docs page, served so that it runs under our Content-Security-Policy.

``SpectacularSwaggerSplitView`` loads its start-up script from a URL of our own instead of an
inline ``<script>``, so ``script-src 'self'`` holds here too. The page still carries an inline
``<style>`` block, and Swagger UI sets styles at run time, so this view, and only this view,
allows inline styles (never inline scripts).
"""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularSwaggerSplitView

api_docs = csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)
