"""Every write to alliances: creation, parties and teams, programmes, gates and notes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from concord.alliances import emails
from concord.alliances.models import (
    Alliance,
    Gate,
    GateSignoff,
    Note,
    PartnerInvitation,
    Party,
    Phase,
    PhaseTransition,
    Programme,
    TeamMember,
)
from concord.alliances.selectors import partner_invitation_for_token
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.core.signals import achievement
from concord.core.tenancy import PRIVATE, SHARED, organisation_of
from concord.core.tokens import new_secret
from concord.orgs.models import Membership, Organisation, User

ALLIANCE_FIELDS = ["name", "purpose", "alliance_type", "tier", "effective_date"]
PROGRAMME_FIELDS = ["asset_name", "modality", "therapeutic_area", "indication", "stage"]


def _membership(actor: User) -> Membership:
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    return membership


def _require_manager(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.can_manage_alliances:
        raise forbidden("Only alliance managers and admins can do this.")
    return membership


def _own_party(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's side of an alliance it has joined: the editable_by() rule."""
    if not Alliance.objects.editable_by(actor).filter(pk=alliance.pk).exists():
        raise forbidden(
            "Your organisation has not joined this alliance, or your role is read-only."
        )
    return (
        Party.objects.unscoped()
        .select_related("organisation")
        .get(alliance=alliance, organisation=organisation_of(actor))
    )


def _verify_in_scope(actor: User, alliance: Alliance) -> None:
    """Write-then-verify: the change must not have moved the alliance out of the actor's sight."""
    if not Alliance.objects.visible_to(actor).filter(pk=alliance.pk).exists():
        raise forbidden("That change would take the alliance out of your organisation's reach.")


def _touch(alliance: Alliance) -> None:
    alliance.updated_at = clock.now()
    alliance.save(update_fields=["updated_at"])


def _clean(instance: Any, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


@transaction.atomic
def alliance_create(
    *,
    actor: User,
    name: str,
    effective_date: datetime.date,
    purpose: str = "",
    alliance_type: str = Alliance.Type.RESEARCH,
    tier: str = Alliance.Tier.CORE,
    programmes: list[dict[str, Any]] | None = None,
) -> Alliance:
    """Create an alliance in the proposed state, with the actor's organisation as first party."""
    membership = _require_manager(actor)
    alliance = Alliance(
        name=name.strip(),
        purpose=purpose.strip(),
        alliance_type=alliance_type,
        tier=tier,
        effective_date=effective_date,
        created_by=actor,
    )
    _clean(alliance)
    alliance.save()
    party = Party.objects.create(
        alliance=alliance,
        organisation=membership.organisation,
        status=Party.Status.ACCEPTED,
        invited_by=actor,
        responded_at=clock.now(),
    )
    PhaseTransition.objects.create(alliance=alliance, phase=alliance.phase)
    audit_record(
        actor=actor,
        action="alliance.created",
        obj=alliance,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} created the alliance {alliance.name}",
        after=snapshot(alliance, [*ALLIANCE_FIELDS, "phase"]),
    )
    TeamMember.objects.create(party=party, user=actor, role=TeamMember.Role.LEAD)
    for programme in programmes or []:
        programme_add(actor=actor, alliance=alliance, **programme)
    _verify_in_scope(actor, alliance)
    return alliance


@dataclass
class Changes:
    """What an edit changed: each changed field's value before and after."""

    before: dict[str, Any]
    after: dict[str, Any]

    def __bool__(self) -> bool:
        return bool(self.after)

    def describe(self) -> str:
        return ", ".join(self.after)


def _apply_changes(record: Any, allowed: list[str], changes: dict[str, Any]) -> Changes:
    """Set the allowed fields on the record and validate it; unknown fields name themselves."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    before = snapshot(record, allowed)
    for field, value in changes.items():
        setattr(record, field, value.strip() if isinstance(value, str) else value)
    _clean(record)
    after = snapshot(record, allowed)
    changed = [field for field in allowed if before[field] != after[field]]
    return Changes({f: before[f] for f in changed}, {f: after[f] for f in changed})


@transaction.atomic
def alliance_update(*, actor: User, alliance: Alliance, **changes: Any) -> Alliance:
    """Edit the alliance's overview; the phase changes only through gates."""
    membership = _require_manager(actor)
    _own_party(actor, alliance)
    changed = _apply_changes(alliance, ALLIANCE_FIELDS, changes)
    if not changed:
        return alliance
    alliance.updated_at = clock.now()
    alliance.save()
    audit_record(
        actor=actor,
        action="alliance.updated",
        obj=alliance,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} changed {changed.describe()}",
        before=changed.before,
        after=changed.after,
    )
    _verify_in_scope(actor, alliance)
    return alliance


