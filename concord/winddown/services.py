"""Every write of a wind-down: start it, shape its checklist, complete items with evidence, track
the obligations that survive, record the lessons learned, and close the alliance together."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from concord.alliances.acting import active_membership, joined_party, managing_membership
from concord.alliances.models import Alliance, Party, Phase, PhaseTransition
from concord.core import clock
from concord.core.attachments import agreement_obligations
from concord.core.audit import audit_record, snapshot
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted, acting_party
from concord.core.signals import lessons_learned, winddown_started
from concord.orgs.models import User
from concord.winddown.models import ChecklistItem, CloseAct, SurvivingObligation, WindDown

# The checklist every wind-down starts from; the parties edit it to fit their agreement.
# (area, what is to be done, whose it is: "each" party, or the party that "started" it).
DEFAULT_CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("confidential", "Return or destroy the other party's confidential information", "each"),
    ("regulatory", "Transfer regulatory filings, INDs and their correspondence", "started"),
    ("regulatory", "Hand over study data and the data room", "each"),
    ("licences", "Confirm which licences survive and which end", "each"),
    ("payments", "Settle final payments and outstanding invoices", "each"),
    ("audits", "Reconcile shared costs and close the last audit", "each"),
    ("materials", "Return or destroy materials and account for inventory", "each"),
    (
        "trials",
        "Agree the transfer or close-out of ongoing trials and care of their patients",
        "started",
    ),
    ("communications", "Agree communications to staff, investigators and the public", "started"),
    ("review", "Answer the final health check and read its results together", "each"),
)
# Where an obligation tracked from the agreement lands on the checklist, by the record's kind.
AREA_OF_KIND = {
    "deals.milestone": "payments",
    "deals.royaltyterm": "payments",
    "ip.licence": "licences",
}
ROLE_RULE = "Only alliance managers and admins act for their organisation in a wind-down."
WINDDOWN_FIELDS = ["reason", "explanation", "section", "notice_given_on", "notice_days"]


def _manager(actor: User, alliance: Alliance) -> Party:
    managing_membership(actor)
    return joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def _parties(alliance: Alliance) -> list[Party]:
    return list(
        Party.objects.unscoped()
        .select_related("organisation")
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
    )


def _open(wind_down: WindDown) -> WindDown:
    """The wind-down, locked, if it is still open to change."""
    locked = (
        WindDown.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=wind_down.pk)
    )
    if locked.is_closed:
        raise invalid("wind_down", "The alliance is closed: its wind-down is kept as it ended.")
    return locked


def _audit(actor: User, wind_down: WindDown, action: str, summary: str, **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=wind_down,
        organisation=getattr(getattr(actor, "membership", None), "organisation", None),
        alliance=wind_down.alliance,
        summary=summary,
        **extra,
    )


def _move_phase(alliance: Alliance, phase: str) -> None:
    # Notice of termination is one party's right under the agreement, not a joint gate, so the
    # wind-down moves the phase itself and the timeline records it.
    if alliance.phase == phase:
        return  # a gate already moved it into the wind-down phase
    alliance.phase, alliance.updated_at = phase, clock.now()
    alliance.save(update_fields=["phase", "updated_at"])
    PhaseTransition.objects.create(alliance=alliance, phase=phase)


def _party_of(parties: list[Party], pk: int, field: str) -> Party:
    found = next((p for p in parties if p.pk == pk), None)
    if found is None:
        raise invalid(field, "Choose one of the alliance's parties.")
    return found


@transaction.atomic
def winddown_start(
    *,
    actor: User,
    alliance: Alliance,
    reason: str,
    notice_given_on: datetime.date,
    notice_days: int = 0,
    explanation: str = "",
    section: str = "",
) -> WindDown:
    """End the alliance: start its wind-down with the notice countdown and a checklist drawn from
    the usual terms and from every obligation the agreement's sections create; the final health
    check opens (health listens to `winddown_started`)."""
    party = _manager(actor, alliance)
    alliance = Alliance.objects.unscoped().select_for_update(of=("self",)).get(pk=alliance.pk)
    if alliance.is_proposed:
        raise invalid("alliance", "An alliance that has not started cannot wind down.")
    if WindDown.objects.unscoped().filter(alliance=alliance).exists():
        raise invalid("alliance", "This alliance is already winding down.")
    if reason not in WindDown.Reason.values:
        raise invalid("reason", "Choose how the alliance ends.")
    if reason == WindDown.Reason.CONVENIENCE and not notice_days:
        raise invalid("notice_days", "Termination for convenience runs a notice period.")
    if not 0 <= notice_days <= 730:
        raise invalid("notice_days", "Give a notice period from 0 to 730 days.")
    if notice_given_on > clock.today():
        raise invalid("notice_given_on", "Notice is given today or was given before.")
    wind_down = WindDown(
        alliance=alliance,
        reason=reason,
        explanation=explanation.strip(),
        section=section.strip(),
        notice_given_on=notice_given_on,
        notice_days=notice_days,
        started_by=actor,
    )
    wind_down.full_clean(validate_unique=False, validate_constraints=False)
    wind_down.save()
    parties = _parties(alliance)
    for area, title, whose in DEFAULT_CHECKLIST:
        owners = parties if whose == "each" else [party]
        for owner in owners:
            label = f"{title} ({owner.organisation})" if whose == "each" else title
            ChecklistItem.objects.create(
                wind_down=wind_down,
                area=area,
                title=label,
                owner=owner,
                due_on=wind_down.effective_on,
            )
    drawn = _agreement_items(actor, wind_down, party)
    _move_phase(alliance, Phase.WIND_DOWN)
    winddown_started.send(sender=WindDown, alliance=alliance, actor=actor, source=wind_down)
    _audit(
        actor,
        wind_down,
        "winddown.started",
        f"{actor} started the wind-down of {alliance} ({wind_down.get_reason_display()}), "
        f"taking effect on {wind_down.effective_on:%d %b %Y}",
        after={**snapshot(wind_down, WINDDOWN_FIELDS), "from_agreement": drawn},
    )
    return wind_down


def _agreement_items(actor: User, wind_down: WindDown, party: Party) -> int:
    """One checklist item for every obligation the agreement's sections create: each record
    tracked from a section (a milestone, a royalty term, a commitment, a charter) is completed,
    ended or carried past the end, and a section that nothing tracks yet is settled by hand.
    The party that gives notice owns them first; the parties reassign as they agree."""
    rows = agreement_obligations(actor, wind_down.alliance)
    for row in rows:
        where = f"§ {row.section} {row.heading}"
        title = (
            f"{where}: {row.kind or 'record'} “{row.label}” — complete, end or carry past the end"
            if row.label
            else f"{where}: settle what this section requires at the end"
        )
        ChecklistItem.objects.create(
            wind_down=wind_down,
            area=AREA_OF_KIND.get(row.key, ChecklistItem.Area.AGREEMENT),
            title=title[:300],
            section=row.section[:40],
            owner=party,
            due_on=wind_down.effective_on,
        )
    return len(rows)


@transaction.atomic
def item_add(
    *,
    actor: User,
    wind_down: WindDown,
    area: str,
    title: str,
    owner_party_id: int,
    due_on: datetime.date | None = None,
) -> ChecklistItem:
    """Add an item the agreement asks for to the checklist, owned by one party."""
    _manager(actor, wind_down.alliance)
    wind_down = _open(wind_down)
    owner = _party_of(_parties(wind_down.alliance), owner_party_id, "owner_party_id")
    if not title.strip():
        raise invalid("title", "Say what is to be done.")
    item = ChecklistItem(
        wind_down=wind_down, area=area, title=title.strip(), owner=owner, due_on=due_on
    )
    item.full_clean(validate_unique=False, validate_constraints=False)
    item.save()
    _audit(
        actor, wind_down, "winddown.item_added", f"{actor} added “{item}” for {owner.organisation}"
    )
    return item


@transaction.atomic
def item_remove(*, actor: User, item: ChecklistItem) -> None:
    """Take an item the agreement does not need off the checklist (never a done one)."""
    _manager(actor, item.wind_down.alliance)
    wind_down = _open(item.wind_down)
    item = ChecklistItem.objects.unscoped().select_for_update(of=("self",)).get(pk=item.pk)
    if item.is_done:
        raise invalid("item", "A completed item stays on the checklist as evidence.")
    _audit(
        actor, wind_down, "winddown.item_removed", f"{actor} removed “{item}” from the checklist"
    )
    item.delete()


@transaction.atomic
def item_complete(*, actor: User, item: ChecklistItem, evidence: str) -> ChecklistItem:
    """The owning party records an item done, with the evidence that it is."""
    active_membership(actor)
    party = joined_party(actor, item.wind_down.alliance, status=Party.Status.ACCEPTED)
    wind_down = _open(item.wind_down)
    item = ChecklistItem.objects.unscoped().select_for_update(of=("self",)).get(pk=item.pk)
    if item.owner_id != party.pk:
        raise forbidden("Only the party that owns an item completes it.")
    if item.is_done:
        raise invalid("item", "This item is already done.")
    if not evidence.strip():
        raise invalid("evidence", "Say what shows it is done (a certificate, a receipt, a note).")
    item.done_at, item.done_by, item.evidence = clock.now(), actor, evidence.strip()
    item.full_clean(validate_unique=False, validate_constraints=False)
    item.save(update_fields=["done_at", "done_by", "evidence"])
    _audit(
        actor,
        wind_down,
        "winddown.item_done",
        f"{actor} completed “{item}”",
        after={"item": item.pk, "evidence": item.evidence},
    )
    return item


@transaction.atomic
def obligation_add(
    *,
    actor: User,
    wind_down: WindDown,
    kind: str,
    description: str,
    owed_by_party_id: int,
    ends_on: datetime.date,
    section: str = "",
) -> SurvivingObligation:
    """Track a duty that survives the end of the alliance, until its end date."""
    _manager(actor, wind_down.alliance)
    wind_down = _open(wind_down)
    owed_by = _party_of(_parties(wind_down.alliance), owed_by_party_id, "owed_by_party_id")
    if ends_on <= wind_down.effective_on:
        raise invalid("ends_on", "A surviving obligation ends after the alliance does.")
    obligation = SurvivingObligation(
        wind_down=wind_down,
        kind=kind,
        description=description.strip(),
        owed_by=owed_by,
        section=section.strip(),
        ends_on=ends_on,
        created_by=actor,
    )
    obligation.full_clean(validate_unique=False, validate_constraints=False)
    obligation.save()
    _audit(
        actor,
        wind_down,
        "winddown.obligation_added",
        f"{actor} recorded that “{obligation}” survives until {ends_on:%d %b %Y}",
        after=snapshot(obligation, ["kind", "description", "section", "ends_on"]),
    )
    return obligation


@transaction.atomic
def lessons_record(*, actor: User, wind_down: WindDown, lessons: str) -> WindDown:
    """Write down what the parties learned, for the next alliance; kept after closing too, and
    on the alliance's learning plan (expectations listens to `lessons_learned`)."""
    _manager(actor, wind_down.alliance)
    wind_down = (
        WindDown.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=wind_down.pk)
    )
    if not lessons.strip():
        raise invalid("lessons", "Write what was learned.")
    before = {"lessons": wind_down.lessons}
    wind_down.lessons, wind_down.lessons_by = lessons.strip(), actor
    wind_down.full_clean(validate_unique=False, validate_constraints=False)
    wind_down.save(update_fields=["lessons", "lessons_by"])
    _audit(
        actor,
        wind_down,
        "winddown.lessons",
        f"{actor} recorded the lessons learned",
        before=before,
        after={"lessons": wind_down.lessons},
    )
    lessons_learned.send(
        sender=WindDown,
        alliance=wind_down.alliance,
        actor=actor,
        lessons=wind_down.lessons,
        source=wind_down,
    )
    return wind_down


