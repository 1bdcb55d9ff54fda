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


def test_the_migration_creates_the_default_queue() -> None:
    # Run the data migration's own function rather than trust that its row is still there: a
    # transactional test that ran earlier on the same xdist worker flushes the tables.
    # (The model moved to the claims app later; its table is the one the migration wrote.)
    from importlib import import_module
    from types import SimpleNamespace

    from claims.models import Queue

    Queue.objects.all().delete()
    migration = import_module("reviews.migrations.0002_default_queue")
    migration.create_default_queue(SimpleNamespace(get_model=lambda app, name: Queue), None)

    assert Queue.objects.get(is_default=True).slug == "default"
