"""The executives' rung: each party's executive agreeing to move on early or to a resolution,
a joint act of every party; and resolving an escalation."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from concord.alliances.models import Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted, acting_party
from concord.governance.models import (
    Charter,
    Escalation,
    ExecutiveAct,
)
from concord.governance.services._base import (
    accepted_parties,
    charter_in_force,
    membership_of,
    party_of,
)
from concord.governance.services.escalations import Level, _move, _next
from concord.orgs.models import User

EXECUTIVE_RULE = (
    "At the executives' rung a party acts through the executives its charter names (or, where "
    "the charter names none of that party's people, its executive sponsors and alliance managers)."
)


def _is_executive(actor: User, party: Party, charter: Charter) -> bool:
    """One of the party's executives for this charter."""
    named = set(
        charter.executives.filter(membership__organisation_id=party.organisation_id).values_list(
            "pk", flat=True
        )
    )
    if named:
        return actor.pk in named
    membership = actor.membership
    return membership.can_sign_gates or membership.can_manage_alliances


def _executive_party(actor: User, escalation: Escalation, party_id: int | None) -> Party:
    """The party an executive acts for at the executives' rung: their own, never another's."""
    party_of(actor, escalation.alliance)
    charter = charter_in_force(escalation.committee)
    if escalation.level != Level.EXECUTIVES:
        raise invalid("escalation", "Only at the executives' rung do the executives act on it.")
    return acting_party(
        actor,
        accepted_parties(escalation.alliance),
        may_act=lambda person, party: _is_executive(person, party, charter),
        role_rule=EXECUTIVE_RULE,
        named_party_id=party_id,
    )


def executive_joint_act(escalation: Escalation, purpose: str) -> JointAct:
    """The parties' executives' acts of one purpose (move on, resolve) as a joint act; a
    resolution act's answer is its wording, since the parties must agree the same words."""
    acts = ExecutiveAct.objects.unscoped().filter(escalation=escalation, purpose=purpose)
    return JointAct.of(
        [p.pk for p in accepted_parties(escalation.alliance)],
        (PartyAct(a.party_id, a.resolution, a.acted_by_id, a.acted_at) for a in acts),
    )


def _executive_audit(
    actor: User,
    party: Party,
    escalation: Escalation,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action="escalation.executive_act",
        obj=escalation,
        organisation=party.organisation,
        alliance=escalation.alliance,
        summary=summary,
        before=before,
        after=after,
    )


@transaction.atomic
def escalation_executive_move_on(
    *, actor: User, escalation: Escalation, party_id: int | None = None
) -> Escalation:
    """A party's executive agrees to end the executives' period early. A joint act: the matter
    moves to the next rung only when every party's executives have agreed."""
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=escalation.pk)
    if not escalation.is_open:
        raise invalid("escalation", "This escalation is closed.")
    party = _executive_party(actor, escalation, party_id)
    purpose = ExecutiveAct.Purpose.MOVE_ON
    act_admitted(executive_joint_act(escalation, purpose), party.pk, field="escalation")
    ExecutiveAct.objects.create(escalation=escalation, purpose=purpose, party=party, acted_by=actor)
    _executive_audit(
        actor,
        party,
        escalation,
        f"{actor} agreed for {party.organisation} to move “{escalation.title}” on from the "
        "executives before their period ends",
    )
    level = _next(escalation)
    if executive_joint_act(escalation, purpose).is_complete and level is not None:
        _move(escalation, level, actor, "Every party's executives agreed to move on early")
    return escalation


def _may_resolve(actor: User, escalation: Escalation, party: Party) -> None:
    membership = membership_of(actor)
    if not (membership.can_manage_alliances or membership.can_sign_gates):
        raise forbidden("Alliance managers and executive sponsors record resolutions.")
    if escalation.level == Level.FINAL_SAY:
        final_say = charter_in_force(escalation.committee).final_say_party_id
        if party.pk != final_say:
            raise forbidden("At this rung the party with final say decides.")


@transaction.atomic
def escalation_resolve(
    *, actor: User, escalation: Escalation, resolution: str, party_id: int | None = None
) -> Escalation:
    """Record how the matter was resolved. At the executives' rung a resolution is a joint act:
    each party's executive agrees to it as worded, and it is resolved only when every party has
    agreed the same words. At the final rung only the party with final say may resolve."""
    party = party_of(actor, escalation.alliance)
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=escalation.pk)
    if not escalation.is_open:
        raise invalid("escalation", "This escalation is already closed.")
    if escalation.level == Level.EXECUTIVES:
        party = _executive_party(actor, escalation, party_id)
    else:
        _may_resolve(actor, escalation, party)
    if not resolution.strip():
        raise invalid("resolution", "Say how it was resolved.")
    if escalation.level == Level.EXECUTIVES:
        if not _executives_agree(actor, party, escalation, resolution.strip()):
            return escalation
    _resolve(actor, party, escalation, resolution.strip())
    return escalation


def _executives_agree(actor: User, party: Party, escalation: Escalation, wording: str) -> bool:
    """Record the party's executive agreeing to a resolution as worded (a new wording replaces
    the party's own earlier one, openly); whether every party now agrees the same words."""
    purpose = ExecutiveAct.Purpose.RESOLVE
    previous = executive_joint_act(escalation, purpose).act_of(party.pk)
    if previous is not None and previous.answer == wording:
        raise invalid("resolution", "Your party has already agreed to this wording.")
    ExecutiveAct.objects.unscoped().update_or_create(
        escalation=escalation,
        purpose=purpose,
        party=party,
        defaults={"resolution": wording, "acted_by": actor, "acted_at": clock.now()},
    )
    _executive_audit(
        actor,
        party,
        escalation,
        f"{actor} agreed for {party.organisation} to resolve “{escalation.title}”",
        before={"resolution": previous.answer} if previous else None,
        after={"resolution": wording},
    )
    joint = executive_joint_act(escalation, purpose)
    return joint.is_complete and set(joint.answers.values()) == {wording}


def _resolve(actor: User, party: Party, escalation: Escalation, resolution: str) -> None:
    escalation.status, escalation.resolved_at = Escalation.Status.RESOLVED, clock.now()
    escalation.resolution, escalation.resolved_by = resolution, actor
    escalation.save()
    audit_record(
        actor=actor,
        action="escalation.resolved",
        obj=escalation,
        organisation=party.organisation,
        alliance=escalation.alliance,
        summary=f"“{escalation.title}” resolved at {escalation.get_level_display().lower()}: {escalation.resolution}",
        after={"level": escalation.level, "resolution": escalation.resolution},
    )