@transaction.atomic
def programme_add(
    *,
    actor: User,
    alliance: Alliance,
    asset_name: str,
    modality: str,
    therapeutic_area: str,
    indication: str,
    stage: str,
) -> Programme:
    """Name a programme (asset in an indication) the alliance works on."""
    membership = _require_manager(actor)
    _own_party(actor, alliance)
    programme = Programme(
        alliance=alliance,
        asset_name=asset_name.strip(),
        modality=modality,
        therapeutic_area=therapeutic_area,
        indication=indication.strip(),
        stage=stage,
    )
    _clean(programme)
    programme.save()
    audit_record(
        actor=actor,
        action="programme.added",
        obj=programme,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} added the programme {programme}",
        after=snapshot(programme, PROGRAMME_FIELDS),
    )
    _touch(alliance)
    return programme


@transaction.atomic
def programme_update(*, actor: User, programme: Programme, **changes: Any) -> Programme:
    """Edit a programme, for example when its stage advances."""
    membership = _require_manager(actor)
    alliance = programme.alliance
    _own_party(actor, alliance)
    changed = _apply_changes(programme, PROGRAMME_FIELDS, changes)
    if not changed:
        return programme
    programme.save()
    audit_record(
        actor=actor,
        action="programme.updated",
        obj=programme,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} updated the programme {programme}: {changed.describe()}",
        before=changed.before,
        after=changed.after,
    )
    _touch(alliance)
    return programme


@dataclass
class PartnerInvite:
    """The result of inviting a partner: a party (organisation on Concord) or an emailed link."""

    party: Party | None = None
    invitation: PartnerInvitation | None = None
    token: str = ""


@transaction.atomic
def party_invite(
    *,
    actor: User,
    alliance: Alliance,
    organisation: Organisation | None = None,
    email: str = "",
) -> PartnerInvite:
    """Invite a partner organisation: picked from Concord, or by its admin's email address."""
    membership = _require_manager(actor)
    _own_party(actor, alliance)
    if alliance.phase == Phase.TERMINATED:
        raise invalid("alliance", "A terminated alliance takes no new parties.")
    email = email.strip().lower()
    if organisation is None and email:
        organisation = _organisation_answered_for_by(email)
    if organisation is not None:
        party = _party_add(
            actor,
            membership.organisation,
            alliance,
            organisation,
            summary=f"{actor} invited {organisation} to the alliance",
        )
        return PartnerInvite(party=party)
    if not email:
        raise invalid("email", "Pick an organisation or give the email of its admin.")
    return _partner_invitation_create(actor, membership, alliance, email)


def _organisation_answered_for_by(email: str) -> Organisation | None:
    """The organisation whose active admin or alliance manager uses this address, if any."""
    people = Membership.objects.unscoped().filter(
        user__email__iexact=email, is_active=True, user__is_active=True
    )
    manager = people.filter(Q(is_admin=True) | Q(role=Membership.Role.ALLIANCE_MANAGER)).first()
    if manager is not None:
        return manager.organisation
    if people.exists():
        raise invalid(
            "email",
            "That person cannot answer for their organisation: give their admin's email "
            "or pick the organisation from the directory.",
        )
    return None


def _party_add(
    actor: User,
    acting_organisation: Organisation,
    alliance: Alliance,
    organisation: Organisation,
    *,
    summary: str,
    invited_by: User | None = None,
    notify: bool = True,
) -> Party:
    existing = Party.objects.unscoped().filter(alliance=alliance, organisation=organisation).first()
    if existing is not None and existing.status in Party.VISIBLE_STATUSES:
        raise invalid("organisation", f"{organisation} is already a party to this alliance.")
    party = existing or Party(alliance=alliance, organisation=organisation)
    party.status, party.invited_at = Party.Status.INVITED, clock.now()
    party.invited_by = invited_by or actor
    party.responded_at, party.decline_reason = None, ""
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError as error:  # a simultaneous invitation of the same organisation
        raise invalid(
            "organisation", f"{organisation} is already a party to this alliance."
        ) from error
    audit_record(
        actor=actor,
        action="alliance.party_invited",
        obj=party,
        organisation=acting_organisation,
        alliance=alliance,
        summary=summary,
        after={"organisation": organisation.name},
    )
    _set_status(actor, alliance)
    if notify:
        emails.send_party_invitation(party)
    return party


