"""The organisations API's schemas: tokens, organisations, the signed-in person and their mail."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Field, Schema

from concord.core.api import InputSchema, PageIn, PageOut, one_of
from concord.core.models import OutboxEmail
from concord.orgs.models import ApiToken, Membership, Organisation

OrganisationKind = Annotated[str, one_of("OrganisationKind", Organisation.Kind)]
MemberRole = Annotated[str, one_of("MemberRole", Membership.Role)]
NotificationStatus = Annotated[str, one_of("NotificationStatus", OutboxEmail.Status)]
TokenScope = Annotated[str, one_of("TokenScope", ApiToken.Scope)]


class TokenIn(InputSchema):
    username: str = Field(max_length=150, description="Your email address.")
    password: str = Field(max_length=128)
    scope: TokenScope = Field("write", description="`read` may only read; `write` may also change.")
    expires_in_days: int = Field(
        30, ge=1, le=365, description="The token stops working after this many days."
    )


class TokenOut(Schema):
    token: str = Field(description="Send it as `Authorization: Bearer <token>`; shown only once.")
    scope: TokenScope
    expires_at: datetime.datetime


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    country: str
    time_zone: str


class OrganisationPageOut(PageOut):
    items: list[OrganisationOut]


class OrganisationSearchIn(PageIn):
    search: str = Field("", max_length=200, description="Part of the organisation's name.")


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    organisation: OrganisationOut
    role: MemberRole
    is_admin: bool


class NotificationOut(Schema):
    id: int
    subject: str
    queued_at: datetime.datetime = Field(alias="created_at", description="When Concord wrote it.")
    sent_at: datetime.datetime | None = Field(description="When the mail server accepted it.")
    status: NotificationStatus = Field(
        description="`pending` waits to be sent (again, after a failed attempt: see `attempts`); "
        "`failed` gave up after every retry."
    )
    attempts: int = Field(description="Delivery attempts made so far.")


class NotificationPageOut(PageOut):
    items: list[NotificationOut]
