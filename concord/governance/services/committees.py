"""Committees, their members and their charters: every write, with its role rule and audit event."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, models, transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.governance import emails
from concord.governance.models import (
    Charter,
    CharterApproval,
    Committee,
    CommitteeMember,
    Decision,
    DecisionVote,
    MatterCategory,
)
from concord.governance.services._base import (
    accepted_parties,
    charter_in_force,
    clean,
    manager_party,
    people_of,
)
from concord.orgs.models import User

DEFAULT_NAMES: dict[str, str] = {
    Committee.Kind.JSC: "Joint steering committee",
    Committee.Kind.JDC: "Joint development committee",
    Committee.Kind.JCC: "Joint commercialisation committee",
    Committee.Kind.JPC: "Joint patent committee",
    Committee.Kind.JRC: "Joint research committee",
}

# What typical collaboration agreements say; each value is the charter's to change.
DEFAULT_SCOPE = (
    "Oversee the collaboration; approve the research and development plans and their budgets; "
    "monitor progress against milestones; form working teams; resolve matters referred by them."
)
DEFAULT_OUT_OF_SCOPE = (
    "Amend the agreement; waive a party's rights; decide matters the agreement reserves to one "
    "party."
)
DEFAULT_CARVE_OUTS = "Amending the research plan\nIncreasing the budget\nTerminating a programme"
DEFAULT_CARVE_OUT_CATEGORIES = ("plan", "termination")


def committee_default(kind: str, field_name: str) -> Any:
    if field_name == "scope":
        return DEFAULT_SCOPE if kind == Committee.Kind.JSC else ""
    if field_name == "out_of_scope":
        return DEFAULT_OUT_OF_SCOPE
    if field_name == "carve_outs":
        return DEFAULT_CARVE_OUTS
    if field_name == "carve_out_categories":
        return list(DEFAULT_CARVE_OUT_CATEGORIES)
    field = Charter._meta.get_field(field_name)
    return field.get_default() if isinstance(field, models.Field) else None


def _charter_values(charter: Charter) -> dict[str, Any]:
    values = snapshot(charter, [f for f in Charter.RULE_FIELDS if f != "final_say_party"])
    values["final_say_party"] = charter.final_say_party_id
    values["executives"] = sorted(u.pk for u in charter.executives.all())
    return values


def _check_people(alliance: Alliance, field: str, people: list[User]) -> None:
    parties = accepted_parties(alliance)
    allowed = set(
        User.objects.filter(people_of(parties), pk__in=[p.pk for p in people]).values_list(
            "pk", flat=True
        )
    )
    if any(person.pk not in allowed for person in people):
        raise invalid(field, "Choose active people of the alliance's parties.")


def _check_carve_out_rules(charter: Charter) -> None:
    """Carve-outs are rules the system applies: known matter categories, and a budget threshold
    that says its currency (money is never compared across currencies)."""
    categories = charter.carve_out_categories
    if not isinstance(categories, list) or not set(categories) <= set(MatterCategory.values):
        raise invalid("carve_out_categories", "Choose among the matter categories.")
    charter.carve_out_categories = sorted(set(categories))
    amount, currency = charter.budget_carve_out_above, charter.budget_carve_out_currency
    if amount is not None and not re.fullmatch(r"[A-Z]{3}", currency):
        raise invalid("budget_carve_out_currency", "Give the threshold's ISO 4217 currency code.")
    if amount is None and currency:
        raise invalid("budget_carve_out_above", "Give the amount above which it is a carve-out.")


def _check_final_say(alliance: Alliance, party: Party | None) -> None:
    if party is not None and party.pk not in {p.pk for p in accepted_parties(alliance)}:
        raise invalid("final_say_party", "Choose a party that has joined the alliance.")


@transaction.atomic
def committee_create(
    *,
    actor: User,
    alliance: Alliance,
    kind: str = Committee.Kind.JSC,
    name: str = "",
    reports_to: Committee | None = None,
    executives: list[User] | None = None,
    **rules: Any,
) -> Committee:
    """Set up a committee with its first charter, in force at once: the agreement already binds
    the parties to it. Values not given take the defaults of typical agreements."""
    party = manager_party(actor, alliance)
    if alliance.is_proposed:
        raise invalid("alliance", "Every invited party must accept the alliance first.")
    if reports_to is not None and reports_to.alliance_id != alliance.pk:
        raise invalid("reports_to", "Choose a committee of this alliance.")
    committee = Committee(
        alliance=alliance,
        kind=kind,
        name=(name or DEFAULT_NAMES.get(kind, "")).strip(),
        reports_to=reports_to,
        created_by=actor,
    )
    clean(committee)
    if Committee.objects.unscoped().filter(alliance=alliance, name=committee.name).exists():
        raise invalid("name", "The alliance already has a committee of this name.")
    committee.save()
    charter = _new_charter(actor, party, committee, 1, rules, executives or [])
    charter.status, charter.in_force_from = Charter.Status.IN_FORCE, clock.now()
    charter.save(update_fields=["status", "in_force_from"])
    audit_record(
        actor=actor,
        action="committee.created",
        obj=committee,
        organisation=party.organisation,
        alliance=alliance,
        summary=f"{actor} set up the {committee.name} with its charter",
        after={"kind": kind, "name": committee.name, "charter": _charter_values(charter)},
    )
    return committee


def _new_charter(
    actor: User,
    party: Party,
    committee: Committee,
    version: int,
    rules: dict[str, Any],
    executives: list[User],
) -> Charter:
    unknown = set(rules) - set(Charter.RULE_FIELDS) - {"rationale"}
    if unknown:
        raise invalid(sorted(unknown)[0], "This is not a charter rule.")
    values = {f: committee_default(committee.kind, f) for f in Charter.RULE_FIELDS}
    values |= {k: v.strip() if isinstance(v, str) else v for k, v in rules.items()}
    charter = Charter(
        committee=committee,
        version=version,
        proposed_by=actor,
        proposing_party=party,
        **values,
    )
    clean(charter)
    _check_carve_out_rules(charter)
    _check_final_say(committee.alliance, charter.final_say_party)
    _check_people(committee.alliance, "executives", executives)
    charter.save()
    charter.executives.set(executives)
    return charter


@transaction.atomic
def committee_update(
    *, actor: User, committee: Committee, name: str, reports_to: Committee | None
) -> Committee:
    """Rename a committee or change whom it reports to (its rules change through the charter)."""
    party = manager_party(actor, committee.alliance)
    if reports_to is not None and (
        reports_to.alliance_id != committee.alliance_id or _reports_through(reports_to, committee)
    ):
        raise invalid("reports_to", "Choose another committee of this alliance, not one below it.")
    before = snapshot(committee, ["name", "reports_to"])
    committee.name, committee.reports_to = name.strip(), reports_to
    clean(committee)
    clash = Committee.objects.unscoped().filter(alliance=committee.alliance_id, name=committee.name)
    if clash.exclude(pk=committee.pk).exists():
        raise invalid("name", "The alliance already has a committee of this name.")
    committee.save()
    audit_record(
        actor=actor,
        action="committee.updated",
        obj=committee,
        organisation=party.organisation,
        alliance=committee.alliance,
        summary=f"{actor} updated the {committee.name}",
        before=before,
        after=snapshot(committee, ["name", "reports_to"]),
    )
    return committee


def _reports_through(candidate: Committee, committee: Committee) -> bool:
    """Whether `candidate` is `committee` or sits below it: a loop in the reporting lines."""
    seen: set[int] = set()
    current: Committee | None = candidate
    while current is not None and current.pk not in seen:
        if current.pk == committee.pk:
            return True
        seen.add(current.pk)
        current = current.reports_to
    return False


@transaction.atomic
def committee_member_add(
    *, actor: User, committee: Committee, user: User, role: str = CommitteeMember.Role.MEMBER
) -> CommitteeMember:
    """A party seats one of its own people: each party names its members, co-chair and alternates."""
    party = manager_party(actor, committee.alliance)
    person = getattr(user, "membership", None)
    if person is None or person.organisation_id != party.organisation_id or not person.is_active:
        raise invalid("user", "Choose an active colleague from your own organisation.")
    if role not in CommitteeMember.Role.values:
        raise invalid("role", "Choose co-chair, member or alternate.")
    seats = CommitteeMember.objects.unscoped().filter(committee=committee, party=party)
    if seats.filter(user=user).exists():
        raise invalid("user", f"{user} already sits on the {committee.name}.")
    if role == CommitteeMember.Role.CO_CHAIR and seats.filter(role=role).exists():
        raise invalid("role", "Your party already has a co-chair; each party names one.")
    charter = charter_in_force(committee)
    voting = seats.exclude(role=CommitteeMember.Role.ALTERNATE).count()
    if role != CommitteeMember.Role.ALTERNATE and voting >= charter.seats_per_party:
        raise invalid(
            "role", f"The charter gives each party {charter.seats_per_party} voting seat(s)."
        )
    member = CommitteeMember(committee=committee, party=party, user=user, role=role)
    clean(member)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:  # the same seat taken at the same moment
        raise invalid("user", f"{user} already sits on the {committee.name}.") from error
    audit_record(
        actor=actor,
        action="committee.member_added",
        obj=member,
        organisation=party.organisation,
        alliance=committee.alliance,
        summary=f"{actor} seated {user} on the {committee.name} as {member.get_role_display()}",
        after={"user": user.pk, "role": role},
    )
    return member


@transaction.atomic
def committee_member_remove(*, actor: User, member: CommitteeMember) -> None:
    """A party takes one of its people off a committee."""
    committee = member.committee
    party = manager_party(actor, committee.alliance)
    if member.party_id != party.pk:
        raise forbidden("Each party names its own committee members.")
    audit_record(
        actor=actor,
        action="committee.member_removed",
        obj=member,
        organisation=party.organisation,
        alliance=committee.alliance,
        summary=f"{actor} took {member.user} off the {committee.name}",
        before={"user": member.user_id, "role": member.role},
    )
    member.delete()


@transaction.atomic
def charter_propose(
    *,
    actor: User,
    committee: Committee,
    rationale: str,
    executives: list[User] | None = None,
    **rules: Any,
) -> Charter:
    """Propose a new charter version; it comes into force when every party approves it.

    The proposing party approves by proposing. Values not given stay as they are now.
    """
    party = manager_party(actor, committee.alliance)
    if not rationale.strip():
        raise invalid("rationale", "Say what the change is for.")
    if Charter.objects.unscoped().filter(committee=committee, status="proposed").exists():
        raise invalid("committee", "A charter change is already awaiting approval.")
    current = charter_in_force(committee)
    values = {f: getattr(current, f) for f in Charter.RULE_FIELDS} | rules
    people = list(current.executives.all()) if executives is None else executives
    latest = Charter.objects.unscoped().filter(committee=committee).order_by("-version").first()
    version = (latest.version if latest else 0) + 1
    charter = _new_charter(
        actor, party, committee, version, values | {"rationale": rationale}, people
    )
    if _charter_values(charter) == _charter_values(current):
        raise invalid("rationale", "The proposal changes nothing in the charter in force.")
    audit_record(
        actor=actor,
        action="charter.proposed",
        obj=charter,
        organisation=party.organisation,
        alliance=committee.alliance,
        summary=f"{actor} proposed version {version} of the {committee.name} charter",
        before=_charter_values(current),
        after=_charter_values(charter),
    )
    _answer(actor, party, charter, approved=True, reason="")
    if charter.status == Charter.Status.PROPOSED:
        emails.send_charter_proposed(charter)
    return charter


def _answerer(actor: User, charter: Charter) -> Party:
    party = manager_party(actor, charter.committee.alliance)
    if charter.status != Charter.Status.PROPOSED:
        raise invalid("charter", "This charter version is no longer awaiting approval.")
    act_admitted(
        charter_joint_act(charter),
        party.pk,
        field="charter",
        already="Your party has already answered this proposal.",
    )
    return party


def charter_joint_act(charter: Charter) -> JointAct:
    """A charter change as a joint act: each accepted party's own approval (or rejection)."""
    approvals = CharterApproval.objects.unscoped().filter(charter=charter)
    return JointAct.of(
        [p.pk for p in accepted_parties(charter.committee.alliance)],
        (
            PartyAct(a.party_id, "approved" if a.approved else "rejected", a.decided_by_id)
            for a in approvals
        ),
    )


