"""Onboarding: the organisation's checklist for people joining an alliance team, and who did what.

An organisation without a checklist of its own starts from Concord's standard one
(`DEFAULT_STEPS`), written as its own the first time a step is ticked or the list is edited.
"""

from __future__ import annotations

from django.db import transaction

from concord.alliances.acting import managing_membership
from concord.alliances.models import Alliance, TeamMember
from concord.core.errors import forbidden, invalid
from concord.homework.models import DEFAULT_STEPS, OnboardingDone, OnboardingStep
from concord.homework.services._common import audit, clean, own_party
from concord.orgs.models import Organisation, User


def _ensure_steps(organisation: Organisation) -> list[OnboardingStep]:
    """The organisation's steps, writing the standard ones the first time."""
    steps = list(OnboardingStep.objects.unscoped().filter(organisation=organisation))
    if not steps:
        steps = OnboardingStep.objects.bulk_create(
            OnboardingStep(organisation=organisation, title=title, order=(i + 1) * 10)
            for i, title in enumerate(DEFAULT_STEPS)
        )
    return [s for s in steps if not s.archived]


def resolve_step(organisation: Organisation, ref: str) -> OnboardingStep:
    """A step named by its id, or by "default-N" for the standard step N before any is written."""
    steps = _ensure_steps(organisation)
    if ref.startswith("default-") and ref[8:].isdigit() and int(ref[8:]) < len(DEFAULT_STEPS):
        title = DEFAULT_STEPS[int(ref[8:])]
        found = [s for s in steps if s.title == title]
    else:
        found = [s for s in steps if str(s.pk) == ref]
    if not found:
        raise invalid("step", "No such step on your organisation's checklist.")
    return found[0]


@transaction.atomic
def onboarding_step_done(
    *, actor: User, alliance: Alliance, step: str, person: User | None = None
) -> OnboardingDone:
    """Tick a step for oneself, or, as a manager, for a member of one's own team."""
    party = own_party(actor, alliance)
    person = person or actor
    if person != actor:
        managing_membership(actor)
    on_team = TeamMember.objects.unscoped().filter(party=party, user=person).exists()
    if not on_team:
        raise invalid("person", "Only members of your organisation's team are onboarded.")
    found = resolve_step(party.organisation, step)
    if (
        OnboardingDone.objects.unscoped()
        .filter(alliance=alliance, person=person, step=found)
        .exists()
    ):
        raise invalid("step", "This step is done already.")
    done = OnboardingDone(
        alliance=alliance, organisation=party.organisation, person=person, step=found
    )
    done.save()
    audit(actor, done, "homework.onboarding_step_done", f"{person} did “{found.title}”")
    return done


@transaction.atomic
def onboarding_step_add(*, actor: User, title: str) -> OnboardingStep:
    """Add a step to one's organisation's checklist (alliance managers and admins)."""
    membership = managing_membership(actor)
    steps = _ensure_steps(membership.organisation)
    step = OnboardingStep(
        organisation=membership.organisation,
        title=title.strip(),
        order=max((s.order for s in steps), default=0) + 10,
    )
    if not step.title:
        raise invalid("title", "Name the step.")
    clean(step)
    step.save()
    audit(actor, step, "homework.onboarding_step_added", f"{actor} added “{step.title}”")
    return step


@transaction.atomic
def onboarding_step_archive(*, actor: User, step: OnboardingStep) -> OnboardingStep:
    """Take a step off the checklist; who did it stays recorded."""
    membership = managing_membership(actor)
    if step.organisation_id != membership.organisation_id:
        raise forbidden("Only your own organisation's checklist can be changed.")
    step.archived = True
    step.save(update_fields=["archived"])
    audit(actor, step, "homework.onboarding_step_archived", f"{actor} retired “{step.title}”")
    return step
