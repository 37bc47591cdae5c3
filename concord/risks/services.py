"""Every write of the risk register: record, revise, review, materialise (a concern), close."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from concord.alliances.acting import joined_party
from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import forbidden, invalid
from concord.core.signals import concern_requested
from concord.core.tenancy import PRIVATE, SHARED
from concord.orgs.models import User
from concord.risks import emails
from concord.risks.models import SCALE, Risk, RiskReview

RISK_FIELDS = [
    "title",
    "description",
    "category",
    "owner",
    "likelihood",
    "impact",
    "trigger",
    "mitigation",
    "mitigation_starts",
    "mitigation_due",
    "escalation_plan",
    "review_on",
    "visibility",
]
# How a risk's level reads as a concern's severity when it materialises.
SEVERITY = {"low": "low", "medium": "medium", "high": "high", "critical": "high"}
LATEST_REVIEW = datetime.timedelta(days=366)


def _party(actor: User, alliance: Alliance) -> Party:
    return joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def _own(actor: User, risk: Risk) -> Party:
    """The actor's party, if it may act on the risk: a private one only its organisation."""
    party = _party(actor, risk.alliance)
    if risk.is_private and risk.organisation_id != party.organisation_id:
        raise forbidden("Only its own organisation acts on a private risk.")
    return party


def _locked(risk: Risk) -> Risk:
    return (
        Risk.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "organisation")
        .get(pk=risk.pk)
    )


def _check(risk: Risk) -> None:
    """The rules a risk's fields keep, whoever writes them."""
    if risk.visibility not in (SHARED, PRIVATE):
        raise invalid("visibility", "Choose shared or private.")
    for name in ("likelihood", "impact"):
        if not 1 <= int(getattr(risk, name) or 0) <= SCALE:
            raise invalid(name, f"Score it from 1 to {SCALE}.")
    owner = getattr(risk.owner, "membership", None)
    if owner is None or not owner.is_active or owner.organisation_id != risk.organisation_id:
        raise invalid("owner", "Choose an active person of your own organisation.")
    starts, due = risk.mitigation_starts, risk.mitigation_due
    if starts and due and due < starts:
        raise invalid("mitigation_due", "The mitigation cannot be due before it starts.")
    if risk.review_on > clock.today() + LATEST_REVIEW:
        raise invalid("review_on", "Review a risk at least once a year.")
    risk.full_clean(validate_unique=False, validate_constraints=False)


def _audit(actor: User, risk: Risk, action: str, summary: str, **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=risk,
        organisation=risk.organisation,
        alliance=risk.alliance,
        summary=summary,
        visibility=risk.visibility,
        **extra,
    )


@transaction.atomic
def risk_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    category: str,
    owner: User,
    likelihood: int,
    impact: int,
    review_on: datetime.date,
    visibility: str = SHARED,
    description: str = "",
    trigger: str = "",
    mitigation: str = "",
    mitigation_starts: datetime.date | None = None,
    mitigation_due: datetime.date | None = None,
    escalation_plan: str = "",
) -> Risk:
    """Put a risk on the alliance's register, shared or private to the actor's organisation."""
    party = _party(actor, alliance)
    risk = Risk(
        alliance=alliance,
        organisation=party.organisation,
        visibility=visibility,
        title=title.strip(),
        description=description.strip(),
        category=category,
        owner=owner,
        likelihood=likelihood,
        impact=impact,
        trigger=trigger.strip(),
        mitigation=mitigation.strip(),
        mitigation_starts=mitigation_starts,
        mitigation_due=mitigation_due,
        escalation_plan=escalation_plan.strip(),
        review_on=review_on,
        created_by=actor,
    )
    _check(risk)
    risk.save()
    _audit(
        actor,
        risk,
        "risk.recorded",
        f"{actor} recorded the risk “{risk.title}” ({risk.likelihood}×{risk.impact})",
        after=snapshot(risk, RISK_FIELDS),
    )
    emails.send_risk_assigned(risk, by=actor)
    return risk