@transaction.atomic
def charter_approve(*, actor: User, charter: Charter) -> Charter:
    """A party approves a proposed charter; the last approval brings it into force."""
    charter = Charter.objects.unscoped().select_for_update(of=("self",)).get(pk=charter.pk)
    party = _answerer(actor, charter)
    _answer(actor, party, charter, approved=True, reason="")
    return charter


@transaction.atomic
def charter_reject(*, actor: User, charter: Charter, reason: str) -> Charter:
    """A party rejects a proposed charter, saying why; the charter in force stays."""
    charter = Charter.objects.unscoped().select_for_update(of=("self",)).get(pk=charter.pk)
    party = _answerer(actor, charter)
    if not reason.strip():
        raise invalid("reason", "Say why your party rejects the change.")
    _answer(actor, party, charter, approved=False, reason=reason.strip())
    return charter


@transaction.atomic
def charter_withdraw(*, actor: User, charter: Charter) -> Charter:
    """The proposing party withdraws its charter proposal."""
    charter = Charter.objects.unscoped().select_for_update(of=("self",)).get(pk=charter.pk)
    party = manager_party(actor, charter.committee.alliance)
    if charter.proposing_party_id != party.pk:
        raise forbidden("Only the proposing party can withdraw a charter proposal.")
    if charter.status != Charter.Status.PROPOSED:
        raise invalid("charter", "This charter version is no longer awaiting approval.")
    _close(charter, Charter.Status.WITHDRAWN)
    audit_record(
        actor=actor,
        action="charter.withdrawn",
        obj=charter,
        organisation=party.organisation,
        alliance=charter.committee.alliance,
        summary=f"{actor} withdrew version {charter.version} of the {charter.committee} charter",
    )
    return charter


