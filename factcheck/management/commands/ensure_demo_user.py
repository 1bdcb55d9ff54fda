"""Create the demo logins printed by `make run` (development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from reviews.roles import roles_and_ratings_ensure

DEMO_USERNAME = "demo"
DEMO_EDITOR_USERNAME = "demo-editor"
DEMO_PASSWORD = "demo-factcheck"  # noqa: S105 - printed by `make run`, DEBUG only


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo users and print their logins and API tokens: a superuser "
        "who reviews, and an editor, so a verdict can get its second-person approval."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo users are for development only (DJANGO_DEBUG is off).")
        roles_and_ratings_ensure()
        lines = []
        for username, role, superuser in (
            (DEMO_USERNAME, "reviewer", True),
            (DEMO_EDITOR_USERNAME, "editor", False),
        ):
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
            token, _ = Token.objects.get_or_create(user=user)
            lines.append(f"{role:>8}: {username} / {DEMO_PASSWORD}   API token: {token.key}")
        self.stdout.write("\n".join(lines))
