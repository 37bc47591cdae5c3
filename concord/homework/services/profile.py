"""The partner profile: facts one organisation keeps about a partner, each with source and date.

A competing programme or alliance recorded here raises a drift alert on every alliance the
organisation has with that partner.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import snapshot
from concord.core.errors import invalid
from concord.homework.models import (
    Alert,
    PartnerAlliance,
    PartnerArea,
    PartnerFact,
    PartnerProgramme,
)
from concord.homework.services._common import audit, clean, own_party
from concord.homework.services.alerts import alert_raise
from concord.orgs.models import Organisation, User

FACT_MODELS: dict[str, type[PartnerFact]] = {
    "area": PartnerArea,
    "programme": PartnerProgramme,
    "alliance": PartnerAlliance,
}


def _partner_of(actor: User, alliance: Alliance, partner: Organisation) -> Organisation:
    """The partner must be another party that has joined this alliance."""
    party = own_party(actor, alliance)
    joined = Party.objects.unscoped().filter(
        alliance=alliance, organisation=partner, status=Party.Status.ACCEPTED
    )
    if partner.pk == party.organisation_id or not joined.exists():
        raise invalid("partner", "Choose another party of this alliance.")
    return party.organisation


def _shared_alliances(organisation: Organisation, partner: Organisation) -> list[int]:
    """The alliances both have joined: where a competing fact about the partner matters."""
    ours = Party.objects.unscoped().filter(organisation=organisation, status="accepted")
    theirs = Party.objects.unscoped().filter(organisation=partner, status="accepted")
    return sorted(
        set(ours.values_list("alliance_id", flat=True))
        & set(theirs.values_list("alliance_id", flat=True))
    )


@transaction.atomic
def partner_fact_record(
    *,
    actor: User,
    alliance: Alliance,
    partner: Organisation,
    kind: str,
    source: str,
    as_of: datetime.date,
    **fields: Any,
) -> PartnerFact:
    """Record a fact about a partner: an area, one of its programmes or one of its alliances."""
    if kind not in FACT_MODELS:
        raise invalid("kind", "Choose an area, a programme or an alliance.")
    organisation = _partner_of(actor, alliance, partner)
    if as_of > clock.today():
        raise invalid("as_of", "A source's date cannot be in the future.")
    model = FACT_MODELS[kind]
    fact = model(
        organisation=organisation,
        partner=partner,
        source=source.strip(),
        as_of=as_of,
        created_by=actor,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    if not fact.source:
        raise invalid("source", "Say where this comes from.")
    clean(fact)
    fact.save()
    audit(
        actor,
        fact,
        f"homework.{kind}_recorded",
        f"{actor} recorded {partner}'s {kind} “{fact}” (source: {fact.source})",
        after=snapshot(fact, ["source", "as_of", *fields]),
    )
    if _competes(fact):
        _competitor_alerts(actor, organisation, partner, fact, kind)
    return fact


def _competes(fact: PartnerFact) -> bool:
    if isinstance(fact, PartnerProgramme):
        return fact.relation == "competes"
    return isinstance(fact, PartnerAlliance) and fact.competes


def _competitor_alerts(
    actor: User, organisation: Organisation, partner: Organisation, fact: PartnerFact, kind: str
) -> None:
    what = "programme" if kind == "programme" else "alliance"
    for alliance in Alliance.objects.unscoped().filter(
        pk__in=_shared_alliances(organisation, partner)
    ):
        alert_raise(
            alliance=alliance,
            organisation=organisation,
            kind=Alert.Kind.COMPETITOR,
            cause=f"{kind}:{fact.pk}",
            message=f"{partner} has a competing {what}: {fact} (source: {fact.source}).",
            actor=actor,
        )
