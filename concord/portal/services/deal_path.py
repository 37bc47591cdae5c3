"""The path from "advance" to a deal: CDA requested, sent, signed by both, confidential
evaluation, term sheet, deal signed (which creates the alliance with the submitter)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.core.signatures import signature_check
from concord.core.tenancy import PRIVATE, organisation_of
from concord.orgs.models import User
from concord.portal import emails
from concord.portal.models import (
    DEAL_STAGES,
    CdaSignature,
    DealStage,
    DealStep,
    Submission,
)
from concord.portal.services._common import _team_member
from concord.portal.services.alliance import propose_alliance
from concord.portal.services.statistics import submission_kept_refresh

# The CDA's two sides as the joint act counts them.
SIDES: dict[str, int] = {CdaSignature.Side.RECEIVER: 1, CdaSignature.Side.SUBMITTER: 2}
# Stages that need the CDA signed by both before them: nothing confidential moves without it.
AFTER_CDA = (DealStage.EVALUATION, DealStage.TERM_SHEET, DealStage.DEAL_SIGNED)
# The status the queue and statistics read, by stage.
STATUS_AT: dict[str, str] = {
    DealStage.TERM_SHEET: Submission.Status.TERM_SHEET,
    DealStage.DEAL_SIGNED: Submission.Status.TERM_SHEET,
}


def next_stage(submission: Submission) -> str | None:
    """The stage that comes next on the submission's path (None once the deal is signed)."""
    if not submission.deal_stage:
        return DealStage.CDA_REQUESTED
    at = DEAL_STAGES.index(submission.deal_stage)
    return DEAL_STAGES[at + 1] if at + 1 < len(DEAL_STAGES) else None


def _refusal(submission: Submission, stage: str) -> str:
    """Why `stage` cannot be recorded now, or "" when it can."""
    if submission.status not in (Submission.Status.CDA, Submission.Status.TERM_SHEET):
        return "Advance the submission first: the path to a deal starts after “advance”."
    if stage not in DEAL_STAGES:
        return "This is not a stage of the path to a deal."
    if stage == DealStage.CDA_SIGNED:
        return (
            "A CDA is signed by both sides, each through its own people: sign it for your side, "
            "and the submitter signs for theirs."
        )
    signed = DEAL_STAGES.index(submission.deal_stage or DealStage.CDA_REQUESTED) >= (
        DEAL_STAGES.index(DealStage.CDA_SIGNED)
    )
    if stage in AFTER_CDA and not signed:
        label = DealStage(stage).label.lower()
        return f"No {label} before the CDA is signed by both sides."
    expected = next_stage(submission)
    if expected is None:
        return "The deal is signed: the path is complete."
    if stage != expected:
        return f"The next stage is “{DealStage(expected).label}”: stages are not skipped."
    return ""


@transaction.atomic
def deal_stage_record(
    *,
    actor: User,
    submission: Submission,
    stage: str,
    on: datetime.date | None = None,
    owner: User | None = None,
    note: str = "",
) -> DealStep:
    """Record the next stage of an advanced submission, with its date and owner."""
    membership = _team_member(actor, submission, deciding=True)
    submission = Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=submission.pk)
    refusal = _refusal(submission, stage)
    if refusal:
        raise invalid("stage", refusal)
    on = on or clock.today()
    problems = _step_problems(submission, on, owner or actor, membership.organisation_id)
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    step = _step(submission, stage, on, owner or actor, actor, note)
    if stage == DealStage.DEAL_SIGNED and submission.alliance_id is None:
        propose_alliance(actor, submission)
    return step


