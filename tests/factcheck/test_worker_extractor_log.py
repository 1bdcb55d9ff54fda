"""A worker says at start-up which extractor it runs and whether the environment chose it."""

from __future__ import annotations

import logging

import pytest
from celery.signals import celeryd_after_setup
from django.test import override_settings

import factcheck.celery  # noqa: F401 # connects the handler


@pytest.mark.parametrize(
    ("environment", "chosen_by"),
    [(None, "this CPU"), ("compact", "EXTRACTOR_BACKEND")],
)
def test_the_worker_logs_its_extractor_and_what_chose_it(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    environment: str | None,
    chosen_by: str,
) -> None:
    if environment is None:
        monkeypatch.delenv("EXTRACTOR_BACKEND", raising=False)
    else:
        monkeypatch.setenv("EXTRACTOR_BACKEND", environment)
    with override_settings(EXTRACTOR_BACKEND="compact"), caplog.at_level(logging.INFO):
        # WHEN a worker has finished setting up
        celeryd_after_setup.send(sender="work@host", instance=None, conf=None)

    assert f"extractor: compact (chosen by {chosen_by})" in caplog.messages
