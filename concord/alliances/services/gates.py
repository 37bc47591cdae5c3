"""Phase gates: proposing, signing, declining, passing and reminding."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction

from concord.alliances import emails
from concord.alliances.models import (
    Alliance,
    Gate,
    GateSignoff,
    Party,
    Phase,
    PhaseTransition,
)
from concord.alliances.services._common import _clean, _membership, _own_party, _touch
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.core.signals import achievement
from concord.core.signatures import Meaning, sign
from concord.core.tenancy import organisation_of
from concord.orgs.models import Membership, User


@transaction.atomic
def gate_propose(
    *,
    actor: User,
    alliance: Alliance,
    to_phase: str,
    rationale: str,
    password: str = "",
    meaning: str = "",
    code: str = "",
) -> Gate:
    """Propose a phase change; a proposer who may sign gates and gives their password signs
    for their party at once (an electronic signature), otherwise their party signs later."""
    membership = _membership(actor)
    if not (membership.can_manage_alliances or membership.can_sign_gates):
        raise forbidden("Only alliance managers and executive sponsors can propose a gate.")
    party = _own_party(actor, alliance)
    if alliance.is_proposed:
        raise invalid("alliance", "Every invited party must accept the alliance before a gate.")
    if alliance.phase == Phase.TERMINATED:
        raise invalid("to_phase", "A terminated alliance has no further phases.")
    if to_phase not in Phase.values or to_phase == alliance.phase:
        raise invalid("to_phase", "Choose a phase other than the current one.")
    if not rationale.strip():
        raise invalid("rationale", "Explain why the alliance should move phase.")
    if Gate.objects.unscoped().filter(alliance=alliance, status=Gate.Status.PENDING).exists():
        raise invalid("alliance", "A gate is already pending; answer or withdraw it first.")
    gate = Gate(
        alliance=alliance,
        from_phase=alliance.phase,
        to_phase=to_phase,
        rationale=rationale.strip(),
        proposed_by=actor,
        proposing_party=party,
    )
    _clean(gate)
    try:
        with transaction.atomic():
            gate.save()
    except IntegrityError as error:  # another gate was proposed at the same moment
        raise invalid(
            "alliance", "A gate is already pending; answer or withdraw it first."
        ) from error
    audit_record(
        actor=actor,
        action="gate.proposed",
        obj=gate,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} proposed moving to {gate.get_to_phase_display()}",
        after={"from_phase": gate.from_phase, "to_phase": to_phase, "rationale": gate.rationale},
    )
    _touch(alliance)
    if membership.can_sign_gates and (password or meaning or code):
        signature = {"password": password, "meaning": meaning, "code": code}
        _signoff_record(actor, membership, gate, party, GateSignoff.Decision.SIGNED, "", signature)
    emails.send_gate_proposed(gate)
    return gate


# A sign-off is signed as an approval of the phase change, a refusal as its rejection.
GATE_MEANINGS: dict[str, tuple[str, ...]] = {
    GateSignoff.Decision.SIGNED: (Meaning.APPROVE,),
    GateSignoff.Decision.DECLINED: (Meaning.REJECT,),
}


def _signer(actor: User, gate: Gate) -> tuple[Membership, Party]:
    membership = _membership(actor)
    if not membership.can_sign_gates:
        raise forbidden("Only alliance managers and executive sponsors sign gates.")
    party = _own_party(actor, gate.alliance)
    if not gate.is_pending:
        raise invalid("gate", "This gate is no longer pending.")
    act_admitted(
        gate_joint_act(gate),
        party.pk,
        field="gate",
        already="Your organisation has already answered this gate.",
    )
    return membership, party


def gate_joint_act(gate: Gate) -> JointAct:
    """A gate as a joint act: every accepted party's own sign-off (or refusal)."""
    accepted = Party.objects.unscoped().filter(alliance=gate.alliance, status=Party.Status.ACCEPTED)
    signoffs = GateSignoff.objects.unscoped().filter(gate=gate)
    return JointAct.of(
        accepted.values_list("pk", flat=True),
        (PartyAct(s.party_id, s.decision, s.signed_by_id, s.signed_at) for s in signoffs),
    )


@transaction.atomic
def gate_sign(
    *, actor: User, gate: Gate, password: str = "", meaning: str = "", code: str = ""
) -> Gate:
    """Sign off a gate for the actor's party: recommit to the alliance in its next phase. The
    sign-off is an electronic signature: the signer's password, re-entered, and its meaning."""
    gate = Gate.objects.unscoped().select_for_update(of=("self",)).get(pk=gate.pk)
    membership, party = _signer(actor, gate)
    signature = {"password": password, "meaning": meaning, "code": code}
    _signoff_record(actor, membership, gate, party, GateSignoff.Decision.SIGNED, "", signature)
    return gate


@transaction.atomic
def gate_decline(
    *,
    actor: User,
    gate: Gate,
    reason: str,
    password: str = "",
    meaning: str = "",
    code: str = "",
) -> Gate:
    """Decline a gate with a reason, signed as a rejection; the alliance stays in its phase."""
    gate = Gate.objects.unscoped().select_for_update(of=("self",)).get(pk=gate.pk)
    membership, party = _signer(actor, gate)
    if not reason.strip():
        raise invalid("reason", "Say why your organisation declines this gate.")
    signature = {"password": password, "meaning": meaning, "code": code}
    decision = GateSignoff.Decision.DECLINED
    _signoff_record(actor, membership, gate, party, decision, reason.strip(), signature)
    return gate


