"""Permission-matrix entries for the governance pages and API; see tests/test_permission_matrix.py.

In each world the lead set up the alliance's JSC; the lead and the partner co-chair it. It has a
meeting still to be held (yesterday's, attendance not yet taken), one held and quorate with draft
minutes, a charter change the lead proposed, a decision sought by written consent, a shared
concern, a decision the parties deadlocked on (the partner for, the lead against) whose escalation
is at the executives' rung, an action and a workstream. Each party seats, removes and withdraws
only its own and casts only its own vote; the partner usually acts first, so the lead then meets a
record already changed (an error message on the page, a 422 from the API). Where a body names the
lead's party, the partner is refused for acting in the lead's name (422 naming the field).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from concord.governance import services
from concord.orgs import services as org_services
from conftest import signed, signed_vote
from tests.matrix import (
    API_SCOPED_READ,
    MANAGERS,
    MEMBERS,
    READERS,
    Operation,
    Page,
    World,
    alliance_pk,
    body,
    expect,
    lead_of,
    object_pk,
)

WRITERS = expect(anonymous=302, outsider=404, viewer=403, others=302)
API_WRITE = expect(anonymous=401, outsider=404, viewer=403, others=200)
API_CREATE = expect(anonymous=401, outsider=404, viewer=403, others=201)
# The partner acts first; the lead finds it done already and is told why not.
PARTNER_THEN_LEAD = expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422)
# Refused with a reason to everyone who may write: the record is past this step (or not yet at it).
API_TOO_LATE = expect(anonymous=401, outsider=404, viewer=403, others=422)
# The body names the lead's party: the partner is refused for acting in its name.
FOR_THE_LEAD = expect(anonymous=401, outsider=404, viewer=403, partner=422, lead=200)
FOR_THE_LEAD_CREATE = expect(anonymous=401, outsider=404, viewer=403, partner=422, lead=201)
# Only the lead's party raised or proposed it, so only the lead's party takes it back.
API_OWN_PARTY_ONLY = expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=200)
OWN_PARTY_ONLY = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302)
GONE_FOR_THE_LEAD = expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=404)


def _partner(world: World) -> Any:
    return world.cast.bob


def _colleague(lead: Any) -> Any:
    """A colleague of the lead's, not yet on the committee."""
    issued = org_services.invitation_create(
        actor=lead, email=f"gov-{lead.pk}@colleague.test", role="scientist"
    )
    return org_services.invitation_accept(
        token=issued.token, password="a-long-password-1", first_name="Gus", last_name="Colleague"
    ).user


def build(world: World) -> dict[str, Any]:
    """The governance records this capability's routes point at, for one of the two alliances."""
    lead, partner = lead_of(world), _partner(world)
    jsc = services.committee_create(actor=lead, alliance=world.alliance, executives=[lead])
    lead_seat = services.committee_member_add(actor=lead, committee=jsc, user=lead, role="co_chair")
    partner_seat = services.committee_member_add(
        actor=partner, committee=jsc, user=partner, role="co_chair"
    )
    yesterday = timezone.now() - datetime.timedelta(days=1)
    meeting = services.meeting_schedule(actor=lead, committee=jsc, starts_at=yesterday)
    held = services.meeting_schedule(
        actor=lead, committee=jsc, starts_at=yesterday - datetime.timedelta(days=30)
    )
    services.attendance_record(actor=lead, meeting=held, present=[lead_seat, partner_seat])
    concern = services.concern_raise(
        actor=lead, alliance=world.alliance, title="Slow reports", visibility="shared"
    )
    return {
        "gov_committee": jsc,
        "gov_lead_seat": lead_seat,
        "gov_colleague": _colleague(lead),
        "gov_meeting": meeting,
        "gov_held_meeting": held,
        "gov_agenda_item": services.agenda_item_add(actor=lead, meeting=meeting, title="Budget"),
        "gov_minutes": services.minutes_save(actor=lead, meeting=held, body="Draft minutes"),
        "gov_charter": services.charter_propose(
            actor=lead, committee=jsc, rationale="Meet monthly.", cadence_days=31
        ),
        "gov_decision": services.decision_propose(
            actor=lead, committee=jsc, title="Extend the term", text="By six months."
        ),
        "gov_action": services.action_create(
            actor=lead,
            alliance=world.alliance,
            title="Send the report",
            owner=partner,
            due_on=timezone.localdate(),
        ),
        "gov_concern": concern,
        "gov_escalation": _deadlock(_held(jsc, lead, [lead_seat, partner_seat], 60), lead, partner),
        "gov_workstream": services.workstream_save(
            actor=lead,
            alliance=world.alliance,
            name="CMC",
            raci={world.objects["party"].pk: "A"},
        ),
        "gov_calendar_token": services.calendar_feed_rotate(actor=lead),
    }


