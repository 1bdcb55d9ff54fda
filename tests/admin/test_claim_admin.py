"""The claim pages: read-only workflow fields, and actions that go through the services."""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from django.test import Client

from claims.models import Claim, ClaimStatus, Event, Queue
from reviews.models import Dismissal
from tests.admin.conftest import messages_of, run_action, signed_in
from tests.factories import UserFactory
from tests.reviews.factories import ClaimFactory

CLAIMS = "/admin/claims/claim/"


def test_a_superuser_cannot_publish_a_candidate_claim_from_its_page(
    operator_client: Client, waiting_claim: Claim, economy: Queue
) -> None:
    # GIVEN a candidate claim with no review
    events_before = Event.objects.count()

    # WHEN a superuser posts its change form with the workflow fields rewritten
    page = operator_client.get(f"{CLAIMS}{waiting_claim.pk}/change/")
    response = operator_client.post(
        f"{CLAIMS}{waiting_claim.pk}/change/",
        {
            "status": "published",
            "queue": economy.pk,
            "priority": "99",
            "leased_by": "",
            "due_at_0": "",
            "previously_checked": "",
        },
    )

    # THEN the page offers no field to edit, the post is refused and nothing changed
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="status"' not in html
    assert 'name="queue"' not in html
    assert 'name="cluster"' not in html
    assert response.status_code == 403
    fresh = Claim.objects.get(pk=waiting_claim.pk)
    assert (fresh.status, fresh.queue_id) == (ClaimStatus.CANDIDATE, waiting_claim.queue_id)
    assert Event.objects.count() == events_before


def test_claims_are_listed_highest_priority_first(operator_client: Client) -> None:
    low = ClaimFactory.create(priority=0.2)
    high = ClaimFactory.create(priority=1.7)

    response = operator_client.get(CLAIMS)

    html = response.content.decode()
    assert html.index(f"{CLAIMS}{high.pk}/change/") < html.index(f"{CLAIMS}{low.pk}/change/")


def test_an_editor_moves_claims_to_another_queue_and_the_move_is_logged(
    editor_client: Client, desk_editor: User, waiting_claim: Claim, economy: Queue
) -> None:
    # WHEN the desk lead moves the claim to the Economy queue
    response = run_action(editor_client, CLAIMS, "move_to_queue", [waiting_claim], queue=economy.pk)

    # THEN the claim waits in Economy with Economy's SLA, and the log says who moved it
    assert response.status_code == 302
    assert messages_of(response) == [f"Claim {waiting_claim.pk}: moved from General to Economy."]
    fresh = Claim.objects.get(pk=waiting_claim.pk)
    assert fresh.queue == economy
    assert fresh.due_at is not None
    event = Event.objects.get(claim=waiting_claim, action="claim.moved")
    assert event.actor == desk_editor
    assert event.changes["queue"] == ["default", "economy"]


def test_moving_reports_each_claim_it_refused_with_the_reason(
    editor_client: Client, waiting_claim: Claim, economy: Queue
) -> None:
    # GIVEN a dismissed claim selected together with a waiting one
    dismissed = ClaimFactory.create(status=ClaimStatus.DISMISSED)

    # WHEN both are moved
    response = run_action(
        editor_client, CLAIMS, "move_to_queue", [waiting_claim, dismissed], queue=economy.pk
    )

    # THEN the waiting one moved and the dismissed one is refused, with the service's reason
    assert messages_of(response) == [
        f"Claim {waiting_claim.pk}: moved from General to Economy.",
        f"Claim {dismissed.pk}: Cannot move claim {dismissed.pk} to another queue: it is "
        "dismissed; only claims waiting or in review move between queues.",
    ]
    assert Claim.objects.get(pk=dismissed.pk).queue_id != economy.pk


def test_an_action_without_its_input_changes_nothing_and_says_what_is_missing(
    editor_client: Client, waiting_claim: Claim
) -> None:
    response = run_action(editor_client, CLAIMS, "move_to_queue", [waiting_claim])

    assert messages_of(response) == [
        "Fill in the queue in the action bar, then run the action again. Nothing was changed."
    ]
    assert not Event.objects.filter(action="claim.moved").exists()


