"""Every write to the IP register: check, write, audit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models, transaction

from concord.alliances.acting import joined_party, managing_membership
from concord.alliances.models import Alliance, Party, Programme
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.committees import committee_exists
from concord.core.errors import forbidden, invalid
from concord.ip.models import (
    PATENT_COMMITTEE,
    RESTRICTED_TITLE,
    Disclosure,
    Filing,
    Inventor,
    IpAsset,
    Licence,
    RoyaltyPatent,
    Use,
)
from concord.ip.selectors import deal_royalty_terms, reads_details
from concord.orgs.models import Membership, User


def _manager(actor: User, alliance: Alliance) -> tuple[Membership, Party]:
    membership = managing_membership(actor)
    return membership, joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def _party_of(alliance: Alliance, pk: int | None, field: str) -> Party:
    party = (
        Party.objects.unscoped()
        .filter(pk=pk, alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
        .first()
        if pk is not None
        else None
    )
    if party is None:
        raise invalid(field, "Choose a party that has joined this alliance.")
    return party


def _clean(instance: models.Model) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def asset_create(
    *,
    actor: User,
    alliance: Alliance,
    kind: str,
    title: str,
    numbers: str = "",
    territories: str = "",
) -> IpAsset:
    """Record background IP the actor's own party brings to the alliance."""
    membership, party = _manager(actor, alliance)
    if kind not in IpAsset.Kind.values:
        raise invalid("kind", "Choose a patent family, know-how, materials or data.")
    asset = IpAsset(
        alliance=alliance,
        owner_party=party,
        kind=kind,
        title=title.strip(),
        numbers=numbers.strip(),
        territories=territories.strip().upper(),
        created_by=actor,
    )
    _clean(asset)
    asset.save()
    audit_record(
        actor=actor,
        action="ip.asset_recorded",
        obj=asset,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} recorded {party.organisation}'s background IP “{asset.title}”",
        after={"kind": kind, "title": asset.title, "numbers": asset.numbers},
    )
    return asset


@transaction.atomic
def licence_grant(
    *,
    actor: User,
    asset: IpAsset,
    licensee_party_id: int,
    use: str,
    field: str = "",
    territories: str = "",
    exclusive: bool = False,
    until: datetime.date | None = None,
) -> Licence:
    """The owner party says what another party may do with its background IP."""
    membership, party = _manager(actor, asset.alliance)
    if party.pk != asset.owner_party_id:
        raise forbidden("Only the party that owns this IP grants rights to it.")
    licensee = _party_of(asset.alliance, licensee_party_id, "licensee_party_id")
    if licensee.pk == party.pk:
        raise invalid("licensee_party_id", "Your party owns it already; name another party.")
    if use not in Use.values:
        raise invalid("use", "Choose research, commercial, or both.")
    licence = Licence(
        alliance=asset.alliance,
        asset=asset,
        licensee_party=licensee,
        use=use,
        field=field.strip(),
        territories=territories.strip().upper(),
        exclusive=exclusive,
        until=until,
        granted_by=actor,
    )
    _clean(licence)
    licence.save()
    audit_record(
        actor=actor,
        action="ip.licence_granted",
        obj=licence,
        organisation=membership.organisation,
        alliance=asset.alliance,
        summary=f"{actor} granted {licensee.organisation} {licence.get_use_display().lower()} "
        f"of “{asset.title}”",
        after={"asset": asset.pk, "licensee": licensee.pk, "use": use, "until": str(until or "")},
    )
    return licence


def _named(disclosure: Disclosure) -> str:
    """How the audit trail names a disclosure: a restricted one by its restriction alone."""
    return RESTRICTED_TITLE if disclosure.restricted else disclosure.title


@dataclass(frozen=True)
class InventorIn:
    name: str
    party_id: int


