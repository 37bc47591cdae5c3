"""Schemas of amendments: a proposed change to one agreed term, the parties' acts on it."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema, SignatureIn, SignatureOut, one_of
from concord.core.models import Signature
from concord.core.signatures import signatures_shown
from concord.deals.models import Amendment, AmendmentAct
from concord.deals.schemas._common import PartyRefOut
from concord.deals.schemas.costshare import ShareIn
from concord.deals.schemas.royalties import TierIn

AmendmentTerm = Annotated[str, one_of("AmendmentTerm", Amendment.Term)]
AmendmentStatus = Annotated[str, one_of("AmendmentStatus", Amendment.Status)]
AmendmentAnswer = Annotated[str, one_of("AmendmentAnswer", AmendmentAct.Answer)]
ACTING_FOR = "Your own party, if you name it: each party acts only for itself."


class AmendmentIn(SignatureIn):
    """A change to one agreed term, from a date. The new value goes in the field its term takes:
    `value` for an amount or a sales milestone's rule ("reaches", "exceeds"), `tiers` for royalty
    tiers, `shares` for a cost-share split, `window_opens` and `window_closes` for the option.
    Proposing is your party's approval: signed with your password and the meaning `approve`."""

    term: AmendmentTerm
    subject_id: Id = Field(description="The milestone, royalty, option, tranche or workstream.")
    effective_from: datetime.date
    reason: str = Field(min_length=1, max_length=5000)
    value: str | None = Field(None, max_length=40)
    tiers: list[TierIn] | None = Field(None, min_length=1, max_length=10)
    shares: list[ShareIn] | None = Field(None, min_length=2, max_length=10)
    window_opens: datetime.date | None = None
    window_closes: datetime.date | None = None
    party_id: Id | None = Field(None, description=ACTING_FOR)


class AmendmentActIn(InputSchema):
    party_id: Id | None = Field(None, description=ACTING_FOR)


class AmendmentApproveIn(SignatureIn):
    """Approve an amendment for your party: your password, re-entered, and the meaning
    `approve` (an electronic signature)."""

    party_id: Id | None = Field(None, description=ACTING_FOR)


class AmendmentRejectIn(SignatureIn):
    """Reject an amendment, saying why: signed with your password and the meaning `reject`."""

    reason: str = Field(min_length=1, max_length=5000)
    party_id: Id | None = Field(None, description=ACTING_FOR)


class AmendmentActOut(Schema):
    party: PartyRefOut
    answer: AmendmentAnswer
    by: str
    at: datetime.datetime

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return obj.by.get_full_name() or obj.by.email


class AmendmentOut(Schema):
    """An amendment and the term's values before and after, as data and in words."""

    id: int
    term: AmendmentTerm
    term_label: str
    subject_id: int
    subject_label: str
    old_value: Any
    new_value: Any
    old_display: str
    new_display: str
    effective_from: datetime.date
    reason: str
    status: AmendmentStatus
    version: int | None = Field(description="The term's version it made (1 is as signed).")
    proposing_party: PartyRefOut
    proposed_by: str
    proposed_at: datetime.datetime
    closed_by: str | None
    closed_at: datetime.datetime | None
    closing_note: str
    acts: list[AmendmentActOut]
    signatures: list[SignatureOut] = Field(
        description="The signature manifest: the proposer's approval, signed as it proposed, "
        "and each other party's approval or rejection, signed."
    )

    @staticmethod
    def resolve_term_label(obj: Any) -> str:
        return str(obj.amendment.get_term_display())

    @staticmethod
    def resolve_proposed_by(obj: Any) -> str:
        return obj.proposed_by.get_full_name() or obj.proposed_by.email

    @staticmethod
    def resolve_closed_by(obj: Any) -> str | None:
        user = obj.closed_by
        return None if user is None else (user.get_full_name() or user.email)

    @staticmethod
    def resolve_acts(obj: Any) -> list[Any]:
        return list(obj.amendment.acts.all())

    @staticmethod
    def resolve_signatures(obj: Any, context: Any) -> list[Signature]:
        return signatures_shown(obj.amendment, context)
