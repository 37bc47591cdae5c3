"""Who acts, and for which side: the one copy of the checks every app's services make."""

import pytest
from django.core.exceptions import PermissionDenied

from concord.alliances.acting import active_membership, joined_party, managing_membership
from concord.alliances.models import Party


def test_an_active_member_acts_through_their_membership(cast):
    assert active_membership(cast.alice) == cast.alice.membership


def test_a_deactivated_person_acts_for_no_one_even_with_an_active_membership(cast):
    cast.alice.is_active = False
    with pytest.raises(PermissionDenied, match="Only active members"):
        active_membership(cast.alice)


def test_a_deactivated_membership_acts_for_no_one(cast):
    cast.alice.membership.is_active = False
    with pytest.raises(PermissionDenied, match="Only active members"):
        active_membership(cast.alice)


def test_only_alliance_managers_and_admins_manage(cast):
    assert managing_membership(cast.alice) == cast.alice.membership
    with pytest.raises(PermissionDenied, match="Only alliance managers and admins"):
        managing_membership(cast.carol)  # a viewer


def test_a_person_acts_only_for_their_own_joined_party(cast):
    party = joined_party(cast.bob, cast.helix_borealis)
    assert party.organisation == cast.borealis
    assert joined_party(cast.bob, cast.helix_borealis, status=Party.Status.ACCEPTED) == party
    for outsider in (cast.dave, cast.mallory, cast.carol):  # elsewhere, or read-only
        with pytest.raises(PermissionDenied, match="not joined this alliance"):
            joined_party(outsider, cast.helix_borealis)
