"""Reads of the IP register, always through visible_to(user)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from concord.alliances.models import Alliance, Party
from concord.alliances.selectors import accepted_party
from concord.core import clock
from concord.core.attachments import linkable
from concord.core.committees import seated_alliances
from concord.core.errors import invalid
from concord.ip import rules
from concord.ip.models import (
    PATENT_COMMITTEE,
    RESTRICTED_TITLE,
    Disclosure,
    Filing,
    Inventor,
    IpAsset,
    Licence,
    RoyaltyPatent,
)
from concord.orgs.models import User


@dataclass
class DisclosureRow:
    """A disclosure as the register shows it: its owners and the deadlines still ahead of it."""

    disclosure: Disclosure
    owners: list[Party]
    deadlines: list[rules.Deadline] = field(default_factory=list)


@dataclass
class RoyaltyCountry:
    """The royalty-bearing patents of one royalty term in one country: the term ends there when
    the last of them expires."""

    country: str
    patents: list[RoyaltyPatent]

    @property
    def ends_on(self) -> datetime.date:
        return max(patent.expires_on for patent in self.patents)

    @property
    def has_ended(self) -> bool:
        return self.ends_on < clock.today()


@dataclass
class RoyaltyTermRow:
    """One of the deal's royalty terms, country by country, with the patents it rests on."""

    pk: int
    title: str
    countries: list[RoyaltyCountry] = field(default_factory=list)

    @property
    def ends_on(self) -> datetime.date | None:
        """The last valid claim anywhere: the royalty term's end."""
        return max((country.ends_on for country in self.countries), default=None)


@dataclass
class Register:
    """An alliance's IP register: background assets with their licences, and inventions."""

    alliance: Alliance
    parties: list[Party]
    assets: list[IpAsset]
    disclosures: list[DisclosureRow]
    royalty_terms: list[RoyaltyTermRow] = field(default_factory=list)


def own_party(*, user: User, alliance: Alliance) -> Party | None:
    return accepted_party(user=user, alliance=alliance)


def _parties(user: User, alliance: Alliance) -> list[Party]:
    return list(
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
    )


def _disclosures(user: User) -> Any:
    return (
        Disclosure.objects.visible_to(user)
        .select_related(
            "alliance",
            "prosecuting_party__organisation",
            "assigned_party__organisation",
            "programme",
        )
        .prefetch_related(
            Prefetch(
                "inventors", Inventor.objects.visible_to(user).select_related("party__organisation")
            ),
            Prefetch("filings", Filing.objects.visible_to(user)),
            Prefetch("licences", Licence.objects.visible_to(user)),
        )
    )


def reads_details(user: User, disclosure: Disclosure) -> bool:
    """Whether the person reads a disclosure's details: any one not restricted; a restricted
    one only a member of the alliance's patent committee, or the person who disclosed it."""
    if not disclosure.restricted or disclosure.created_by_id == user.pk:
        return True
    return disclosure.alliance_id in seated_alliances(user, PATENT_COMMITTEE)


def _masked(user: User, disclosures: Iterable[Disclosure]) -> list[Disclosure]:
    """The disclosures as the person may read them: a restricted one outside the committee
    keeps only that it exists, when, under which rule and who prosecutes it (one query at most)."""
    found = list(disclosures)
    restricted = [d for d in found if d.restricted and d.created_by_id != user.pk]
    seated = seated_alliances(user, PATENT_COMMITTEE) if restricted else set()
    for disclosure in restricted:
        if disclosure.alliance_id not in seated:
            _hide(user, disclosure)
    return found


def _hide(user: User, disclosure: Disclosure) -> None:
    disclosure.details_hidden = True
    disclosure.title = RESTRICTED_TITLE
    disclosure.programme = None
    disclosure.assigned_party = None
    cache = disclosure._prefetched_objects_cache  # type: ignore[attr-defined]
    cache["inventors"] = Inventor.objects.visible_to(user).none()
    cache["filings"] = Filing.objects.visible_to(user).none()
    cache["licences"] = Licence.objects.visible_to(user).none()


def disclosure_row(disclosure: Disclosure, parties: list[Party]) -> DisclosureRow:
    if disclosure.details_hidden:
        return DisclosureRow(disclosure, [])
    by_pk = {p.pk: p for p in parties}
    inventors = list(disclosure.inventors.all())
    owner_ids = rules.owners(disclosure, inventors, by_pk)
    return DisclosureRow(
        disclosure,
        [by_pk[pk] for pk in owner_ids if pk in by_pk],
        rules.deadlines(disclosure, list(disclosure.filings.all())),
    )


