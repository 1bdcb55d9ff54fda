"""Fuzz the public endpoints anonymously from the OpenAPI schema: no 5xx, no schema violation."""

from __future__ import annotations

from typing import Any

import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from factcheck.wsgi import application
from tests.api.test_fuzz_schemathesis import keep_test_connection  # noqa: F401 (fixture)
from tests.publishing.conftest import correct, publish, retract

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(
    operation_id_regex="^public_"
)


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_public_endpoints_never_answer_5xx_to_anyone(
    case: Any,
    db: Any,
    keep_test_connection: None,  # noqa: F811
) -> None:
    # GIVEN a published, a corrected and a retracted fact-check (claim ids 1..3 or so)
    cache.clear()  # the throttle's counts: each example starts fresh
    publish(text="Published claim.")
    correct(publish(text="Corrected claim."), rating="true", reason="Misread.")
    retract(publish(text="Retracted claim."), reason="Wrong.")

    response = case.call()

    assert response.status_code < 500, response.text
    # Excluded: positive_data_acceptance (schema-valid text with NUL bytes is refused on purpose).
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
