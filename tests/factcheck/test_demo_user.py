"""The demo login that `make run` prints."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings

pytestmark = pytest.mark.django_db


def test_demo_user_can_log_in_with_the_printed_password_and_token() -> None:
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("ensure_demo_user", stdout=out)

    printed = out.getvalue()
    # The login throttle (django-axes) needs the request: it counts failures per address.
    login = RequestFactory().post("/login/")
    user = authenticate(login, username="demo", password="demo-factcheck")
    assert user is not None
    assert user.is_superuser
    assert user.auth_token.key in printed


def test_demo_editor_holds_the_editor_role() -> None:
    with override_settings(DEBUG=True):
        call_command("ensure_demo_user", stdout=io.StringIO())

    login = RequestFactory().post("/login/")
    editor = authenticate(login, username="demo-editor", password="demo-factcheck")
    assert editor is not None
    assert not editor.is_superuser
    assert editor.has_perm("reviews.approve_review")


def test_demo_user_is_refused_outside_development() -> None:
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="development only"):
        call_command("ensure_demo_user", stdout=io.StringIO())