def register(*, user: User, alliance: Alliance) -> Register:
    """The whole register of one alliance, in a fixed number of queries."""
    parties = _parties(user, alliance)
    assets = list(
        IpAsset.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("owner_party__organisation")
        .prefetch_related(
            Prefetch(
                "licences",
                Licence.objects.visible_to(user).select_related("licensee_party__organisation"),
            )
        )
    )
    disclosures = [
        disclosure_row(d, parties)
        for d in _masked(user, _disclosures(user).filter(alliance=alliance))
    ]
    terms = royalty_terms(user=user, alliance=alliance)
    return Register(alliance, parties, assets, disclosures, terms)


def deal_royalty_terms(*, user: User, alliance: Alliance) -> dict[int, str]:
    """The deal's royalty terms the user may read, by pk, from core's linkable registry (one
    query; none where the deals capability is not installed)."""
    kind = linkable("deals.royaltyterm")
    if kind is None:
        return {}
    return {term.pk: str(term) for term in kind.records(user, alliance)}


def royalty_terms(*, user: User, alliance: Alliance) -> list[RoyaltyTermRow]:
    """Each royalty term the user may read, with its patents country by country (two queries).

    A patent linked to a term the reader may not see is left out with the term."""
    rows = {
        pk: RoyaltyTermRow(pk, title)
        for pk, title in deal_royalty_terms(user=user, alliance=alliance).items()
    }
    patents = (
        RoyaltyPatent.objects.visible_to(user)
        .filter(asset__alliance=alliance, royalty_term_id__in=list(rows))
        .select_related("asset")
    )
    for patent in patents:
        countries = rows[patent.royalty_term_id].countries
        if not countries or countries[-1].country != patent.country:
            countries.append(RoyaltyCountry(patent.country, []))
        countries[-1].patents.append(patent)
    return list(rows.values())


def asset_get(*, user: User, pk: int) -> IpAsset:
    return IpAsset.objects.visible_to(user).select_related("alliance").get(pk=pk)


def disclosure_get(*, user: User, pk: int) -> Disclosure:
    return _masked(user, [_disclosures(user).get(pk=pk)])[0]


def awaiting_decision(*, user: User, alliance: Alliance) -> list[DisclosureRow]:
    """Inventions with no filing yet, oldest first: the patent committee decides whether and
    where to file them. A fixed number of queries."""
    parties = _parties(user, alliance)
    waiting = _disclosures(user).filter(alliance=alliance, filings__isnull=True)
    rows = [disclosure_row(d, parties) for d in _masked(user, waiting)]
    return sorted(rows, key=lambda row: (row.disclosure.disclosed_on, row.disclosure.pk))


def use_answer(
    *,
    user: User,
    thing: IpAsset | Disclosure,
    party_id: int,
    field: str,
    territory: str,
    use: str,
    on: datetime.date | None = None,
) -> rules.UseAnswer:
    """Whether a party may use an asset or an invention: owned, licensed, or not (and why)."""
    if isinstance(thing, Disclosure) and thing.details_hidden:
        raise invalid("disclosure_id", "This invention's details are for the patent committee.")
    parties = _parties(user, thing.alliance)
    if isinstance(thing, IpAsset):
        owner_ids = [thing.owner_party_id]
    else:
        owner_ids = rules.owners(thing, list(thing.inventors.all()), [p.pk for p in parties])
    licences = (
        list(thing.licences.all())
        if isinstance(thing, Disclosure)
        else list(Licence.objects.visible_to(user).filter(asset=thing))
    )
    return rules.may_use(
        thing=thing,
        party_id=party_id,
        owner_ids=owner_ids,
        licences=licences,
        field=field,
        territory=territory,
        use=use,
        on=on or clock.today(),
    )


def deadlines_of(*, user: User, organisation_filter: dict[str, Any]) -> list[rules.Deadline]:
    """Filing deadlines still to come of the inventions the given parties prosecute."""
    found: list[rules.Deadline] = []
    for disclosure in _masked(user, _disclosures(user).filter(**organisation_filter)):
        found.extend(rules.deadlines(disclosure, list(disclosure.filings.all())))
    return found
