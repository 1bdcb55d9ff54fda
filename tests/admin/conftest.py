"""Fixtures for driving the admin as its users do: signed-in browsers for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client

from claims.models import Claim, Queue
from claims.routing import queue_default_get
from reviews.leases import claim_lease_next
from reviews.models import Rating, Review
from reviews.research import evidence_add
from reviews.verdicts import review_approve, review_publish, review_submit
from tests.factories import QueueFactory, UserFactory
from tests.reviews.factories import ClaimFactory, user_with_role


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Users here sign in with force_login; hashing their factory passwords slowly buys nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def operator(db: Any) -> User:
    """The person who runs the service: a superuser."""
    return UserFactory.create(username="olga", is_staff=True, is_superuser=True)


@pytest.fixture
def operator_client(operator: User) -> Client:
    return signed_in(operator)


@pytest.fixture
def desk_editor(db: Any) -> User:
    """A desk lead: the editor role, with staff status to enter the admin."""
    user = user_with_role("editor", username="dora", is_staff=True)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editor_client(desk_editor: User) -> Client:
    return signed_in(desk_editor)


@pytest.fixture
def reviewer(db: Any) -> User:
    return user_with_role("reviewer", username="rita")


@pytest.fixture
def economy(db: Any) -> Queue:
    return QueueFactory.create(name="Economy", slug="economy", sla_hours=4)


@pytest.fixture
def waiting_claim(db: Any) -> Claim:
    return ClaimFactory.create()


@pytest.fixture
def leased_claim(reviewer: User) -> Claim:
    """A claim the reviewer holds (the only claim of the default queue)."""
    ClaimFactory.create()
    claim = claim_lease_next(queue=queue_default_get(), reviewer=reviewer)
    assert claim is not None
    return claim


def run_action(client: Client, path: str, action: str, rows: list[Any], **inputs: Any) -> Any:
    """POST an admin action for ``rows`` with the action bar's ``inputs``; return the response."""
    data = {"action": action, "_selected_action": [row.pk for row in rows], "index": 0, **inputs}
    return client.post(path, data)


def messages_of(response: Any) -> list[str]:
    """The messages the admin shows the user after ``response``."""
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def published_review(reviewer: User) -> Review:
    """A verdict written by the reviewer, approved and published by another editor."""
    approver = user_with_role("editor", username="edna")
    claim = ClaimFactory.create()
    leased = claim_lease_next(queue=claim.queue, reviewer=reviewer)
    assert leased is not None
    evidence_add(
        claim=leased, reviewer=reviewer, url="https://stats.example.org/t3", stance="refutes"
    )
    review = review_submit(
        claim=leased,
        reviewer=reviewer,
        rating=Rating.objects.get(slug="false"),
        conclusion="Unemployment rose, it did not fall.",
    )
    review_approve(review=review, editor=approver)
    return review_publish(review=review, editor=approver)
