"""Create the demo login printed by `make run` (development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-factcheck"  # noqa: S105 - printed by `make run`, DEBUG only


class Command(BaseCommand):
    help = "Create (or reset) the demo superuser and print its login and API token."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo user is for development only (DJANGO_DEBUG is off).")
        user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(f"Demo login: {DEMO_USERNAME} / {DEMO_PASSWORD}   API token: {token.key}")
