"""Organisations and people: each demo organisation signs up, its admin invites the colleagues,
and they join over the following weeks."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from concord.demo.data import DEMO_PASSWORD, ORGS, DemoOrg
from concord.demo.dates import moment
from concord.orgs import services as org_services
from concord.orgs.models import Organisation, User

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Organisations and people"


def schedule(story: Story) -> None:
    """Every organisation's sign-up and every colleague's invitation."""
    for org in ORGS:
        schedule_org(story, org)


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {"organisations": Organisation.objects.count(), "people": User.objects.count()}


def schedule_org(story: Story, org: DemoOrg) -> None:
    """The admin signs the organisation up; colleagues are invited and join over the next weeks."""
    admin, *colleagues = org.people
    joined = moment(org.joined, 9)

    def signup() -> None:
        membership = org_services.organisation_signup(
            name=org.name,
            kind=org.kind,
            country=org.country,
            time_zone=org.time_zone,
            email=org.email(admin.key),
            password=DEMO_PASSWORD,
            first_name=admin.first,
            last_name=admin.last,
            role=admin.role,
        )
        story.users[f"{org.key}/{admin.key}"] = membership.user

    story.at(joined, signup)
    for i, person in enumerate(colleagues):
        invited = joined + datetime.timedelta(days=1 + i, hours=1)
        holder: dict[str, str] = {}

        def invite(person: Any = person, holder: dict[str, str] = holder) -> None:
            issued = org_services.invitation_create(
                actor=story.person(org.key, admin.key),
                email=org.email(person.key),
                role=person.role,
                is_admin=person.is_admin,
            )
            holder["token"] = issued.token

        def accept(person: Any = person, holder: dict[str, str] = holder) -> None:
            membership = org_services.invitation_accept(
                token=holder["token"],
                password=DEMO_PASSWORD,
                first_name=person.first,
                last_name=person.last,
            )
            story.users[f"{org.key}/{person.key}"] = membership.user

        story.at(invited, invite)
        story.at(invited + datetime.timedelta(hours=5, minutes=10 + 7 * i), accept)