@transaction.atomic
def risk_update(*, actor: User, risk: Risk, **changes: Any) -> Risk:
    """Revise a risk's description, scores or plans; the audit trail keeps what it said before."""
    _own(actor, risk)
    risk = _locked(risk)
    unknown = set(changes) - set(RISK_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    before = snapshot(risk, RISK_FIELDS)
    # Sharing a private risk is its organisation's choice; a shared one cannot be taken back.
    if changes.get("visibility") == PRIVATE and not risk.is_private:
        raise invalid("visibility", "A shared risk stays shared: the partner has seen it.")
    for name, value in changes.items():
        setattr(risk, name, value.strip() if isinstance(value, str) else value)
    _check(risk)
    risk.save()
    _audit(
        actor,
        risk,
        "risk.updated",
        f"{actor} revised the risk “{risk.title}”",
        before=before,
        after=snapshot(risk, RISK_FIELDS),
    )
    if risk.owner_id != before["owner"]:
        emails.send_risk_assigned(risk, by=actor)
    return risk


@transaction.atomic
def risk_review(
    *,
    actor: User,
    risk: Risk,
    likelihood: int,
    impact: int,
    next_review_on: datetime.date,
    note: str = "",
) -> RiskReview:
    """Review an open risk: score it again and set the next review date."""
    _own(actor, risk)
    risk = _locked(risk)
    if not risk.is_open:
        raise invalid("risk", "Only an open risk is reviewed.")
    if next_review_on <= clock.today():
        raise invalid("next_review_on", "The next review is after today.")
    before = snapshot(risk, ["likelihood", "impact", "review_on"])
    risk.likelihood, risk.impact, risk.review_on = likelihood, impact, next_review_on
    risk.reviewed_at = clock.now()
    _check(risk)
    risk.save(update_fields=["likelihood", "impact", "review_on", "reviewed_at"])
    review = RiskReview(
        risk=risk,
        likelihood=likelihood,
        impact=impact,
        note=note.strip(),
        next_review_on=next_review_on,
        reviewed_by=actor,
    )
    review.full_clean(validate_unique=False, validate_constraints=False)
    review.save()
    _audit(
        actor,
        risk,
        "risk.reviewed",
        f"{actor} reviewed the risk “{risk.title}”: {likelihood}×{impact}, next on "
        f"{next_review_on:%d %b %Y}",
        before=before,
        after=snapshot(risk, ["likelihood", "impact", "review_on"]),
    )
    return review


@transaction.atomic
def risk_materialise(*, actor: User, risk: Risk, note: str = "") -> Risk:
    """The risk has happened: it becomes a concern (governance raises it, shared or private as
    the risk), from where it can go on an agenda and follow the escalation path."""
    _own(actor, risk)
    risk = _locked(risk)
    if not risk.is_open:
        raise invalid("risk", "Only an open risk can materialise.")
    risk.status, risk.materialised_at = Risk.Status.MATERIALISED, clock.now()
    risk.save(update_fields=["status", "materialised_at"])
    _audit(actor, risk, "risk.materialised", f"{actor} recorded that “{risk.title}” happened")
    body = "\n\n".join(
        part
        for part in (
            note.strip(),
            f"Risk on the register: {risk.get_category_display()}, "
            f"likelihood {risk.likelihood} × impact {risk.impact}.",
            f"Escalation plan: {risk.escalation_plan}" if risk.escalation_plan else "",
        )
        if part
    )
    concern_requested.send(
        sender=Risk,
        alliance=risk.alliance,
        actor=actor,
        title=f"Risk materialised: {risk.title}",
        body=body,
        severity=SEVERITY[risk.level],
        visibility=risk.visibility,
        source=risk,
    )
    return risk


@transaction.atomic
def risk_close(*, actor: User, risk: Risk, reason: str) -> Risk:
    """Close a risk that has passed or been mitigated away, saying why."""
    _own(actor, risk)
    risk = _locked(risk)
    if risk.status == Risk.Status.CLOSED:
        raise invalid("risk", "This risk is already closed.")
    if not reason.strip():
        raise invalid("reason", "Say why the risk is closed.")
    risk.status, risk.closed_reason = Risk.Status.CLOSED, reason.strip()
    risk.save(update_fields=["status", "closed_reason"])
    _audit(actor, risk, "risk.closed", f"{actor} closed the risk “{risk.title}”")
    return risk


def risk_review_reminders_send() -> int:
    """Remind the owner and their party's managers of each open risk whose review date has come,
    once per review date (a new date after a review is reminded again when it comes)."""
    due = (
        Risk.objects.unscoped()
        .filter(status=Risk.Status.OPEN, review_on__lte=clock.today())
        .exclude(review_reminded_on=F("review_on"))
        .select_related("alliance", "organisation", "owner")
        .order_by("pk")
    )
    sent = 0
    for risk in due:
        with transaction.atomic():
            claimed = (
                Risk.objects.unscoped()
                .filter(pk=risk.pk, review_on=risk.review_on)
                .exclude(review_reminded_on=F("review_on"))
                .update(review_reminded_on=risk.review_on)
            )
            if claimed:  # a concurrent sweep that claimed it first sends it
                emails.send_risk_review_due(risk)
                sent += 1
    return sent
