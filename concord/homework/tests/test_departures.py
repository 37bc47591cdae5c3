"""Departures reach continuity at once: when an organisation's admin deactivates someone, orgs
sends core's `member_departed` and homework re-checks the maps that person is on, without
waiting for the nightly sweep. Homework and orgs never import each other for it."""

from __future__ import annotations

import pytest

from concord.homework import selectors
from concord.homework.tests.helpers import borealis_party, put_on_team, stakeholder
from concord.orgs import services as org_services
from concord.orgs.models import Membership

pytestmark = pytest.mark.django_db


def alerts(who, cast):
    return sorted(
        (a.kind, a.stakeholder.name if a.stakeholder else None)
        for a in selectors.alert_list(user=who, alliance=cast.helix_borealis)
    )


def deactivate(admin, user):
    membership = Membership.objects.unscoped().get(user=user)
    org_services.membership_update(actor=admin, membership=membership, is_active=False)


def test_the_partners_admin_deactivating_a_sponsor_raises_the_alert_at_once(cast):
    put_on_team(borealis_party(cast), cast.erin)
    stakeholder(cast, person=cast.erin)  # Helix's map of Borealis: Erin is a sponsor
    stakeholder(cast, name="Gus Grant", stance="supportive")

    deactivate(cast.bob, cast.erin)  # Bob, Borealis's admin: Erin has left Borealis

    assert alerts(cast.alice, cast) == [
        ("few_sponsors", None),
        ("stakeholder_left", "Erin Eklund"),
    ]
    # Helix's map and its alerts stay Helix's: Bob's departure act shows him nothing of them.
    assert alerts(cast.bob, cast) == []


def test_deactivating_one_of_our_relationship_owners_asks_to_reassign_at_once(cast):
    Membership.objects.unscoped().filter(user=cast.carol).update(role="alliance_manager")
    stakeholder(cast, owner=cast.carol)
    stakeholder(cast, name="Gus Grant", stance="supportive")

    deactivate(cast.alice, cast.carol)

    assert alerts(cast.alice, cast) == [("owner_left", "Erin Eklund")]


def test_someone_on_no_map_leaves_without_an_alert(cast):
    stakeholder(cast, name="Gus Grant", stance="supportive")
    stakeholder(cast, name="Hal Hart", stance="champion")

    deactivate(cast.bob, cast.erin)

    assert alerts(cast.alice, cast) == []
