"""Fixtures for the review workflow: role users, their API clients, a claim in the queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from claims.models import Claim
from tests.reviews.factories import ClaimFactory, client_for, user_with_role


@pytest.fixture
def reviewer(db: Any) -> User:
    return user_with_role("reviewer", username="rita")


@pytest.fixture
def other_reviewer(db: Any) -> User:
    return user_with_role("reviewer", username="oscar")


@pytest.fixture
def editor(db: Any) -> User:
    return user_with_role("editor", username="edna")


@pytest.fixture
def reviewer_api(reviewer: User) -> APIClient:
    return client_for(reviewer)


@pytest.fixture
def other_reviewer_api(other_reviewer: User) -> APIClient:
    return client_for(other_reviewer)


@pytest.fixture
def editor_api(editor: User) -> APIClient:
    return client_for(editor)


@pytest.fixture
def claim(db: Any) -> Claim:
    """The only candidate claim of the default queue."""
    return ClaimFactory.create()