def _held(jsc: Any, lead: Any, present: list[Any], days_ago: int) -> Any:
    """An earlier quorate meeting of the committee, for a decision of its own."""
    starts_at = timezone.now() - datetime.timedelta(days=days_ago)
    meeting = services.meeting_schedule(actor=lead, committee=jsc, starts_at=starts_at)
    services.attendance_record(actor=lead, meeting=meeting, present=present)
    return meeting


def _deadlock(held: Any, lead: Any, partner: Any) -> Any:
    """The partner puts a resolution to the vote for; the lead votes against: a deadlock, which
    the lead's vote sent to the executives (so the lead's party raised the escalation)."""
    decision = services.decision_record(
        actor=partner,
        meeting=held,
        title="Choose the CRO",
        votes={_party_of(partner, held): "for"},
        **signed_vote("for"),
    )
    services.decision_vote(actor=lead, decision=decision, vote="against", **signed_vote("against"))
    return decision.escalations.get()


def _party_of(person_: Any, meeting: Any) -> int:
    from concord.alliances.models import Party

    return (
        Party.objects.unscoped()
        .get(alliance=meeting.alliance, organisation=person_.membership.organisation)
        .pk
    )


def _lead_vote(world: World) -> list[dict[str, Any]]:
    """The lead's party's vote: the lead casts it, the partner may not."""
    return [{"party_id": world.objects["party"].pk, "vote": "for"}]


def _new_workstream(world: World) -> dict[str, Any]:
    return {"new-name": "Clinical", f"new-raci_{world.objects['party'].pk}": "A"}


def _workstream_row(world: World) -> dict[str, Any]:
    prefix = f"ws{world.objects['gov_workstream'].pk}"
    return {f"{prefix}-name": "CMC and supply", f"{prefix}-raci_{world.objects['party'].pk}": "A"}


