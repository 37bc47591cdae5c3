"""Governance API schemas: decisions, votes and written consent, and the decision log's filters."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from concord.alliances.api import PersonOut
from concord.core.api import (
    Id,
    InputSchema,
    PageIn,
    PageOut,
    SignatureIn,
    SignatureMeaning,
    SignatureOut,
)
from concord.core.models import Signature
from concord.core.signatures import signatures_shown
from concord.governance.models import (
    Decision,
    DecisionVote,
    MatterCategory,
)
from concord.governance.schemas._common import (
    Category,
    Method,
    Outcome,
    Vote,
)


class MatterIn(InputSchema):
    """What a matter is about, which the charter's carve-out rules read: its category and any
    change to the budget it asks for."""

    category: Category = MatterCategory.GENERAL.value
    budget_change: Decimal | None = Field(
        None, max_digits=18, decimal_places=2, description="The change to the budget it asks for."
    )
    budget_currency: str = Field("", max_length=3, description="ISO 4217, with budget_change.")


class VoteOut(Schema):
    """One party's own vote: who cast it and when, and the vote it replaced if it changed."""

    party_id: int
    organisation: str
    vote: Vote
    cast_by: PersonOut
    cast_at: datetime.datetime
    replaced_vote: str

    @staticmethod
    def resolve_organisation(obj: DecisionVote) -> str:
        return obj.party.organisation.name


class DecisionOut(Schema):
    id: int
    reference: str
    committee_id: int
    meeting_id: int | None
    title: str
    text: str
    carve_out: str
    method: Method
    outcome: Outcome
    note: str
    created_at: datetime.datetime
    votes_close_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    category: Category
    budget_change: str | None
    budget_currency: str
    votes: list[VoteOut]
    signatures: list[SignatureOut] = Field(
        description="The signature manifest: every vote's electronic signature, changes included."
    )

    @staticmethod
    def resolve_votes(obj: Decision) -> list[DecisionVote]:
        return list(obj.votes.all())

    @staticmethod
    def resolve_signatures(obj: Decision, context: Any) -> list[Signature]:
        return signatures_shown(obj, context)

    @staticmethod
    def resolve_budget_change(obj: Decision) -> str | None:
        return None if obj.budget_change is None else f"{Decimal(obj.budget_change):.2f}"


class DecisionPageOut(PageOut):
    items: list[DecisionOut]


class PartyVoteIn(InputSchema):
    party_id: Id
    vote: Vote


class CommitteeDecisionIn(InputSchema):
    """A resolution put to the vote. Casting your own party's vote now (`votes`) signs it: send
    your password and the meaning that fits the vote (for: approve, against: reject, abstain:
    review)."""

    title: str = Field(min_length=1, max_length=200)
    text: str = Field("", max_length=10_000)
    carve_out: str = Field("", max_length=200)
    agenda_item_id: Id | None = None
    votes: list[PartyVoteIn] = Field(default_factory=list, max_length=20)
    password: str | None = Field(
        None,
        max_length=4096,
        description="With `votes`: your own password, re-entered.",
        json_schema_extra={"format": "password"},
    )
    meaning: SignatureMeaning | None = Field(None, description="With `votes`: what it means.")
    code: str | None = Field(
        None,
        max_length=64,
        description="With `votes`, once you have two-factor authentication: a current code "
        "from your authenticator app, or a recovery code.",
    )


class DeferralIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=5000, description="Why it was put off, and until when.")
    text: str = Field("", max_length=10_000)
    agenda_item_id: Id | None = None


class WrittenConsentIn(MatterIn):
    """A decision sought by written consent. Its category and budget change are set now, for
    every party to see; the charter's carve-out rules apply to them whatever `carve_out` says."""

    title: str = Field(min_length=1, max_length=200)
    text: str = Field(
        min_length=1, max_length=10_000, description="The resolution each party consents to."
    )
    carve_out: str = Field("", max_length=200)


class VoteIn(SignatureIn):
    """Your own party's vote, an electronic signature: your password, re-entered, and the
    meaning that fits the vote (for: approve, against: reject, abstain: review). Naming another
    party is refused; a second vote for your party needs `change` (it replaces the first,
    openly, and is signed again)."""

    vote: Vote
    party_id: Id | None = Field(None, description="Your own party, if you name it.")
    change: bool = False


class DecisionLogIn(PageIn):
    search: str = Field("", max_length=200)
    committee_id: Id | None = None
    outcome: Outcome | None = None
    method: Method | None = None
    carve_out: bool = False
    since: datetime.date | None = None
    until: datetime.date | None = None
