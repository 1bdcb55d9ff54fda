"""Fuzz the API from its own OpenAPI schema: no input may produce a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from factcheck.wsgi import application
from tests.factories import UserFactory

# Django is set up before collection (pytest-django), and serving the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Stop the WSGI app from closing the test's database connection after each request.

    Django's own test client does the same; without it the test transaction is lost.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_5xx(case: Any, db: Any, keep_test_connection: None) -> None:
    user = UserFactory.create(username="fuzzer")
    token, _ = Token.objects.get_or_create(user=user)

    response = case.call(headers={"Authorization": f"Token {token.key}"})

    assert response.status_code < 500, response.text
    # Excluded: ignored_auth (our token is sent on purpose; anonymous refusal is tested in
    # test_article_submit_api) and positive_data_acceptance (the service refuses some
    # schema-valid bodies on purpose, e.g. only whitespace or binary control characters).
    case.validate_response(response, excluded_checks=[ignored_auth, positive_data_acceptance])