PAGES: dict[str, Page] = {
    # Reading: both parties and the lead's read-only colleague; outsiders get 404.
    "governance:alliance-governance": Page(alliance_pk, READERS),
    "governance:decision-log": Page(alliance_pk, READERS),
    "governance:decision-export": Page(alliance_pk, READERS),
    "governance:action-list": Page(alliance_pk, READERS),
    "governance:concern-list": Page(alliance_pk, READERS),
    "governance:escalation-list": Page(alliance_pk, READERS),
    "governance:operating-model": Page(alliance_pk, READERS),
    "governance:operating-model-download": Page(
        lambda w: {"pk": w.alliance.pk, "fmt": "svg"}, READERS
    ),
    "governance:committee-detail": Page(object_pk("gov_committee"), READERS),
    "governance:charter-detail": Page(object_pk("gov_charter"), READERS),
    "governance:meeting-detail": Page(object_pk("gov_meeting"), READERS),
    "governance:meeting-pack": Page(object_pk("gov_meeting"), READERS),
    "governance:minutes-detail": Page(object_pk("gov_minutes"), READERS),
    "governance:decision-detail": Page(object_pk("gov_decision"), READERS),
    "governance:concern-detail": Page(object_pk("gov_concern"), READERS),
    "governance:escalation-detail": Page(object_pk("gov_escalation"), READERS),
    # Forms: the viewer may read but not change.
    "governance:committee-create": Page(alliance_pk, MANAGERS),
    "governance:committee-update": Page(object_pk("gov_committee"), MANAGERS),
    "governance:charter-propose": Page(object_pk("gov_committee"), MANAGERS),
    # A change of carve-out rules is a charter proposal: the alliance managers' form.
    "governance:charter-carve-outs": Page(object_pk("gov_committee"), MANAGERS),
    "governance:meeting-create": Page(object_pk("gov_committee"), MANAGERS),
    "governance:written-consent": Page(object_pk("gov_committee"), MANAGERS),
    "governance:meeting-update": Page(object_pk("gov_meeting"), MANAGERS),
    "governance:minutes-save": Page(object_pk("gov_held_meeting"), MANAGERS),
    "governance:minutes-correct": Page(object_pk("gov_minutes"), MANAGERS),
    "governance:concern-create": Page(alliance_pk, MANAGERS),
    "governance:escalation-create": Page(alliance_pk, MANAGERS),
    # A person's own calendar; the feed's token is its credential, so it needs no login.
    "governance:calendar": Page(lambda w: {}, MEMBERS),
    "governance:calendar-feed": Page(
        lambda w: {"token": w.objects["gov_calendar_token"]}, expect(others=200)
    ),
    # One-button actions: a refusal on a record already changed is an error message, a redirect.
    "governance:member-add": Page(
        object_pk("gov_committee"),
        WRITERS,
        post=lambda w: {"user": w.objects["gov_colleague"].membership.pk, "role": "member"},
    ),
    "governance:member-remove": Page(object_pk("gov_lead_seat"), OWN_PARTY_ONLY, post=body()),
    "governance:charter-approve": Page(object_pk("gov_charter"), WRITERS, post=body()),
    "governance:charter-reject": Page(object_pk("gov_charter"), WRITERS, post=body(reason="No")),
    "governance:charter-withdraw": Page(object_pk("gov_charter"), OWN_PARTY_ONLY, post=body()),
    "governance:meeting-cancel": Page(object_pk("gov_meeting"), WRITERS, post=body()),
    "governance:agenda-item-add": Page(
        object_pk("gov_meeting"),
        WRITERS,
        post=body(**{"agenda-title": "AOB", "agenda-objective": "inform"}),
    ),
    # Either party may dispute a category once.
    "governance:agenda-item-category-dispute": Page(
        object_pk("gov_agenda_item"), WRITERS, post=body(category="ip", reason="Patents")
    ),
    # The partner takes the item off; it is gone when the lead tries.
    "governance:agenda-item-remove": Page(
        object_pk("gov_agenda_item"), GONE_FOR_THE_LEAD, post=body()
    ),
    "governance:attendance": Page(object_pk("gov_meeting"), WRITERS, post=body()),
    "governance:decision-record": Page(
        object_pk("gov_held_meeting"), WRITERS, post=body(**{"decision-title": "Adopt the plan"})
    ),
    "governance:decision-defer": Page(
        object_pk("gov_meeting"), WRITERS, post=body(**{"defer-title": "Budget"})
    ),
    "governance:minutes-circulate": Page(object_pk("gov_minutes"), WRITERS, post=body()),
    "governance:minutes-comment": Page(
        object_pk("gov_minutes"), WRITERS, post=body(**{"comment-body": "Fine"})
    ),
    "governance:minutes-approve": Page(
        object_pk("gov_minutes"),
        WRITERS,
        post=lambda w: {"at_meeting": w.objects["gov_meeting"].pk, **signed()},
    ),
    # Each vote is signed with the voter's own password and the meaning of the vote.
    "governance:decision-vote": Page(
        object_pk("gov_decision"), WRITERS, post=body(vote="for", **signed_vote("for"))
    ),
    "governance:action-create": Page(
        alliance_pk,
        WRITERS,
        post=lambda w: {
            "action-title": "Call",
            "action-owner": lead_of(w).pk,
            "action-due_on": "2030-01-01",
        },
    ),
    "governance:action-status": Page(object_pk("gov_action"), WRITERS, post=body(status="done")),
    "governance:concern-share": Page(object_pk("gov_concern"), WRITERS, post=body()),
    "governance:concern-agenda": Page(
        object_pk("gov_concern"), WRITERS, post=lambda w: {"meeting": w.objects["gov_meeting"].pk}
    ),
    "governance:concern-resolve": Page(
        object_pk("gov_concern"), WRITERS, post=body(resolution="Settled")
    ),
    "governance:escalation-agenda": Page(
        object_pk("gov_escalation"),
        WRITERS,
        post=lambda w: {"meeting": w.objects["gov_meeting"].pk},
    ),
    "governance:escalation-advance": Page(object_pk("gov_escalation"), WRITERS, post=body()),
    "governance:escalation-move-on": Page(object_pk("gov_escalation"), WRITERS, post=body()),
    "governance:escalation-resolve": Page(
        object_pk("gov_escalation"), WRITERS, post=body(resolution="Agreed")
    ),
    "governance:escalation-withdraw": Page(
        object_pk("gov_escalation"), OWN_PARTY_ONLY, post=body()
    ),
    "governance:workstream-create": Page(alliance_pk, WRITERS, post=_new_workstream),
    "governance:workstream-update": Page(
        object_pk("gov_workstream"), WRITERS, post=_workstream_row
    ),
    "governance:workstream-remove": Page(
        object_pk("gov_workstream"), GONE_FOR_THE_LEAD, post=body()
    ),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/committees"): Operation(API_SCOPED_READ),
    # The partner sets up a patent committee; the lead then finds the name taken.
    ("post", "/api/v1/alliances/{alliance_id}/committees"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        body(kind="jpc", name="Joint patent committee", cadence_days=180),
    ),
    ("get", "/api/v1/committees/{committee_id}"): Operation(API_SCOPED_READ),
    # Each party seats its own: the lead's colleague is no candidate of the partner's.
    ("post", "/api/v1/committees/{committee_id}/members"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=422, lead=201),
        lambda w: {"user_id": w.objects["gov_colleague"].pk, "role": "member"},
    ),
    ("get", "/api/v1/committees/{committee_id}/charters"): Operation(API_SCOPED_READ),
    # A change is already awaiting approval, so another proposal is refused with a reason.
    ("post", "/api/v1/committees/{committee_id}/charters"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        body(rationale="Quarterly again", cadence_days=92),
    ),
    ("post", "/api/v1/charters/{charter_id}/approve"): Operation(PARTNER_THEN_LEAD),
    ("post", "/api/v1/charters/{charter_id}/reject"): Operation(
        PARTNER_THEN_LEAD, body(reason="Not now")
    ),
    ("post", "/api/v1/charters/{charter_id}/withdraw"): Operation(API_OWN_PARTY_ONLY),
    # Each party takes off its own people: the lead's seat is not the partner's to remove.
    ("delete", "/api/v1/committee-members/{committee_member_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=204)
    ),
    ("get", "/api/v1/committees/{committee_id}/meetings"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/committees/{committee_id}/meetings"): Operation(
        API_CREATE, body(starts_at="2030-03-03T14:00:00+00:00", time_zone="Europe/London")
    ),
    ("get", "/api/v1/meetings/{meeting_id}"): Operation(API_SCOPED_READ),
    # The meeting in the path has been held: it can no longer be moved or called off.
    ("patch", "/api/v1/meetings/{meeting_id}"): Operation(API_TOO_LATE, body(location="Oslo")),
    ("post", "/api/v1/meetings/{meeting_id}/cancel"): Operation(API_TOO_LATE),
    ("post", "/api/v1/meetings/{meeting_id}/agenda"): Operation(API_CREATE, body(title="AOB")),
    # Either party may dispute a category once: the partner does, the lead is told it stands.
    ("post", "/api/v1/agenda-items/{agenda_item_id}/category-dispute"): Operation(
        PARTNER_THEN_LEAD, body(category="ip", reason="It licenses a patent family.")
    ),
    # The partner takes the item off; it is gone when the lead tries.
    ("delete", "/api/v1/agenda-items/{agenda_item_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=204, lead=404)
    ),
    ("put", "/api/v1/meetings/{meeting_id}/attendance"): Operation(
        API_WRITE, lambda w: {"present_member_ids": [w.objects["gov_lead_seat"].pk]}
    ),
    # Each party casts its own vote: the partner cannot cast the lead's.
    ("post", "/api/v1/meetings/{meeting_id}/decisions"): Operation(
        FOR_THE_LEAD_CREATE,
        lambda w: {"title": "Adopt the plan", "votes": _lead_vote(w), **signed_vote("for")},
    ),
    ("post", "/api/v1/meetings/{meeting_id}/deferrals"): Operation(
        API_CREATE, body(title="Budget", note="Until the forecast is in")
    ),
    ("post", "/api/v1/meetings/{meeting_id}/minutes"): Operation(API_WRITE, body(body="Minutes")),
    ("post", "/api/v1/minutes/{minutes_id}/circulate"): Operation(PARTNER_THEN_LEAD),
    # Only a later quorate meeting approves minutes; the scheduled one has not been held.
    ("post", "/api/v1/minutes/{minutes_id}/approve"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        lambda w: {"at_meeting_id": w.objects["gov_meeting"].pk, **signed()},
    ),
    # The minutes are a draft: comments wait for circulation, corrections for approval.
    ("post", "/api/v1/minutes/{minutes_id}/comments"): Operation(
        API_TOO_LATE, body(body="Item 2 is missing.")
    ),
    ("post", "/api/v1/minutes/{minutes_id}/corrections"): Operation(
        API_TOO_LATE, body(body="Corrected minutes", note="Item 2 added")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/decisions"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/committees/{committee_id}/decisions"): Operation(
        API_CREATE, body(title="Extend the term", text="By a year.")
    ),
    ("get", "/api/v1/decisions/{decision_id}"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/decisions/{decision_id}/votes"): Operation(
        FOR_THE_LEAD,
        lambda w: {"vote": "for", "party_id": w.objects["party"].pk, **signed_vote("for")},
    ),
    ("get", "/api/v1/alliances/{alliance_id}/actions"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/actions"): Operation(
        API_CREATE, lambda w: {"title": "Call", "owner_id": lead_of(w).pk, "due_on": "2030-01-01"}
    ),
    ("patch", "/api/v1/actions/{action_item_id}"): Operation(API_WRITE, body(status="done")),
    ("get", "/api/v1/alliances/{alliance_id}/concerns"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/concerns"): Operation(
        API_CREATE, body(title="Worry", visibility="private")
    ),
    ("get", "/api/v1/concerns/{concern_id}"): Operation(API_SCOPED_READ),
    # The concern is shared already.
    ("post", "/api/v1/concerns/{concern_id}/share"): Operation(API_TOO_LATE),
    # The partner puts it on the meeting's agenda; the lead finds it there already.
    ("post", "/api/v1/concerns/{concern_id}/agenda"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        lambda w: {"meeting_id": w.objects["gov_meeting"].pk},
    ),
    ("post", "/api/v1/concerns/{concern_id}/resolve"): Operation(
        PARTNER_THEN_LEAD, body(resolution="Reports now come weekly")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/escalations"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/escalations"): Operation(
        API_CREATE,
        lambda w: {"committee_id": w.objects["gov_committee"].pk, "title": "Budget dispute"},
    ),
    # The executives' period is running: nobody hurries it to the next rung alone.
    ("post", "/api/v1/escalations/{escalation_id}/advance"): Operation(API_TOO_LATE),
    # A joint act of the executives, each party's own: the body names the lead's party, so the
    # partner's executive is refused for acting in its name (its own act is in the service tests).
    ("post", "/api/v1/escalations/{escalation_id}/resolve"): Operation(
        FOR_THE_LEAD, lambda w: {"resolution": "Agreed", "party_id": w.objects["party"].pk}
    ),
    ("post", "/api/v1/escalations/{escalation_id}/move-on"): Operation(
        FOR_THE_LEAD, lambda w: {"party_id": w.objects["party"].pk}
    ),
    ("get", "/api/v1/escalations/{escalation_id}"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/escalations/{escalation_id}/withdraw"): Operation(
        API_OWN_PARTY_ONLY, body(note="Settled between the teams")
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "committee_id": lambda w: w.objects["gov_committee"].pk,
    "committee_member_id": lambda w: w.objects["gov_lead_seat"].pk,
    "agenda_item_id": lambda w: w.objects["gov_agenda_item"].pk,
    "concern_id": lambda w: w.objects["gov_concern"].pk,
    "charter_id": lambda w: w.objects["gov_charter"].pk,
    "meeting_id": lambda w: w.objects["gov_held_meeting"].pk,
    "minutes_id": lambda w: w.objects["gov_minutes"].pk,
    "decision_id": lambda w: w.objects["gov_decision"].pk,
    "action_item_id": lambda w: w.objects["gov_action"].pk,
    "escalation_id": lambda w: w.objects["gov_escalation"].pk,
}
