"""Fuzz the API from its own OpenAPI schema, as every kind of caller: no 5xx, no schema breach."""

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
from tests.reviews.factories import user_with_role

# Django is set up before collection (pytest-django), and serving the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

# Each caller the read rules tell apart (SECURITY.md); "anonymous" sends no credentials.
CALLERS = ["reviewer", "editor", "submitter", "no-role", "anonymous"]


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


@pytest.fixture
def headers(caller: str, db: Any) -> dict[str, str]:
    """The caller's credentials, made once per operation rather than once per example."""
    if caller == "anonymous":
        return {}
    name = f"fuzz-{caller}"
    user = UserFactory.create(username=name) if caller == "no-role" else None
    user = user or user_with_role(caller, username=name)
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


@pytest.mark.parametrize("caller", CALLERS)
@schema.parametrize()
@settings(
    # ~30 operations x 5 callers: a few examples each keeps the file to about a minute.
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_5xx(
    case: Any, caller: str, headers: dict[str, str], keep_test_connection: None
) -> None:
    response = case.call(headers=headers)

    assert response.status_code < 500, response.text
    # Excluded: ignored_auth (credentials are chosen per caller on purpose; the read rules
    # have their own tests in tests/security/test_read_rules.py) and positive_data_acceptance
    # (the service refuses some schema-valid bodies on purpose, e.g. only whitespace, or any
    # request from a caller whose role does not allow it).
    case.validate_response(response, excluded_checks=[ignored_auth, positive_data_acceptance])