def close_joint_act(wind_down: WindDown) -> JointAct:
    """Closing as a joint act: every accepted party's own act."""
    acts = CloseAct.objects.unscoped().filter(wind_down=wind_down)
    return JointAct.of(
        [p.pk for p in _parties(wind_down.alliance)],
        (PartyAct(a.party_id, "closed", a.by_id, a.at) for a in acts),
    )


@transaction.atomic
def winddown_close(
    *, actor: User, wind_down: WindDown, note: str = "", party_id: int | None = None
) -> WindDown:
    """The actor's party closes the alliance; it is closed once every party has, and only with
    every checklist item done."""
    managing_membership(actor)
    wind_down = _open(wind_down)
    party = acting_party(
        actor,
        _parties(wind_down.alliance),
        may_act=lambda person, _: person.membership.can_manage_alliances,
        role_rule=ROLE_RULE,
        named_party_id=party_id,
    )
    open_items = ChecklistItem.objects.unscoped().filter(wind_down=wind_down, done_at=None)
    if open_items.exists():
        raise invalid("wind_down", f"{open_items.count()} checklist item(s) are still open.")
    act_admitted(
        close_joint_act(wind_down),
        party.pk,
        field="wind_down",
        already="Your organisation has already closed the alliance; the others are awaited.",
    )
    CloseAct.objects.create(wind_down=wind_down, party=party, by=actor, note=note.strip())
    _audit(
        actor,
        wind_down,
        "winddown.party_closed",
        f"{actor} closed the alliance for {party.organisation}",
    )
    if close_joint_act(wind_down).is_complete:
        wind_down.status, wind_down.closed_at = WindDown.Status.CLOSED, clock.now()
        wind_down.save(update_fields=["status", "closed_at"])
        _move_phase(wind_down.alliance, Phase.TERMINATED)
        _audit(
            actor,
            wind_down,
            "winddown.closed",
            f"Every party closed: {wind_down.alliance} is closed and kept as an archive",
        )
    return wind_down
