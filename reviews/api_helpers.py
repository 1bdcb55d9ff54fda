"""Small pieces the review APIs share: the acting user and object lookups."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404
from rest_framework.request import Request

from claims.models import Claim
from reviews.models import Review


def actor_of(request: Request) -> User:
    """Return the authenticated user (every review API requires authentication)."""
    return cast(User, request.user)


def claim_get(pk: int) -> Claim:
    return get_object_or_404(Claim, pk=pk)


def review_get(pk: int) -> Review:
    return get_object_or_404(Review, pk=pk)
