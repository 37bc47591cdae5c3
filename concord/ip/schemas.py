"""Schemas of the IP register's API: background IP and licences, inventions and filings, and
the answer to "who may use what"."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema, one_of
from concord.ip.models import Disclosure, Filing, IpAsset, Use

AssetKind = Annotated[str, one_of("IpAssetKind", IpAsset.Kind)]
OwnershipRule = Annotated[str, one_of("OwnershipRule", Disclosure.Rule)]
FilingKind = Annotated[str, one_of("FilingKind", Filing.Kind)]
UseName = Annotated[str, one_of("IpUse", Use)]


class AssetIn(InputSchema):
    kind: AssetKind
    title: str = Field(min_length=1, max_length=200)
    numbers: str = Field("", max_length=500)
    territories: str = Field("", max_length=300, description="Country codes, comma-separated.")


class LicenceIn(InputSchema):
    licensee_party_id: Id
    use: UseName
    field: str = Field("", max_length=200, description="Blank: any field.")
    territories: str = Field("", max_length=300, description="Blank: worldwide.")
    exclusive: bool = False
    until: datetime.date | None = None


class LicenceOut(Schema):
    id: int
    licensee_party_id: int
    use: UseName
    field: str
    territories: str
    exclusive: bool
    until: datetime.date | None


class AssetOut(Schema):
    id: int
    alliance_id: int
    owner_party_id: int
    kind: AssetKind
    title: str
    numbers: str
    territories: str
    licences: list[LicenceOut]

    @staticmethod
    def resolve_licences(obj: IpAsset) -> list[Any]:
        return list(obj.licences.all())


class InventorIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    party_id: Id


class DisclosureIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    disclosed_on: datetime.date
    rule: OwnershipRule
    inventors: list[InventorIn] = Field(min_length=1, max_length=50)
    prosecuting_party_id: Id
    assigned_party_id: Id | None = None
    programme_id: Id | None = None
    restricted: bool = Field(
        False, description="Restrict its details to the members of the patent committee."
    )


class InventorOut(Schema):
    name: str
    party_id: int


class FilingIn(InputSchema):
    kind: FilingKind
    office: str = Field(min_length=1, max_length=20)
    number: str = Field("", max_length=100)
    filed_on: datetime.date


class FilingOut(Schema):
    id: int
    kind: FilingKind
    office: str
    number: str
    filed_on: datetime.date


class DeadlineOut(Schema):
    what: str
    due: datetime.date


class DisclosureOut(Schema):
    id: int
    alliance_id: int
    title: str
    disclosed_on: datetime.date
    rule: OwnershipRule
    assigned_party_id: int | None
    prosecuting_party_id: int
    programme_id: int | None
    restricted: bool
    details_hidden: bool = Field(
        description="Restricted to the patent committee, which you are not on: only that it "
        "exists, when and who prosecutes it are shown."
    )
    inventors: list[InventorOut]
    owner_party_ids: list[int] = Field(description="Who owns it, by the agreement's rule.")
    filings: list[FilingOut]
    deadlines: list[DeadlineOut]


class RoyaltyPatentLinkOut(Schema):
    id: int
    asset_id: int
    number: str
    expires_on: datetime.date


class RoyaltyCountryPatentsOut(Schema):
    country: str
    ends_on: datetime.date
    has_ended: bool
    patents: list[RoyaltyPatentLinkOut]


class RoyaltyTermPatentsOut(Schema):
    """One of the deal's royalty terms and, country by country, the patents it rests on."""

    id: int = Field(alias="pk")
    title: str
    ends_on: datetime.date | None
    countries: list[RoyaltyCountryPatentsOut]


class RegisterOut(Schema):
    assets: list[AssetOut]
    disclosures: list[DisclosureOut]
    royalty_terms: list[RoyaltyTermPatentsOut]


class UseQuery(InputSchema):
    party_id: Id
    territory: str = Field(min_length=2, max_length=10)
    use: UseName
    field: str = Field("", max_length=200)
    asset_id: Id | None = None
    disclosure_id: Id | None = None


class UseAnswerOut(Schema):
    licensed: bool
    reason: str
    licence: LicenceOut | None
