"""The organisations and people of the benchmark's portfolio."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth.hashers import make_password

from bench.generate._common import (
    FIRST_NAMES,
    HISTORY,
    LAST_NAMES,
    PASSWORD,
    PREFIXES,
    Cast,
    _event,
)
from concord.orgs.models import Membership, Organisation, User

# --- Organisations and people ----------------------------------------------------------------


def _cast(organisations: int, rng: random.Random, now: datetime.datetime) -> Cast:
    """The pharma and its partners, each with a handful of people."""
    kinds = ["biotech"] * 30 + ["academic"] * 4 + ["cro"] * 3 + ["investor"] * 2
    founded = now - HISTORY - datetime.timedelta(days=30)
    orgs = [Organisation(name="Benchmark Pharma", kind="pharma", country="GB", created_at=founded)]
    for i in range(organisations - 1):
        kind = kinds[i % len(kinds)]
        suffix = {
            "biotech": "Bio",
            "academic": "University",
            "cro": "Research",
            "investor": "Ventures",
        }
        orgs.append(
            Organisation(
                name=f"{PREFIXES[i % len(PREFIXES)]} {suffix[kind]} {i // len(PREFIXES) or ''}".strip(),
                kind=kind,
                country=rng.choice(["GB", "US", "DE", "FR", "NL", "CH", "DK", "JP"]),
                created_at=founded,
            )
        )
    orgs = Organisation.objects.bulk_create(orgs)
    people = _people(orgs, rng, founded)
    return Cast(orgs[0], orgs[1:], people)


PHARMA_ROLES = ["alliance_manager"] * 8 + ["executive_sponsor"] * 3 + ["business_development"] * 3
PHARMA_ROLES += ["scientist"] * 6 + ["finance"] * 2 + ["viewer"] * 2
PARTNER_ROLES = [
    "alliance_manager",
    "executive_sponsor",
    "scientist",
    "scientist",
    "finance",
    "viewer",
]


def _people(
    orgs: list[Organisation], rng: random.Random, joined: datetime.datetime
) -> dict[int, list[Membership]]:
    """Everyone, sharing one password hash (hashing is slow on purpose)."""
    password = make_password(PASSWORD)
    users, roles = [], []
    for n, org in enumerate(orgs):
        for i, role in enumerate(PHARMA_ROLES if n == 0 else PARTNER_ROLES):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first.lower()}.{last.lower()}.{n}.{i}@org{n}.bench.example"
            users.append(
                User(
                    username=email,
                    email=email,
                    first_name=first,
                    last_name=last,
                    password=password,
                    date_joined=joined,
                )
            )
            roles.append((org, role, i == 0))
    users = User.objects.bulk_create(users)
    memberships = Membership.objects.bulk_create(
        Membership(user=u, organisation=o, role=r, is_admin=a, joined_at=joined)
        for u, (o, r, a) in zip(users, roles, strict=True)
    )
    by_org: dict[int, list[Membership]] = {}
    for m in memberships:
        by_org.setdefault(m.organisation_id, []).append(m)
    return by_org


def _org_events(
    cast: Cast, now: datetime.datetime
) -> list[tuple[datetime.datetime, dict[str, Any]]]:
    """Sign-ups and people joining, at the start of the history."""
    events = []
    for org_id, members in cast.people.items():
        for i, m in enumerate(members):
            action = "organisation.signed_up" if i == 0 else "member.joined"
            obj_type, obj_id = ("organisation", org_id) if i == 0 else ("membership", m.pk)
            when = now - HISTORY - datetime.timedelta(days=29) + datetime.timedelta(minutes=i)
            events.append(
                (when, _event(m.user, org_id, None, obj_type, obj_id, action, f"{m.user} joined"))
            )
    return events
