"""Shared goals as joint acts: one party proposes a wording (its own agreement), every other
party agrees or not through its own people; a change is a new version agreed the same way."""

from __future__ import annotations

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.goals.models import Goal, GoalAgreement, GoalVersion
from concord.goals.services._common import acting_manager, clean, manager_party
from concord.orgs.models import User


def _words(title: str, description: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    if not title:
        raise invalid("title", "Say what the goal is.")
    return title, description


@transaction.atomic
def goal_propose(*, actor: User, alliance: Alliance, title: str, description: str = "") -> Goal:
    """Propose a shared goal; the proposer's party agrees by proposing, the others answer."""
    membership, party = manager_party(actor, alliance)
    title, description = _words(title, description)
    goal = Goal(alliance=alliance, title=title, description=description)
    clean(goal)
    goal.save()
    version = _version_add(actor, goal, party, title, description, "")
    audit_record(
        actor=actor,
        action="goal.proposed",
        obj=goal,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} proposed the goal “{title}” for {party.organisation}",
        after={"title": title, "description": description, "version": version.number},
    )
    _settle(actor, version)
    return goal


@transaction.atomic
def goal_change_propose(
    *, actor: User, goal: Goal, title: str, description: str = "", reason: str = ""
) -> GoalVersion:
    """Propose a new wording of a goal: it holds once every party agrees to it again."""
    goal = Goal.objects.unscoped().select_for_update(of=("self",)).get(pk=goal.pk)
    membership, party = manager_party(actor, goal.alliance)
    title, description = _words(title, description)
    if not reason.strip():
        raise invalid("reason", "Say why the goal should change.")
    if GoalVersion.objects.unscoped().filter(goal=goal, status=GoalVersion.Status.PENDING).exists():
        raise invalid("goal", "A change of this goal is already awaiting agreement.")
    version = _version_add(actor, goal, party, title, description, reason.strip())
    audit_record(
        actor=actor,
        action="goal.change_proposed",
        obj=goal,
        organisation=membership.organisation,
        alliance=goal.alliance,
        summary=f"{actor} proposed version {version.number} of the goal “{goal.title}”",
        before={"title": goal.title, "description": goal.description},
        after={"title": title, "description": description, "reason": version.reason},
    )
    _settle(actor, version)
    return version


def _version_add(
    actor: User, goal: Goal, party: Party, title: str, description: str, reason: str
) -> GoalVersion:
    number = GoalVersion.objects.unscoped().filter(goal=goal).count() + 1
    version = GoalVersion(
        goal=goal,
        number=number,
        title=title,
        description=description,
        reason=reason,
        proposed_by=actor,
        proposing_party=party,
    )
    clean(version)
    version.save()
    GoalAgreement.objects.create(
        version=version, party=party, answer=GoalAgreement.Answer.AGREED, by=actor
    )
    return version


def goal_joint_act(version: GoalVersion) -> JointAct:
    """A goal's version as a joint act: every accepted party's own answer."""
    accepted = Party.objects.unscoped().filter(
        alliance_id=version.goal.alliance_id, status=Party.Status.ACCEPTED
    )
    answers = GoalAgreement.objects.unscoped().filter(version=version)
    return JointAct.of(
        accepted.values_list("pk", flat=True),
        (PartyAct(a.party_id, a.answer, a.by_id, a.at) for a in answers),
    )


def _answer(
    actor: User, version: GoalVersion, answer: str, comment: str, party_id: int | None
) -> GoalVersion:
    version = GoalVersion.objects.unscoped().select_for_update(of=("self",)).get(pk=version.pk)
    alliance = version.goal.alliance
    membership, party = acting_manager(actor, alliance, party_id)
    if not version.is_pending:
        raise invalid("version", "This version of the goal is no longer awaiting agreement.")
    act_admitted(
        goal_joint_act(version),
        party.pk,
        field="version",
        already="Your organisation has already answered this version of the goal.",
    )
    GoalAgreement.objects.create(
        version=version, party=party, answer=answer, comment=comment.strip(), by=actor
    )
    audit_record(
        actor=actor,
        action=f"goal.{answer}",
        obj=version.goal,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} {answer} version {version.number} of the goal “{version.title}” "
        f"for {party.organisation}",
        after={"version": version.number, "answer": answer, "comment": comment.strip()},
    )
    _settle(actor, version)
    return version


@transaction.atomic
def goal_version_agree(
    *, actor: User, version: GoalVersion, comment: str = "", party_id: int | None = None
) -> GoalVersion:
    """The actor's party agrees to this wording of the goal."""
    return _answer(actor, version, GoalAgreement.Answer.AGREED, comment, party_id)


@transaction.atomic
def goal_version_reject(
    *, actor: User, version: GoalVersion, comment: str = "", party_id: int | None = None
) -> GoalVersion:
    """The actor's party does not agree to this wording; the agreed one, if any, stands."""
    if not comment.strip():
        raise invalid("comment", "Say why your organisation does not agree.")
    return _answer(actor, version, GoalAgreement.Answer.REJECTED, comment, party_id)


def _settle(actor: User, version: GoalVersion) -> None:
    """Close the version once every party has answered, or at the first refusal."""
    joint = goal_joint_act(version)
    goal = version.goal
    refused = GoalAgreement.Answer.REJECTED in joint.answers.values()
    if not refused and not joint.all_answered(GoalAgreement.Answer.AGREED):
        return
    version.status = GoalVersion.Status.REJECTED if refused else GoalVersion.Status.AGREED
    version.closed_at = clock.now()
    version.save(update_fields=["status", "closed_at"])
    if refused:
        if not goal.version:
            goal.status = Goal.Status.REJECTED
            goal.save(update_fields=["status"])
        return
    goal.title, goal.description = version.title, version.description
    goal.version, goal.status, goal.agreed_at = version.number, Goal.Status.AGREED, clock.now()
    goal.save(update_fields=["title", "description", "version", "status", "agreed_at"])
    audit_record(
        actor=actor,
        action="goal.agreed_by_all",
        obj=goal,
        alliance=goal.alliance,
        summary=f"Every party agreed version {version.number} of the goal “{goal.title}”",
        after={"version": version.number, "title": goal.title},
    )