def _partner_invitation_create(
    actor: User, membership: Membership, alliance: Alliance, email: str
) -> PartnerInvite:
    token, token_hash = new_secret()
    invitation = PartnerInvitation(
        alliance=alliance,
        organisation=membership.organisation,
        email=email,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=clock.now() + timedelta(days=settings.CONCORD_INVITATION_DAYS),
    )
    _clean(invitation)
    invitation.save()
    audit_record(
        actor=actor,
        action="alliance.partner_emailed",
        obj=invitation,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} invited {email} to bring their organisation into the alliance",
        after={"email": email},
        visibility=PRIVATE,
    )
    emails.send_partner_signup_invitation(invitation, token)
    return PartnerInvite(invitation=invitation, token=token)


@transaction.atomic
def partner_invitation_redeem(*, actor: User, token: str) -> Party:
    """The newly signed-up organisation takes up its invitation: it becomes an invited party."""
    invitation = partner_invitation_for_token(token)
    if invitation is None:
        raise invalid("token", "This invitation link has expired or was already used.")
    membership = _require_manager(actor)
    if invitation.alliance.phase == Phase.TERMINATED:
        raise invalid("token", "The alliance this link invited you to has ended.")
    invitation.accepted_at = clock.now()
    invitation.save(update_fields=["accepted_at"])
    return _party_add(
        actor,
        membership.organisation,
        invitation.alliance,
        membership.organisation,
        summary=f"{membership.organisation} took up {invitation.invited_by}'s emailed invitation",
        invited_by=invitation.invited_by,
        notify=False,  # they are reading the invitation already
    )


@transaction.atomic
def party_invitation_withdraw(*, actor: User, party: Party) -> Party:
    """Any party that has joined withdraws a pending invitation, e.g. one it was not asked about."""
    membership = _require_manager(actor)
    _own_party(actor, party.alliance)
    party = (
        Party.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=party.pk)
    )
    if party.status != Party.Status.INVITED:
        raise invalid("party", "Only an invitation that has not been answered can be withdrawn.")
    party.status, party.responded_at = Party.Status.WITHDRAWN, clock.now()
    party.save(update_fields=["status", "responded_at"])
    audit_record(
        actor=actor,
        action="alliance.party_invitation_withdrawn",
        obj=party,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=f"{actor} withdrew the invitation of {party.organisation}",
        before={"status": Party.Status.INVITED},
        after={"status": party.status},
    )
    _set_status(actor, party.alliance)
    return party


def _set_status(actor: User, alliance: Alliance) -> None:
    """Proposed until every invited party has answered and two have accepted; then active for good.

    A party invited later joins an alliance already under way: it does not hold up gates.
    """
    alliance.updated_at = clock.now()
    alliance.save(update_fields=["updated_at"])
    if not alliance.is_proposed:
        return
    statuses = list(
        Party.objects.unscoped().filter(alliance=alliance).values_list("status", flat=True)
    )
    if statuses.count(Party.Status.ACCEPTED) < 2 or Party.Status.INVITED in statuses:
        return
    alliance.status = Alliance.Status.ACTIVE
    alliance.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="alliance.activated",
        obj=alliance,
        organisation=organisation_of(actor),
        alliance=alliance,
        summary="Every invited party has answered: the alliance is active",
        before={"status": Alliance.Status.PROPOSED},
        after={"status": Alliance.Status.ACTIVE},
    )


@transaction.atomic
def party_respond(*, actor: User, party: Party, accept: bool, reason: str = "") -> Party:
    """An invited organisation accepts the alliance, or declines it with a reason."""
    membership = _require_manager(actor)
    if party.organisation_id != membership.organisation_id:
        raise forbidden("Only the invited organisation can answer its invitation.")
    party = Party.objects.unscoped().select_for_update(of=("self",)).get(pk=party.pk)
    if party.status != Party.Status.INVITED:
        raise invalid("party", "This invitation has already been answered.")
    if not accept and not reason.strip():
        raise invalid("reason", "Say why your organisation declines.")
    party.status = Party.Status.ACCEPTED if accept else Party.Status.DECLINED
    party.responded_at = clock.now()
    party.decline_reason = "" if accept else reason.strip()
    _clean(party)
    party.save()
    if accept:
        TeamMember.objects.unscoped().get_or_create(
            party=party, user=actor, defaults={"role": TeamMember.Role.LEAD}
        )
    alliance = party.alliance
    verb = "accepted" if accept else "declined"
    audit_record(
        actor=actor,
        action=f"alliance.party_{verb}",
        obj=party,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{party.organisation} {verb} the alliance" + ("" if accept else f": {reason}"),
        after={"status": party.status},
    )
    _set_status(actor, alliance)
    emails.send_party_answer(party)
    return party


