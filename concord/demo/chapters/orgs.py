"""Organisations and people: each demo organisation signs up, its admin invites the colleagues,
and they join over the following weeks."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from concord.demo.data import DEMO_PASSWORD, ORGS, PHARMA, DemoOrg
from concord.demo.dates import moment
from concord.orgs import services as org_services
from concord.orgs.models import Organisation, User

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Organisations and people"


# Castlegate's IT registered Concord with its identity provider; it stays off in the demo (so
# the published password logins work) until `make idp` runs a local provider and turns it on.
IDP_PORT = 8001
IDP_CLIENT_ID = "concord-castlegate"
IDP_CLIENT_SECRET = "castlegate-demo-client-secret"  # noqa: S105 - the local demo provider's


def schedule(story: Story) -> None:
    """Every organisation's sign-up and every colleague's invitation; Castlegate's single sign-on
    and a read-only API token for its portfolio export."""
    for org in ORGS:
        schedule_org(story, org)
    castlegate = next(org for org in ORGS if org.key == PHARMA)
    admin = castlegate.people[0].key
    story.at(
        moment(castlegate.joined, 15) + datetime.timedelta(days=60),
        lambda: castlegate_sso(story.person(PHARMA, admin), castlegate.domain),
    )
    story.at(
        moment(castlegate.joined, 16) + datetime.timedelta(days=61),
        lambda: org_services.api_token_create(
            actor=story.person(PHARMA, castlegate.lead),
            name="Quarterly portfolio export",
            scope="read",
            expires_in_days=365,
        ),
    )


def castlegate_sso(
    admin: User, domain: str, *, enabled: bool = False, port: int = IDP_PORT
) -> None:
    """Castlegate's OpenID Connect provider for its domain, joining newcomers as viewers."""
    org_services.identity_provider_save(
        actor=admin,
        name="Castlegate sign-in",
        issuer=f"http://127.0.0.1:{port}",
        client_id=IDP_CLIENT_ID,
        client_secret=IDP_CLIENT_SECRET,
        domains=[domain],
        default_role="viewer",
        is_enabled=enabled,
    )


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
