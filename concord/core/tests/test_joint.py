"""The one rule for joint acts, told without any feature: each party acts for itself, once,
and the act is complete only when every required party has acted."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.core.joint import JointAct, PartyAct, act_admitted, acting_party

pytestmark = pytest.mark.django_db


@dataclass
class FakeParty:
    pk: int
    organisation_id: int


def test_a_joint_act_completes_only_when_every_required_party_has_acted():
    joint = JointAct.of([1, 2], [PartyAct(1, "for")])
    assert joint.missing == (2,) and not joint.is_complete
    joint = JointAct.of([1, 2], [PartyAct(1, "for"), PartyAct(2, "for"), PartyAct(9, "no")])
    assert joint.is_complete and joint.answers == {1: "for", 2: "for"}
    assert joint.all_answered("for") and not joint.all_answered("against")
    assert not JointAct.of([], []).is_complete


def test_a_party_acts_once_unless_it_changes_its_act_explicitly():
    joint = JointAct.of([1, 2], [PartyAct(1, "for")])
    assert act_admitted(joint, 2) is None
    with pytest.raises(ValidationError) as refused:
        act_admitted(joint, 1, field="vote")
    assert "vote" in refused.value.message_dict
    assert act_admitted(joint, 1, change=True) == PartyAct(1, "for")
    with pytest.raises(ValidationError, match="not acted"):
        act_admitted(joint, 2, change=True)


def test_a_person_acts_only_for_their_own_party_and_with_the_right_role(cast):
    helix = FakeParty(pk=10, organisation_id=cast.helix.pk)
    borealis = FakeParty(pk=20, organisation_id=cast.borealis.pk)
    parties = [helix, borealis]

    def anyone(*_: object) -> bool:
        return True

    assert acting_party(cast.alice, parties, may_act=anyone, role_rule="") is helix
    assert acting_party(cast.bob, parties, may_act=anyone, role_rule="", named_party_id=20) is (
        borealis
    )
    with pytest.raises(ValidationError) as refused:
        acting_party(cast.alice, parties, may_act=anyone, role_rule="", named_party_id=20)
    assert "party_id" in refused.value.message_dict
    with pytest.raises(PermissionDenied, match="role rule"):
        acting_party(cast.alice, parties, may_act=lambda *_: False, role_rule="role rule")
    with pytest.raises(PermissionDenied):
        acting_party(cast.mallory, parties, may_act=anyone, role_rule="")