def _own_team(actor: User, party: Party) -> Membership:
    """The team-managing actor's membership, if `party` is their own organisation's side."""
    membership = _require_manager(actor)
    if party.organisation_id != membership.organisation_id:
        raise forbidden(
            f"Each party names its own team: only {party.organisation}'s people manage this one."
        )
    return membership


@transaction.atomic
def team_member_add(*, actor: User, party: Party, user: User, role: str) -> TeamMember:
    """A party names one of its own people to its alliance team."""
    membership = _own_team(actor, party)
    if not party.is_accepted:
        raise forbidden("Your organisation names its team once it has joined the alliance.")
    person = getattr(user, "membership", None)
    if person is not None and person.organisation_id != party.organisation_id:
        raise invalid(
            "user",
            f"{user} is one of {person.organisation}'s people: each party names its own team.",
        )
    if person is None or not person.is_active:
        raise invalid("user", "Choose an active colleague from your own organisation.")
    if TeamMember.objects.unscoped().filter(party=party, user=user).exists():
        raise invalid("user", f"{user} is already on the team.")
    member = TeamMember(party=party, user=user, role=role)
    _clean(member)
    member.save()
    audit_record(
        actor=actor,
        action="team.member_added",
        obj=member,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=f"{actor} added {user} to the {party.organisation} team as {member.get_role_display()}",
        after={"user": user.pk, "role": role},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: User, member: TeamMember) -> None:
    """A party takes one of its people off its alliance team."""
    party = member.party
    membership = _own_team(actor, party)
    audit_record(
        actor=actor,
        action="team.member_removed",
        obj=member,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=f"{actor} took {member.user} off the {party.organisation} team",
        before={"user": member.user_id, "role": member.role},
    )
    member.delete()


@transaction.atomic
def team_member_role_change(*, actor: User, member: TeamMember, role: str) -> TeamMember:
    """A party changes the role one of its own people has on its alliance team."""
    party = member.party
    membership = _own_team(actor, party)
    before = member.role
    member.role = role
    _clean(member)
    if role == before:
        return member
    member.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="team.member_role_changed",
        obj=member,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=(
            f"{actor} made {member.user} {member.get_role_display()} on the "
            f"{party.organisation} team"
        ),
        before={"role": before},
        after={"role": role},
    )
    return member


@transaction.atomic
def gate_propose(*, actor: User, alliance: Alliance, to_phase: str, rationale: str) -> Gate:
    """Propose a phase change; a proposer who may sign gates signs for their party at once."""
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
    if membership.can_sign_gates:
        _signoff_record(actor, membership, gate, party, GateSignoff.Decision.SIGNED, "")
    emails.send_gate_proposed(gate)
    return gate


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
def gate_sign(*, actor: User, gate: Gate) -> Gate:
    """Sign off a gate for the actor's party: recommit to the alliance in its next phase."""
    gate = Gate.objects.unscoped().select_for_update(of=("self",)).get(pk=gate.pk)
    membership, party = _signer(actor, gate)
    _signoff_record(actor, membership, gate, party, GateSignoff.Decision.SIGNED, "")
    return gate


@transaction.atomic
def gate_decline(*, actor: User, gate: Gate, reason: str) -> Gate:
    """Decline a gate with a reason; the alliance stays in its phase."""
    gate = Gate.objects.unscoped().select_for_update(of=("self",)).get(pk=gate.pk)
    membership, party = _signer(actor, gate)
    if not reason.strip():
        raise invalid("reason", "Say why your organisation declines this gate.")
    _signoff_record(actor, membership, gate, party, GateSignoff.Decision.DECLINED, reason.strip())
    return gate


def _signoff_record(
    actor: User, membership: Membership, gate: Gate, party: Party, decision: str, reason: str
) -> None:
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


@transaction.atomic
def note_create(
    *, actor: User, alliance: Alliance, title: str, body: str, visibility: str = PRIVATE
) -> Note:
    """Write a note on the alliance, shared with all parties or private to the actor's side."""
    membership = _membership(actor)
    if membership.is_read_only:
        raise forbidden("Viewers cannot write notes.")
    _own_party(actor, alliance)
    if visibility not in (SHARED, PRIVATE):
        raise invalid("visibility", "Choose shared or private.")
    note = Note(
        alliance=alliance,
        organisation=membership.organisation,
        author=actor,
        title=title.strip(),
        body=body.strip(),
        visibility=visibility,
    )
    _clean(note)
    note.save()
    audit_record(
        actor=actor,
        action="note.created",
        obj=note,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} wrote the {visibility} note “{note.title}”",
        after={"title": note.title, "visibility": visibility},
        visibility=visibility,
    )
    return note