@transaction.atomic
def deal_step_correct(
    *, actor: User, step: DealStep, on: datetime.date, owner: User, reason: str
) -> DealStep:
    """Correct the day or the owner of a stage already recorded (its stage never changes): the
    day stays between its neighbours' on the path, and the audit keeps what it was and why."""
    membership = _team_member(actor, step.submission, deciding=True)
    Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=step.submission_id)
    step = DealStep.objects.unscoped().select_related("owner").get(pk=step.pk)
    problems = _correction_problems(step, on, owner, membership.organisation_id)
    reason = " ".join(reason.split())
    if len(reason) < 5:
        problems["reason"] = "Say why the stage is corrected; the audit keeps it."
    if not problems and (step.on, step.owner_id) == (on, owner.pk):
        problems["on"] = "Nothing changed: pick another day or owner."
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    before = {"on": step.on.isoformat(), "owner": step.owner_id}
    step.on, step.owner = on, owner
    step.save(update_fields=["on", "owner"])
    audit_record(
        actor=actor,
        action="submission.deal_stage_corrected",
        obj=step.submission,
        organisation=membership.organisation,
        summary=f"{step.submission.reference}: {step.get_stage_display()} corrected to "
        f"{on:%-d %b %Y}, owned by {owner} ({reason[:200]})",
        before=before,
        after={"on": on.isoformat(), "owner": owner.pk, "reason": reason[:500]},
        visibility=PRIVATE,
    )
    return step


def _correction_problems(
    step: DealStep, on: datetime.date, owner: User, organisation_id: int
) -> dict[str, str]:
    """A corrected day keeps the stages in order: not before the stage before it, not after
    the stage after it, never in the future; the owner as when recording."""
    problems = _owner_problems(owner, organisation_id)
    if on > clock.today():
        problems["on"] = "A stage is recorded once reached: the date cannot be in the future."
        return problems
    at = DEAL_STAGES.index(step.stage)
    for other in DealStep.objects.unscoped().filter(submission=step.submission_id):
        there = DEAL_STAGES.index(other.stage)
        if there < at and on < other.on:
            problems["on"] = (
                f"{other.get_stage_display()} was reached on {other.on:%-d %B %Y}; "
                "pick that day or later."
            )
        elif there > at and on > other.on:
            problems["on"] = (
                f"{other.get_stage_display()} came on {other.on:%-d %B %Y}; "
                "pick that day or earlier."
            )
    return problems


def _owner_problems(owner: User, organisation_id: int) -> dict[str, str]:
    person = getattr(owner, "membership", None)
    if person is None or person.organisation_id != organisation_id or not person.is_active:
        return {"owner": "The owner is an active person of your organisation."}
    return {}


def _step_problems(
    submission: Submission, on: datetime.date, owner: User, organisation_id: int
) -> dict[str, str]:
    """Everything wrong with a stage's date and owner, by field."""
    problems = {}
    if on > clock.today():
        problems["on"] = "A stage is recorded once reached: the date cannot be in the future."
    last = DealStep.objects.unscoped().filter(submission=submission).order_by("-on").first()
    if last is not None and on < last.on:
        problems["on"] = (
            f"The previous stage was reached on {last.on:%-d %B %Y}; pick that day or later."
        )
    return problems | _owner_problems(owner, organisation_id)


def _step(
    submission: Submission,
    stage: str,
    on: datetime.date,
    owner: User,
    actor: User | None,
    note: str,
) -> DealStep:
    step = DealStep.objects.create(
        submission=submission,
        stage=stage,
        on=on,
        owner=owner,
        note=note.strip()[:500],
        recorded_by=actor,
    )
    submission.deal_stage = stage
    submission.status = STATUS_AT.get(stage, submission.status)
    submission.save(update_fields=["deal_stage", "status"])
    audit_record(
        actor=actor,
        action="submission.deal_stage",
        obj=submission,
        organisation=submission.organisation,
        summary=f"{submission.reference}: {step.get_stage_display()} on {on:%-d %b %Y}, "
        f"owned by {owner}",
        after={"stage": stage, "on": on.isoformat(), "owner": owner.pk},
        visibility=PRIVATE,
    )
    emails.send_deal_stage(submission, step)
    submission_kept_refresh(submission)
    return step


def cda_joint_act(submission: Submission) -> JointAct:
    """The CDA as a joint act of the two sides, as it stands."""
    acts = [
        PartyAct(SIDES[s.side], "signed", s.signer_id, s.signed_at)
        for s in CdaSignature.objects.unscoped().filter(submission=submission)
    ]
    return JointAct.of(SIDES.values(), acts)