@transaction.atomic
def disclosure_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    disclosed_on: datetime.date,
    rule: str,
    inventors: list[InventorIn],
    prosecuting_party_id: int,
    assigned_party_id: int | None = None,
    programme_id: int | None = None,
    restricted: bool = False,
) -> Disclosure:
    """Record an invention disclosure with its inventors; ownership follows the agreement's rule.
    A restricted one's details are for the patent committee's members (and the discloser)."""
    membership, _ = _manager(actor, alliance)
    if restricted and not committee_exists(alliance.pk, PATENT_COMMITTEE):
        raise invalid("restricted", "This alliance has no patent committee to restrict it to.")
    if rule not in Disclosure.Rule.values:
        raise invalid("rule", "Choose inventorship, joint or assigned ownership.")
    if disclosed_on > clock.today():
        raise invalid("disclosed_on", "A disclosure cannot be dated in the future.")
    if not inventors:
        raise invalid("inventors", "Name at least one inventor.")
    assigned = (
        _party_of(alliance, assigned_party_id, "assigned_party_id")
        if rule == Disclosure.Rule.ASSIGNED
        else None
    )
    programme = None
    if programme_id is not None:
        programme = Programme.objects.unscoped().filter(pk=programme_id, alliance=alliance).first()
        if programme is None:
            raise invalid("programme_id", "Choose one of this alliance's programmes.")
    disclosure = Disclosure(
        alliance=alliance,
        title=title.strip(),
        disclosed_on=disclosed_on,
        rule=rule,
        assigned_party=assigned,
        prosecuting_party=_party_of(alliance, prosecuting_party_id, "prosecuting_party_id"),
        programme=programme,
        restricted=restricted,
        created_by=actor,
    )
    _clean(disclosure)
    disclosure.save()
    for index, inventor in enumerate(inventors):
        if not inventor.name.strip():
            raise invalid(f"inventors.{index}.name", "Give the inventor's name.")
        party = _party_of(alliance, inventor.party_id, f"inventors.{index}.party_id")
        Inventor.objects.create(disclosure=disclosure, name=inventor.name.strip(), party=party)
    # A restricted disclosure's title and inventors stay out of the trail every party reads.
    after = {"title": disclosure.title, "rule": rule, "inventors": [i.name for i in inventors]}
    audit_record(
        actor=actor,
        action="ip.disclosure_recorded",
        obj=disclosure,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} recorded the invention disclosure “{_named(disclosure)}”",
        after={"rule": rule, "restricted": True} if restricted else after,
    )
    return disclosure


@transaction.atomic
def filing_record(
    *,
    actor: User,
    disclosure: Disclosure,
    kind: str,
    office: str,
    filed_on: datetime.date,
    number: str = "",
) -> Filing:
    """The prosecuting party records a filing; a priority filing sets the deadlines that follow."""
    disclosure = Disclosure.objects.unscoped().select_for_update(of=("self",)).get(pk=disclosure.pk)
    membership, party = _manager(actor, disclosure.alliance)
    if party.pk != disclosure.prosecuting_party_id:
        raise forbidden("Only the party that prosecutes this invention records its filings.")
    if not reads_details(actor, disclosure):
        raise forbidden("Only the patent committee's members record this invention's filings.")
    if kind not in Filing.Kind.values:
        raise invalid("kind", "Choose a priority, PCT or national filing.")
    if filed_on > clock.today():
        raise invalid("filed_on", "A filing cannot be dated in the future.")
    if filed_on < disclosure.disclosed_on:
        raise invalid("filed_on", "A filing cannot come before the invention was disclosed.")
    filing = Filing(
        disclosure=disclosure,
        kind=kind,
        office=office.strip().upper(),
        number=number.strip(),
        filed_on=filed_on,
        created_by=actor,
    )
    _clean(filing)
    filing.save()
    audit_record(
        actor=actor,
        action="ip.filing_recorded",
        obj=disclosure,
        organisation=membership.organisation,
        alliance=disclosure.alliance,
        summary=f"{actor} recorded the {filing.get_kind_display().lower()} "
        f"{filing.office if disclosure.restricted else filing} for “{_named(disclosure)}”",
        after={"kind": kind, "office": filing.office, "filed_on": filed_on.isoformat()},
    )
    return filing


@transaction.atomic
def royalty_patent_link(
    *,
    actor: User,
    asset: IpAsset,
    royalty_term_id: int,
    country: str,
    number: str,
    expires_on: datetime.date,
) -> RoyaltyPatent:
    """The owner of a background patent family names one of its patents, in one country, as
    bearing one of the deal's royalties, with the day its last valid claim expires."""
    membership, party = _manager(actor, asset.alliance)
    if party.pk != asset.owner_party_id:
        raise forbidden("Only the party that owns this patent family links it to a royalty.")
    if asset.kind != IpAsset.Kind.PATENT_FAMILY:
        raise invalid("asset", "Only a patent family bears royalties.")
    terms = deal_royalty_terms(user=actor, alliance=asset.alliance)
    if royalty_term_id not in terms:
        raise invalid("royalty_term_id", "Choose one of this alliance's royalty terms.")
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise invalid("country", "Give the country as its two-letter code: DE, US, JP.")
    patent = RoyaltyPatent(
        asset=asset,
        royalty_term_id=royalty_term_id,
        country=country,
        number=number.strip(),
        expires_on=expires_on,
        created_by=actor,
    )
    _clean(patent)
    patent.save()
    audit_record(
        actor=actor,
        action="ip.royalty_patent_linked",
        obj=patent,
        organisation=membership.organisation,
        alliance=asset.alliance,
        summary=f"{actor} linked {country} {patent.number} of “{asset.title}” to the royalty "
        f"“{terms[royalty_term_id]}”, expiring {expires_on}",
        after={
            "royalty_term_id": royalty_term_id,
            "country": country,
            "number": patent.number,
            "expires_on": expires_on.isoformat(),
        },
    )
    return patent
