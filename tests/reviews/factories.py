"""Factories and helpers for the review workflow tests."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim
from claims.routing import queue_default_get
from reviews.roles import roles_and_ratings_ensure
from tests.factories import ArticleFactory, UserFactory


class ClaimFactory(factory.django.DjangoModelFactory[Claim]):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    text = factory.Sequence(lambda n: f"Unemployment fell to {n % 10}.{n % 7}% last year ({n}).")
    start = factory.Sequence(lambda n: n * 10)
    end = factory.LazyAttribute(lambda c: c.start + 5)
    score = 0.8
    priority = factory.LazyAttribute(lambda c: c.score)
    queue = factory.LazyFunction(queue_default_get)


def user_with_role(role: str, **kwargs: Any) -> User:
    """Create a user in the named role group (reviewer, editor, admin)."""
    # A transactional test before this one may have flushed the rows the migrations made.
    roles_and_ratings_ensure()
    queue_default_get()
    user = UserFactory.create(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # fresh instance: no stale permission cache


def client_for(user: User) -> APIClient:
    """Return an API client authenticated with the user's token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