def gate_content(gate: Gate, decision: str, reason: str) -> dict[str, Any]:
    """What a party signs when it answers a gate: the phase change, its rationale, its answer."""
    return {
        "gate": gate.pk,
        "alliance": gate.alliance_id,
        "from_phase": gate.from_phase,
        "to_phase": gate.to_phase,
        "rationale": gate.rationale,
        "decision": decision,
        "reason": reason,
    }


def _signoff_record(
    actor: User,
    membership: Membership,
    gate: Gate,
    party: Party,
    decision: str,
    reason: str,
    signature: dict[str, str],
) -> None:
    verb = "Signed off" if decision == GateSignoff.Decision.SIGNED else "Declined"
    sign(
        actor=actor,
        subject=gate,
        alliance=gate.alliance,
        statement=f"{verb} the gate from {gate.get_from_phase_display()} to "
        f"{gate.get_to_phase_display()} for {party.organisation}",
        content=gate_content(gate, decision, reason),
        meanings=GATE_MEANINGS[decision],
        **signature,
    )
    GateSignoff.objects.create(
        gate=gate, party=party, signed_by=actor, decision=decision, reason=reason
    )
    audit_record(
        actor=actor,
        action=f"gate.{decision}",
        obj=gate,
        organisation=membership.organisation,
        alliance=gate.alliance,
        summary=f"{actor} {decision} the gate to {gate.get_to_phase_display()} for {party.organisation}"
        + (f": {reason}" if reason else ""),
        after={"decision": decision, "reason": reason},
    )
    if decision == GateSignoff.Decision.DECLINED:
        _gate_close(actor, gate, Gate.Status.DECLINED)
        emails.send_gate_closed(gate)
        return
    if gate_joint_act(gate).all_answered(GateSignoff.Decision.SIGNED):
        _gate_pass(actor, gate)


def _gate_pass(actor: User, gate: Gate) -> None:
    alliance = gate.alliance
    before = {"phase": alliance.phase}
    alliance.phase = gate.to_phase
    alliance.updated_at = clock.now()
    alliance.save(update_fields=["phase", "updated_at"])
    PhaseTransition.objects.create(alliance=alliance, phase=gate.to_phase, gate=gate)
    _gate_close(actor, gate, Gate.Status.PASSED)
    audit_record(
        actor=actor,
        action="alliance.phase_changed",
        obj=alliance,
        organisation=organisation_of(actor),
        alliance=alliance,
        summary=f"Every party signed: the alliance is now in {alliance.get_phase_display()}",
        before=before,
        after={"phase": alliance.phase},
    )
    emails.send_gate_closed(gate)
    achievement.send(
        sender=Gate,
        alliance=alliance,
        kind="gate_passed",
        title=f"Gate passed: {alliance.name} moved into {alliance.get_phase_display()}",
        actor=actor,
        source=gate,
    )


def _gate_close(actor: User, gate: Gate, status: str) -> None:
    gate.status, gate.closed_at = status, clock.now()
    gate.save(update_fields=["status", "closed_at"])


@transaction.atomic
def gate_withdraw(*, actor: User, gate: Gate) -> Gate:
    """The proposing party withdraws its pending gate."""
    gate = Gate.objects.unscoped().select_for_update(of=("self",)).get(pk=gate.pk)
    membership = _membership(actor)
    party = _own_party(actor, gate.alliance)
    if gate.proposing_party_id != party.pk or not (
        membership.can_manage_alliances or membership.can_sign_gates
    ):
        raise forbidden("Only the proposing party's managers can withdraw a gate.")
    if not gate.is_pending:
        raise invalid("gate", "This gate is no longer pending.")
    _gate_close(actor, gate, Gate.Status.WITHDRAWN)
    audit_record(
        actor=actor,
        action="gate.withdrawn",
        obj=gate,
        organisation=membership.organisation,
        alliance=gate.alliance,
        summary=f"{actor} withdrew the gate to {gate.get_to_phase_display()}",
    )
    return gate


GATE_REMINDER_INTERVAL = timedelta(days=7)


def gate_reminders_send() -> int:
    """Remind parties that have not answered a gate pending for a week, at most weekly."""
    due_before = clock.now() - GATE_REMINDER_INTERVAL
    pending = Gate.objects.unscoped().filter(status=Gate.Status.PENDING, created_at__lte=due_before)
    due = pending.exclude(reminded_at__gt=due_before).values_list("pk", flat=True)
    return sum(_gate_remind(pk, due_before) for pk in list(due))


@transaction.atomic
def _gate_remind(gate_pk: int, due_before: datetime.datetime) -> bool:
    # Re-read under a lock so two sweeps running at once send one reminder, not two.
    gate = (
        Gate.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=gate_pk)
    )
    if not gate.is_pending or (gate.reminded_at and gate.reminded_at > due_before):
        return False
    gate.reminded_at = clock.now()
    gate.save(update_fields=["reminded_at"])
    waiting = emails.send_gate_reminder(gate)
    audit_record(
        actor=None,
        action="gate.reminded",
        obj=gate,
        alliance=gate.alliance,
        summary=f"Reminded {', '.join(waiting) or 'nobody'} to answer the gate to {gate.get_to_phase_display()}",
    )
    return True
