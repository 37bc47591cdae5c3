"""The confidentiality choke point: scoped reads, strict mode, and who sees which rows."""

import pytest

from concord.alliances.models import Alliance, Gate, Note, PartnerInvitation, Party, Programme
from concord.alliances.services import party_invite
from concord.core.models import AuditEvent
from concord.core.tenancy import UnscopedQueryError, system_reads
from concord.orgs.models import ApiToken, Invitation, Membership
from concord.orgs.services import api_token_create, membership_update
from conftest import signed


def test_reading_a_tenant_table_without_a_scope_raises(cast):
    with pytest.raises(UnscopedQueryError):
        list(Alliance.objects.all())
    with pytest.raises(UnscopedQueryError):
        Note.objects.filter(title__icontains="x").count()
    with pytest.raises(UnscopedQueryError):
        Party.objects.exists()


def test_updating_or_deleting_a_tenant_table_without_a_scope_raises(cast):
    with pytest.raises(UnscopedQueryError):
        Note.objects.filter(title__icontains="x").update(title="Overwritten")
    with pytest.raises(UnscopedQueryError):
        Note.objects.all().delete()
    assert Note.objects.unscoped().filter(title="Overwritten").count() == 0
    assert Note.objects.unscoped().count() == 4


def test_scoped_updates_and_deletes_touch_only_the_scope(cast):
    assert Note.objects.editable_by(cast.alice).update(title="Helix's") == 2
    titles = {note.pk: note.title for note in Note.objects.unscoped()}
    assert titles[cast.helix_private_note.pk] == titles[cast.shared_note.pk] == "Helix's"
    assert titles[cast.borealis_private_note.pk] == "Borealis portfolio review"

    assert Note.objects.editable_by(cast.bob).filter(alliance=cast.cobalt_borealis).delete()[0] == 1
    assert Note.objects.editable_by(cast.carol).delete()[0] == 0  # read-only: nothing to delete
    assert Note.objects.unscoped().count() == 3


def test_explicit_escape_hatches_are_allowed(cast):
    assert Alliance.objects.unscoped().count() == 2
    with system_reads():
        assert Alliance.objects.count() == 2


def test_related_managers_of_an_in_scope_row_are_allowed(cast):
    alliance = Alliance.objects.visible_to(cast.alice).get()
    assert {p.organisation for p in alliance.parties.all()} == {cast.helix, cast.borealis}


def test_the_rivals_alliance_is_invisible_to_alice_even_its_count(cast):
    assert Alliance.objects.visible_to(cast.alice).count() == 1
    assert not Alliance.objects.visible_to(cast.alice).filter(pk=cast.cobalt_borealis.pk).exists()
    assert not Party.objects.visible_to(cast.alice).filter(organisation=cast.cobalt).exists()
    assert not Programme.objects.visible_to(cast.alice).filter(alliance=cast.cobalt_borealis)
    assert not AuditEvent.objects.visible_to(cast.alice).filter(alliance=cast.cobalt_borealis)


def test_anonymous_and_outsiders_see_nothing(cast, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), cast.mallory):
        assert not Alliance.objects.visible_to(user).exists()
        assert not Note.objects.visible_to(user).exists()
        assert not Gate.objects.visible_to(user).exists()


def test_private_audit_events_stay_with_their_owner(cast):
    private_ids = set(
        AuditEvent.objects.visible_to(cast.bob)
        .filter(visibility="private")
        .values_list("pk", flat=True)
    )
    alice_ids = set(AuditEvent.objects.visible_to(cast.alice).values_list("pk", flat=True))
    assert private_ids, "the cast writes private notes, so Bob has private events"
    assert not private_ids & alice_ids


def test_organisation_records_stay_in_the_organisation(cast):
    assert set(Membership.objects.visible_to(cast.alice)) == set(
        Membership.objects.unscoped().filter(organisation=cast.helix)
    )
    assert not Invitation.objects.visible_to(cast.bob).filter(organisation=cast.helix).exists()


def test_api_tokens_are_visible_only_to_their_owner(cast):
    api_token_create(actor=cast.alice)
    assert ApiToken.objects.visible_to(cast.alice).count() == 1
    assert ApiToken.objects.visible_to(cast.carol).count() == 0


def test_a_partner_invitation_by_email_is_private_to_the_inviter(cast):
    party_invite(actor=cast.alice, alliance=cast.helix_borealis, email="ceo@newco.test")
    assert PartnerInvitation.objects.visible_to(cast.alice).count() == 1
    assert PartnerInvitation.objects.visible_to(cast.bob).count() == 0


def test_viewers_can_read_but_not_edit(cast):
    assert Alliance.objects.visible_to(cast.carol).count() == 1
    assert Alliance.objects.editable_by(cast.carol).count() == 0
    assert Alliance.objects.editable_by(cast.alice).count() == 1


def test_a_deactivated_member_sees_nothing(cast):
    membership_update(actor=cast.alice, membership=cast.carol.membership, is_active=False)
    cast.carol.refresh_from_db()
    assert not Alliance.objects.visible_to(cast.carol).exists()


def test_an_invited_party_sees_the_proposal_and_a_declined_one_does_not(cast):
    from concord.alliances.services import party_respond

    party = party_invite(
        actor=cast.bob, alliance=cast.cobalt_borealis, organisation=cast.outsider_org
    ).party
    assert Alliance.objects.visible_to(cast.mallory).get() == cast.cobalt_borealis
    assert not Note.objects.visible_to(cast.mallory).filter(visibility="private").exists()
    party_respond(actor=cast.mallory, party=party, accept=False, reason="Not our focus")
    assert not Alliance.objects.visible_to(cast.mallory).exists()


def test_an_invited_organisation_cannot_find_the_alliances_assets_by_search(cast):
    from concord.alliances.selectors import AllianceFilters, alliance_list

    party_invite(actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.cobalt)
    asset = Programme.objects.unscoped().filter(alliance=cast.helix_borealis).get().asset_name
    found = alliance_list(user=cast.dave, filters=AllianceFilters(search=asset))
    assert cast.helix_borealis not in found
    assert cast.helix_borealis in alliance_list(
        user=cast.bob, filters=AllianceFilters(search=asset)
    )


def test_an_invited_organisation_sees_no_programme_count_or_pending_gate_in_the_list(cast):
    from concord.alliances.selectors import alliance_list
    from concord.alliances.services import gate_propose

    gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="clinical",
        rationale="R",
        **signed(),
    )
    party_invite(actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.cobalt)
    for user, count, pending in ((cast.dave, 0, False), (cast.bob, 1, True)):
        row = next(a for a in alliance_list(user=user) if a.pk == cast.helix_borealis.pk)
        assert (row.programme_count, row.has_pending_gate) == (count, pending)


def test_an_invited_organisation_sees_no_team_names(cast):
    from concord.alliances.selectors import party_list

    party_invite(actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.cobalt)
    parties = party_list(user=cast.dave).filter(alliance=cast.helix_borealis)
    assert {p.organisation for p in parties} == {cast.helix, cast.borealis, cast.cobalt}
    assert all(list(p.team.all()) == [] for p in parties)
    assert any(
        list(p.team.all()) for p in party_list(user=cast.bob).filter(alliance=cast.helix_borealis)
    )
