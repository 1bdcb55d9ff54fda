"""What each role finds in the admin: editors see their desk, operators also run it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.admin.conftest import signed_in
from tests.reviews.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_the_demo_editor_sees_the_desks_pages_in_the_admin() -> None:
    # GIVEN the demo logins of `make run`
    with override_settings(DEBUG=True):
        call_command("ensure_demo_user", stdout=io.StringIO())
    client = Client()
    signed = client.post(
        "/admin/login/?next=/admin/", {"username": "demo-editor", "password": "demo-factcheck"}
    )
    assert signed.status_code == 302

    # WHEN the editor opens the admin
    index = client.get("/admin/")

    # THEN they see claims, articles, verdicts and the audit log, and can open each
    html = index.content.decode()
    assert index.status_code == 200
    assert "permission to view or edit anything" not in html
    for page in [
        "/admin/claims/claim/",
        "/admin/claims/article/",
        "/admin/claims/event/",
        "/admin/claims/queue/",
        "/admin/claims/claimcluster/",
        "/admin/reviews/review/",
        "/admin/reviews/evidence/",
        "/admin/reviews/dismissal/",
        "/admin/reviews/rating/",
    ]:
        assert page in html
        assert client.get(page).status_code == 200, page


def test_an_editor_reads_queues_and_ratings_but_only_an_operator_changes_them(
    editor_client: Client,
) -> None:
    operator = user_with_role("admin", username="otto", is_staff=True)

    assert editor_client.get("/admin/claims/queue/add/").status_code == 403
    assert editor_client.get("/admin/reviews/rating/add/").status_code == 403
    assert signed_in(operator).get("/admin/claims/queue/add/").status_code == 200
    assert signed_in(operator).get("/admin/reviews/rating/add/").status_code == 200
