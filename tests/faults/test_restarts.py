"""Leases and scheduled jobs live in the database and the beat schedule, not in a process."""

from __future__ import annotations

import pytest
import requests

from tests.faults.conftest import FIGURES, Stack, article_body, manage_command
from tests.faults.servers import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]


def _lease_status(stack: Stack, claim_id: int) -> tuple[str, str | None]:
    rows = stack.pg.query(
        "SELECT c.status, u.username FROM claims_claim c "
        "LEFT JOIN auth_user u ON u.id = c.leased_by_id WHERE c.id = %s",
        claim_id,
    )
    return str(rows[0][0]), rows[0][1]


def test_a_lease_survives_restarts_and_beat_still_expires_it_afterwards(stack: Stack) -> None:
    # GIVEN a reviewer holding a lease (30 s) taken through the web process
    manage_command(
        stack.env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        "User.objects.get(username='faults').groups.add(Group.objects.get(name='reviewer'))",
    )
    stack.start_web()
    stack.start_worker()
    stack.start_beat()
    stack.wait_done([stack.submit(article_body("lease-restart"))])
    headers = {"Authorization": f"Token {stack.token}"}
    leased = requests.post(
        stack.url("/api/v1/queues/default/lease-next/"), headers=headers, timeout=30
    )
    assert leased.status_code == 200, leased.text
    claim_id = int(leased.json()["id"])

    # WHEN web, worker and beat all stop and start again
    stack.stop_all()
    FIGURES["faults_injected"] += 1
    FIGURES["fault:web, worker and beat restarted"] += 1
    stack.start_web()
    stack.start_worker()
    stack.start_beat()

    # THEN the lease is still held by the same reviewer, visible through the new web process
    mine = requests.get(stack.url("/api/v1/me/claims/"), headers=headers, timeout=30).json()
    assert claim_id in [c["id"] for c in mine["results"]]
    assert _lease_status(stack, claim_id) == ("in_review", "faults")

    # AND the new beat's periodic expiry returns it to the queue once the lease runs out
    wait_until(
        lambda: _lease_status(stack, claim_id) == ("candidate", None),
        what="the expired lease swept back to the queue by beat",
        timeout=90,
    )
    events = stack.pg.query(
        "SELECT action FROM reviews_event WHERE claim_id = %s ORDER BY id", claim_id
    )
    assert [a for (a,) in events][-1] == "claim.lease_expired"
