"""API tokens: the account behind a token, refusals, and the one query that reads both."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factcheck.api.authentication import ThrottledTokenAuthentication
from tests.reviews.factories import client_for, user_with_role

pytestmark = pytest.mark.django_db


def test_a_token_signs_in_its_account_with_every_field_read() -> None:
    rita = user_with_role("reviewer", username="rita", email="rita@example.org")
    token, _ = Token.objects.get_or_create(user=rita)

    with CaptureQueriesContext(connection) as queries:
        user, found = ThrottledTokenAuthentication().authenticate_credentials(token.key)

    assert len(queries) == 1
    assert (user.pk, user.username, user.email) == (rita.pk, "rita", "rita@example.org")
    assert user.date_joined == rita.date_joined
    assert user.password == rita.password
    assert found.key == token.key
    assert found.user is user
    assert found.created == token.created


def test_the_api_answers_as_the_tokens_account() -> None:
    rita = user_with_role("reviewer", username="rita")

    answer = client_for(rita).get("/api/v1/me/claims/")

    assert answer.status_code == 200, answer.content


def test_an_unknown_token_is_refused() -> None:
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    answer = guesser.get("/api/v1/queues/")

    assert answer.status_code == 401
    assert "Invalid token" in answer.content.decode()


def test_a_deactivated_accounts_token_is_refused() -> None:
    gone = user_with_role("reviewer", username="gone")
    client = client_for(gone)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    answer = client.get("/api/v1/queues/")

    assert answer.status_code == 401
    assert "inactive" in answer.content.decode()