@transaction.atomic
def cda_sign_for_receiver(
    *, actor: User, submission: Submission, password: str, meaning: str, code: str = ""
) -> CdaSignature:
    """The receiving organisation signs the CDA through one of its people, re-authenticated."""
    _team_member(actor, submission, deciding=True)
    submission = Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=submission.pk)
    _cda_open(submission, CdaSignature.Side.RECEIVER)
    signature_check(
        actor=actor, password=password, meaning=meaning, meanings=("approve",), code=code
    )
    return _cda_signed(
        submission,
        CdaSignature.Side.RECEIVER,
        actor,
        actor.get_full_name() or actor.get_username(),
        submission.organisation.name,
    )


@transaction.atomic
def cda_sign_for_submitter(
    *,
    submission: Submission,
    printed_name: str,
    authorised: bool,
    actor: Any = None,
    through_link: bool = True,
) -> CdaSignature:
    """The submitter signs the CDA for its side: through its account or its private status link.

    A person of the receiving organisation can never sign here, link or not: each side signs
    only through its own people. Without the link (`through_link=False`, the API) the actor must
    be a person of the submitting organisation who may act for it, not a viewer.
    """
    submission = Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=submission.pk)
    acting_for = organisation_of(actor) if actor is not None and actor.is_authenticated else None
    if acting_for is not None and acting_for.pk == submission.organisation_id:
        raise forbidden(
            f"You act for {acting_for}: the submitter signs its side of the CDA itself."
        )
    if not through_link:
        _submitter_signer(actor, submission)
    _cda_open(submission, CdaSignature.Side.SUBMITTER)
    problems = {}
    printed_name = " ".join(printed_name.split())[:200]
    if len(printed_name) < 3:
        problems["printed_name"] = ["Type the full name of the person signing."]
    if not authorised:
        problems["authorised"] = [
            f"Confirm that you may sign for {submission.submitter_organisation_name}."
        ]
    if problems:
        raise ValidationError(problems)
    signer = (
        actor
        if acting_for is not None and acting_for.pk == submission.submitter_organisation_id
        else None
    )
    return _cda_signed(
        submission,
        CdaSignature.Side.SUBMITTER,
        signer,
        printed_name,
        submission.submitter_organisation_name,
    )


def _submitter_signer(actor: Any, submission: Submission) -> None:
    """Refuse an account that cannot sign for the submitting organisation."""
    membership = getattr(actor, "membership", None)
    if (
        membership is None
        or not membership.is_active
        or membership.organisation_id != submission.submitter_organisation_id
    ):
        raise forbidden("Only the submitting organisation's people sign its side of the CDA.")
    if membership.is_read_only:
        raise forbidden("A viewer cannot sign for the organisation: ask a colleague.")


def _cda_open(submission: Submission, side: str) -> None:
    """The CDA can be signed once sent, by each side once."""
    if submission.deal_stage != DealStage.CDA_SENT:
        raise invalid(
            "cda",
            "The CDA is signed once it has been sent."
            if DEAL_STAGES.index(submission.deal_stage or DealStage.CDA_REQUESTED)
            < DEAL_STAGES.index(DealStage.CDA_SENT)
            else "The CDA is already signed by both sides.",
        )
    act_admitted(
        cda_joint_act(submission),
        SIDES[side],
        field="cda",
        already="Your side has already signed the CDA.",
    )


def _cda_signed(
    submission: Submission, side: str, signer: User | None, printed_name: str, organisation: str
) -> CdaSignature:
    signature = CdaSignature.objects.create(
        submission=submission,
        side=side,
        signer=signer,
        printed_name=printed_name,
        organisation_name=organisation,
    )
    audit_record(
        actor=signer,
        action="submission.cda_signed",
        obj=submission,
        organisation=submission.organisation,
        summary=f"{printed_name} signed the CDA of {submission.reference} for {organisation}",
        after={"side": side},
        visibility=PRIVATE,
    )
    if cda_joint_act(submission).is_complete:
        sent = DealStep.objects.unscoped().get(submission=submission, stage=DealStage.CDA_SENT)
        _step(submission, DealStage.CDA_SIGNED, clock.today(), sent.owner, signer, "")
    return signature
