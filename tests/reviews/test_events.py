"""The audit log is append-only."""

from __future__ import annotations

import pytest

from claims.models import AppendOnlyError, Event

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_changed_or_deleted() -> None:
    event = Event.objects.create(action="article.submitted", to_state="pending")

    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert Event.objects.get(pk=event.pk).action == "article.submitted"


def test_default_queue_exists_after_migrations() -> None:
    from claims.models import Queue

    assert Queue.objects.get(is_default=True).slug == "default"
