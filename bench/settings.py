"""Settings for benchmark runs: the product's, plus the bench-only bare view (bench/urls.py).

``DJANGO_SETTINGS_MODULE=bench.settings`` is set only by bench/stack.py; the product never
loads this module, so the bare view never ships in the product's URLs.
"""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The scaling section's webhook receiver listens on 127.0.0.1 (the product refuses loopback
# targets with DEBUG off; here DEBUG stays off so the figures are production-like).
FETCH_ALLOW_LOOPBACK = True
