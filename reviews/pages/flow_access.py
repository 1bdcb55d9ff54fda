"""Role checks and service refusals as the flow pages (home, queue, editor, submit) need them."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest

from factcheck.errors import PermissionDenied
from reviews.permissions import role_require


def page_user(request: HttpRequest) -> User:
    """Return the signed-in user (every flow page requires a login)."""
    return cast(User, request.user)


def page_role_require(request: HttpRequest, *, permission: str, doing: str) -> User:
    """Return the user, or refuse the page with 403 and the role it needs."""
    user = page_user(request)
    try:
        role_require(user=user, permission=permission, doing=doing)
    except PermissionDenied as refusal:
        raise DjangoPermissionDenied(refusal.message) from None
    return user