def test_staff_without_the_editor_role_are_refused_by_the_service(
    waiting_claim: Claim, economy: Queue
) -> None:
    # GIVEN a staff member who may look at claims but holds no role
    clerk = UserFactory.create(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_claim"))

    # WHEN they try to move a claim
    response = run_action(
        signed_in(clerk), CLAIMS, "move_to_queue", [waiting_claim], queue=economy.pk
    )

    # THEN the service refuses, and the admin shows its reason
    assert messages_of(response) == [
        f"Claim {waiting_claim.pk}: Only a user with the editor role can move a claim to "
        "another queue."
    ]
    assert Claim.objects.get(pk=waiting_claim.pk).queue_id == waiting_claim.queue_id


def test_an_editor_boosts_a_claim_through_the_boost_service(
    editor_client: Client, desk_editor: User, waiting_claim: Claim
) -> None:
    response = run_action(
        editor_client, CLAIMS, "boost", [waiting_claim], amount="1.5", note="Election week"
    )

    fresh = Claim.objects.get(pk=waiting_claim.pk)
    assert fresh.priority > waiting_claim.priority
    [message] = messages_of(response)
    assert message.startswith(f"Claim {waiting_claim.pk}: boosted by +1.5; priority ")
    event = Event.objects.get(claim=waiting_claim, action="claim.boosted")
    assert (event.actor, event.changes["reason"]) == (desk_editor, "Election week")


def test_an_editor_revokes_a_reviewers_lease_and_the_log_names_the_reviewer(
    editor_client: Client, desk_editor: User, reviewer: User, leased_claim: Claim
) -> None:
    # WHEN the desk lead revokes the lease the reviewer forgot
    response = run_action(
        editor_client, CLAIMS, "revoke_lease", [leased_claim], note="Reviewer on leave"
    )

    # THEN the claim waits in its queue again, and the log says whose lease it was
    assert messages_of(response) == [
        f"Claim {leased_claim.pk}: lease of rita revoked; the claim is back in General."
    ]
    fresh = Claim.objects.get(pk=leased_claim.pk)
    assert (fresh.status, fresh.leased_by_id) == (ClaimStatus.CANDIDATE, None)
    event = Event.objects.get(claim=leased_claim, action="claim.lease_revoked")
    assert (event.actor, event.from_state, event.to_state) == (
        desk_editor,
        "in_review",
        "candidate",
    )
    assert event.changes["reviewer"] == reviewer.pk
    assert event.changes["reason"] == "Reviewer on leave"


def test_revoking_a_claim_nobody_holds_is_refused(
    editor_client: Client, waiting_claim: Claim
) -> None:
    response = run_action(editor_client, CLAIMS, "revoke_lease", [waiting_claim])

    assert messages_of(response) == [
        f"Claim {waiting_claim.pk}: Cannot revoke claim {waiting_claim.pk}: it is candidate, "
        "and this needs in_review."
    ]
    assert not Event.objects.filter(action="claim.lease_revoked").exists()


def test_an_editor_dismisses_waiting_claims_with_a_reason(
    editor_client: Client, desk_editor: User, waiting_claim: Claim
) -> None:
    response = run_action(
        editor_client,
        CLAIMS,
        "dismiss",
        [waiting_claim],
        dismissal_reason="out_of_scope",
        note="Sports desk",
    )

    assert messages_of(response) == [f"Claim {waiting_claim.pk}: dismissed (Out of scope)."]
    assert Claim.objects.get(pk=waiting_claim.pk).status == ClaimStatus.DISMISSED
    dismissal = Dismissal.objects.get(claim=waiting_claim)
    assert (dismissal.reason, dismissal.note, dismissal.dismissed_by) == (
        "out_of_scope",
        "Sports desk",
        desk_editor,
    )
    event = Event.objects.get(claim=waiting_claim, action="claim.dismissed")
    assert (event.actor, event.from_state, event.to_state) == (
        desk_editor,
        "candidate",
        "dismissed",
    )


def test_an_editor_cannot_dismiss_a_claim_a_reviewer_holds(
    editor_client: Client, leased_claim: Claim
) -> None:
    response = run_action(
        editor_client, CLAIMS, "dismiss", [leased_claim], dismissal_reason="opinion"
    )

    assert messages_of(response) == [
        f"Claim {leased_claim.pk}: Cannot dismiss claim {leased_claim.pk}: a reviewer holds it; "
        "revoke the lease first, or let the reviewer dismiss it."
    ]
    assert Claim.objects.get(pk=leased_claim.pk).status == ClaimStatus.IN_REVIEW
    assert not Dismissal.objects.exists()


def test_the_claim_list_offers_the_actions_with_their_inputs(
    editor_client: Client, waiting_claim: Claim
) -> None:
    html = editor_client.get(CLAIMS).content.decode()

    for action in ["move_to_queue", "boost", "revoke_lease", "dismiss"]:
        assert f'value="{action}"' in html
    for field in ["queue", "amount", "dismissal_reason", "note"]:
        assert f'name="{field}"' in html
    assert 'value="delete_selected"' not in html
