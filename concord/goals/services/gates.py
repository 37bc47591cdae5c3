"""Goals at a gate: at every phase change each party reviews the goals with their KPIs, through
its own people, and either confirms them or proposes a change."""

from __future__ import annotations

from django.db import transaction

from concord.alliances.models import Gate, Party
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.goals.emails import send_gate_goals_reviewed
from concord.goals.models import GateGoalReview, Goal
from concord.goals.services._common import acting_manager
from concord.orgs.models import User


def gate_review_joint_act(gate: Gate) -> JointAct:
    """The goals' review at a gate as a joint act: every accepted party's own answer."""
    accepted = Party.objects.unscoped().filter(
        alliance_id=gate.alliance_id, status=Party.Status.ACCEPTED
    )
    reviews = GateGoalReview.objects.unscoped().filter(gate=gate)
    return JointAct.of(
        accepted.values_list("pk", flat=True),
        (PartyAct(r.party_id, r.answer, r.by_id, r.at) for r in reviews),
    )


def _goal_of(gate: Gate, goal_id: int | None) -> Goal | None:
    if goal_id is None:
        return None
    goal = Goal.objects.unscoped().filter(pk=goal_id, alliance_id=gate.alliance_id).first()
    if goal is None:
        raise invalid("goal_id", "Choose one of this alliance's goals.")
    return goal


@transaction.atomic
def gate_goals_review(
    *,
    actor: User,
    gate: Gate,
    answer: str,
    comment: str = "",
    goal_id: int | None = None,
    party_id: int | None = None,
) -> GateGoalReview:
    """The actor's party confirms the goals and KPIs at a pending gate, or proposes a change
    (saying what should change); complete once every party has answered for itself."""
    gate = Gate.objects.unscoped().select_for_update(of=("self",)).get(pk=gate.pk)
    membership, party = acting_manager(actor, gate.alliance, party_id)
    if not gate.is_pending:
        raise invalid("gate", "This gate has been decided; the goals are reviewed at the next one.")
    if answer not in GateGoalReview.Answer.values:
        raise invalid("answer", "Confirm the goals, or propose a change.")
    comment = comment.strip()
    if answer == GateGoalReview.Answer.CHANGE and not comment:
        raise invalid("comment", "Say what should change, and why.")
    act_admitted(
        gate_review_joint_act(gate),
        party.pk,
        field="gate",
        already="Your organisation has already reviewed the goals at this gate.",
    )
    review = GateGoalReview.objects.create(
        gate=gate,
        party=party,
        answer=answer,
        goal=_goal_of(gate, goal_id),
        comment=comment,
        by=actor,
    )
    what = (
        "confirmed the goals" if answer == GateGoalReview.Answer.CONFIRMED else "proposed a change"
    )
    audit_record(
        actor=actor,
        action=f"goal.gate_{answer}",
        obj=gate,
        organisation=membership.organisation,
        alliance=gate.alliance,
        summary=f"{actor} {what} at the gate {gate} for {party.organisation}",
        after={"answer": answer, "goal": review.goal_id, "comment": comment},
    )
    send_gate_goals_reviewed(review)
    joint = gate_review_joint_act(gate)
    if joint.is_complete:
        audit_record(
            actor=actor,
            action="goal.gate_reviewed_by_all",
            obj=gate,
            alliance=gate.alliance,
            summary=f"Every party reviewed the goals at the gate {gate}",
            after={"answers": {str(pk): said for pk, said in joint.answers.items()}},
        )
    return review