def _close(charter: Charter, status: str) -> None:
    charter.status, charter.closed_at = status, clock.now()
    charter.save(update_fields=["status", "closed_at"])


def _answer(actor: User, party: Party, charter: Charter, *, approved: bool, reason: str) -> None:
    CharterApproval.objects.create(
        charter=charter, party=party, approved=approved, reason=reason, decided_by=actor
    )
    verb = "approved" if approved else "rejected"
    committee = charter.committee
    audit_record(
        actor=actor,
        action=f"charter.{verb}",
        obj=charter,
        organisation=party.organisation,
        alliance=committee.alliance,
        summary=f"{party.organisation} {verb} version {charter.version} of the {committee} charter"
        + (f": {reason}" if reason else ""),
        after={"approved": approved, "reason": reason},
    )
    if not approved:
        _close(charter, Charter.Status.REJECTED)
        emails.send_charter_answered(charter)
        return
    if charter_joint_act(charter).all_answered("approved"):
        _adopt(actor, charter, accepted_parties(committee.alliance))


def _adopt(actor: User, charter: Charter, parties: list[Party]) -> None:
    """Every party approved: the new version comes into force, the old one is kept, superseded;
    the adoption is entered in the decision log, since a charter change is a joint decision."""
    committee = charter.committee
    previous = charter_in_force(committee)
    _close(previous, Charter.Status.SUPERSEDED)
    charter.status, charter.in_force_from = Charter.Status.IN_FORCE, clock.now()
    charter.save(update_fields=["status", "in_force_from"])
    decision = Decision.objects.create(
        alliance=committee.alliance,
        committee=committee,
        charter=charter,
        number=next_decision_number(committee.alliance),
        title=f"{committee.short_name} charter version {charter.version} adopted",
        text=charter.rationale,
        method=Decision.Method.WRITTEN,
        outcome=Decision.Outcome.AGREED,
        recorded_by=actor,
        decided_at=clock.now(),
    )
    approvals = CharterApproval.objects.unscoped().filter(charter=charter)
    DecisionVote.objects.bulk_create(
        DecisionVote(
            decision=decision,
            party_id=a.party_id,
            vote=DecisionVote.Vote.FOR,
            cast_by_id=a.decided_by_id,
            cast_at=a.decided_at,
        )
        for a in approvals
    )
    audit_record(
        actor=actor,
        action="charter.adopted",
        obj=charter,
        organisation=None,
        alliance=committee.alliance,
        summary=f"Every party approved: version {charter.version} of the {committee} charter is in force",
        before={"version": previous.version},
        after={"version": charter.version, "decision": decision.reference},
    )
    emails.send_charter_answered(charter)


def next_decision_number(alliance: Alliance) -> int:
    """The next number in the alliance's decision log; the alliance row is locked to keep it unique."""
    Alliance.objects.unscoped().select_for_update(of=("self",)).filter(pk=alliance.pk).first()
    last = (
        Decision.objects.unscoped()
        .filter(alliance=alliance)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1
