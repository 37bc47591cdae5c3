from concord.alliances.models import Alliance, Note


def test_alice_sees_her_alliance_and_not_her_rivals(cast):
    assert list(Alliance.objects.visible_to(cast.alice)) == [cast.helix_borealis]
    assert set(Alliance.objects.visible_to(cast.bob)) == {cast.helix_borealis, cast.cobalt_borealis}
    assert list(Alliance.objects.visible_to(cast.mallory)) == []


def test_private_notes_stay_with_their_owner(cast):
    alice_notes = set(Note.objects.visible_to(cast.alice))
    assert alice_notes == {cast.helix_private_note, cast.shared_note}
    bob_notes = set(Note.objects.visible_to(cast.bob))
    assert bob_notes == {cast.borealis_private_note, cast.shared_note, cast.cobalt_private_note}
