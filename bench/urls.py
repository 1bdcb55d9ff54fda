"""The product's URLs plus ``/bench/bare/``, the baseline the public API is measured against."""

from django.urls import path

from bench.bare_views import bare_fact_checks
from factcheck.urls import handler404, handler500
from factcheck.urls import urlpatterns as product_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [path("bench/bare/", bare_fact_checks), *product_urlpatterns]
