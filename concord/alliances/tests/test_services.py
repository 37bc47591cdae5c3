"""The alliance business rules: parties, teams, gates and notes, told with the shared cast."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from concord.alliances import services
from concord.alliances.models import Alliance, Gate, PhaseTransition, TeamMember
from concord.alliances.selectors import partner_invitation_for_token
from concord.alliances.services.gates import gate_content
from concord.core.models import AuditEvent
from concord.core.signatures import signature_matches, signatures_of
from conftest import signed, signup


def propose(cast, to_phase="preclinical", actor=None):
    return services.gate_propose(
        actor=actor or cast.alice,
        alliance=cast.helix_borealis,
        to_phase=to_phase,
        rationale="Candidate nominated; tox package complete.",
        **signed(),
    )


def refreshed(alliance: Alliance) -> Alliance:
    return Alliance.objects.unscoped().get(pk=alliance.pk)


class TestCreatingAnAlliance:
    def test_it_starts_proposed_in_discovery_with_the_creator_as_accepted_party(self, cast):
        alliance = services.alliance_create(
            actor=cast.alice, name="Helix solo", effective_date=datetime.date(2026, 1, 1)
        )
        assert alliance.status == "proposed"
        assert alliance.phase == "discovery"
        assert [p.organisation for p in alliance.parties.all()] == [cast.helix]
        assert PhaseTransition.objects.unscoped().filter(alliance=alliance).count() == 1
        assert (
            TeamMember.objects.unscoped().filter(party__alliance=alliance, user=cast.alice).exists()
        )

    def test_viewers_and_scientists_cannot_create_alliances(self, cast):
        with pytest.raises(PermissionDenied):
            services.alliance_create(
                actor=cast.carol, name="X", effective_date=datetime.date.today()
            )

    def test_bad_input_names_the_field_and_writes_nothing(self, cast):
        before = Alliance.objects.unscoped().count()
        with pytest.raises(ValidationError) as error:
            services.alliance_create(
                actor=cast.alice, name="", effective_date=datetime.date.today(), tier="gold"
            )
        assert {"name", "tier"} <= set(error.value.message_dict)
        assert Alliance.objects.unscoped().count() == before

    def test_a_bad_programme_rolls_back_the_whole_alliance(self, cast):
        before = Alliance.objects.unscoped().count()
        with pytest.raises(ValidationError):
            services.alliance_create(
                actor=cast.alice,
                name="Half-written",
                effective_date=datetime.date.today(),
                programmes=[
                    {
                        "asset_name": "HX-9",
                        "modality": "telepathy",
                        "therapeutic_area": "oncology",
                        "indication": "NSCLC",
                        "stage": "phase_1",
                    }
                ],
            )
        assert Alliance.objects.unscoped().count() == before

    def test_the_phase_cannot_be_edited_directly(self, cast):
        with pytest.raises(ValidationError):
            services.alliance_update(
                actor=cast.alice, alliance=cast.helix_borealis, phase="clinical"
            )


class TestParties:
    def test_the_alliance_is_proposed_until_the_partner_accepts(self, cast):
        alliance = services.alliance_create(
            actor=cast.alice, name="New", effective_date=datetime.date(2026, 2, 1)
        )
        party = services.party_invite(
            actor=cast.alice, alliance=alliance, organisation=cast.borealis
        ).party
        assert refreshed(alliance).status == "proposed"
        services.party_respond(actor=cast.bob, party=party, accept=True)
        assert refreshed(alliance).status == "active"

    def test_a_three_way_alliance_is_proposed_until_every_invited_party_accepts(self, cast):
        alliance = services.alliance_create(
            actor=cast.bob, name="Three-way", effective_date=datetime.date(2026, 2, 1)
        )
        helix = services.party_invite(actor=cast.bob, alliance=alliance, organisation=cast.helix)
        meridian = services.party_invite(
            actor=cast.bob, alliance=alliance, organisation=cast.outsider_org
        )
        services.party_respond(actor=cast.alice, party=helix.party, accept=True)
        assert refreshed(alliance).status == "proposed"
        services.party_respond(actor=cast.mallory, party=meridian.party, accept=True)
        assert refreshed(alliance).status == "active"
        assert (
            AuditEvent.objects.unscoped()
            .filter(alliance=alliance, action="alliance.activated")
            .count()
            == 1
        )

    def test_a_party_invited_later_joins_an_alliance_already_under_way(self, cast):
        services.party_invite(
            actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.outsider_org
        )
        assert refreshed(cast.helix_borealis).status == "active"
        gate = propose(cast)
        services.gate_sign(actor=cast.bob, gate=gate, **signed())
        assert refreshed(cast.helix_borealis).phase == "preclinical", "the invitee has no vote yet"

    def test_an_invited_organisation_sees_the_proposal_and_nothing_else(self, cast):
        from concord.alliances.models import Note, Programme

        services.party_invite(
            actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.cobalt
        )
        assert Alliance.objects.visible_to(cast.dave).filter(pk=cast.helix_borealis.pk).exists()
        assert not Note.objects.visible_to(cast.dave).filter(alliance=cast.helix_borealis)
        assert not Programme.objects.visible_to(cast.dave).filter(alliance=cast.helix_borealis)
        assert not AuditEvent.objects.visible_to(cast.dave).filter(alliance=cast.helix_borealis)
        with pytest.raises(PermissionDenied):
            services.note_create(
                actor=cast.dave,
                alliance=cast.helix_borealis,
                title="T",
                body="B",
                visibility="shared",
            )

    def test_any_joined_party_can_withdraw_a_pending_invitation(self, cast):
        party = services.party_invite(
            actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.cobalt
        ).party
        with pytest.raises(PermissionDenied):
            services.party_invitation_withdraw(actor=cast.dave, party=party)
        services.party_invitation_withdraw(actor=cast.alice, party=party)
        assert not Alliance.objects.visible_to(cast.dave).filter(pk=cast.helix_borealis.pk).exists()
        with pytest.raises(ValidationError):
            services.party_invitation_withdraw(actor=cast.alice, party=party)
        again = services.party_invite(
            actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.cobalt
        )
        assert again.party.pk == party.pk and again.party.status == "invited"

    def test_inviting_by_a_non_managers_email_is_refused(self, cast):
        with pytest.raises(ValidationError) as error:
            services.party_invite(
                actor=cast.bob, alliance=cast.cobalt_borealis, email="carol@helix.test"
            )
        assert "email" in error.value.message_dict

    def test_a_deactivated_admins_email_finds_no_organisation(self, cast):
        from concord.orgs.services import membership_update

        membership_update(actor=cast.bob, membership=cast.erin.membership, is_admin=True)
        membership_update(actor=cast.bob, membership=cast.erin.membership, is_active=False)
        alliance = services.alliance_create(
            actor=cast.alice, name="New", effective_date=datetime.date(2026, 2, 1)
        )
        result = services.party_invite(
            actor=cast.alice, alliance=alliance, email="erin@borealis.test"
        )
        assert result.party is None, "Borealis is not invited through a deactivated person"
        assert result.invitation is not None and result.invitation.email == "erin@borealis.test"

    def test_an_emailed_link_cannot_bring_anyone_into_a_terminated_alliance(self, cast):
        result = services.party_invite(
            actor=cast.alice, alliance=cast.helix_borealis, email="ceo@newco.test"
        )
        gate = propose(cast, to_phase="terminated")
        services.gate_sign(actor=cast.bob, gate=gate, **signed())
        newcomer = signup("NewCo Therapeutics", "biotech", "ceo@newco.test", "Nia", "Novak").user
        with pytest.raises(ValidationError):
            services.partner_invitation_redeem(actor=newcomer, token=result.token)

    def test_inviting_by_the_admins_email_finds_their_organisation(self, cast):
        alliance = services.alliance_create(
            actor=cast.alice, name="New", effective_date=datetime.date(2026, 2, 1)
        )
        result = services.party_invite(
            actor=cast.alice, alliance=alliance, email="BOB@borealis.test"
        )
        assert result.party is not None and result.party.organisation == cast.borealis

    def test_an_unknown_email_gets_a_signup_link_that_makes_an_invited_party(
        self, cast, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            result = services.party_invite(
                actor=cast.alice, alliance=cast.helix_borealis, email="ceo@newco.test"
            )
        assert result.invitation is not None
        assert mailoutbox[-1].to == ["ceo@newco.test"]
        assert f"/signup/partner/{result.token}/" in mailoutbox[-1].body
        newcomer = signup("NewCo Therapeutics", "biotech", "ceo@newco.test", "Nia", "Novak").user
        with django_capture_on_commit_callbacks(execute=True):
            party = services.partner_invitation_redeem(actor=newcomer, token=result.token)
        assert party.status == "invited" and party.organisation.name == "NewCo Therapeutics"
        assert party.invited_by == cast.alice, "the invitation stays Alice's"
        assert mailoutbox[-1].to == ["ceo@newco.test"], "no second invitation email on sign-up"
        assert partner_invitation_for_token(result.token) is None, "a link works once"

    def test_an_emailed_partner_link_expires(self, cast):
        from concord.alliances.models import PartnerInvitation

        result = services.party_invite(
            actor=cast.alice, alliance=cast.helix_borealis, email="ceo@newco.test"
        )
        PartnerInvitation.objects.unscoped().filter(pk=result.invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        newcomer = signup("NewCo Therapeutics", "biotech", "ceo@newco.test", "Nia", "Novak").user
        with pytest.raises(ValidationError):
            services.partner_invitation_redeem(actor=newcomer, token=result.token)

    def test_declining_needs_a_reason_and_hides_the_alliance(self, cast):
        party = services.party_invite(
            actor=cast.bob, alliance=cast.cobalt_borealis, organisation=cast.helix
        ).party
        with pytest.raises(ValidationError):
            services.party_respond(actor=cast.alice, party=party, accept=False)
        services.party_respond(actor=cast.alice, party=party, accept=False, reason="Competitor")
        assert (
            not Alliance.objects.visible_to(cast.alice).filter(pk=cast.cobalt_borealis.pk).exists()
        )

    def test_only_the_invited_organisation_answers(self, cast):
        party = services.party_invite(
            actor=cast.bob, alliance=cast.cobalt_borealis, organisation=cast.outsider_org
        ).party
        with pytest.raises(PermissionDenied):
            services.party_respond(actor=cast.bob, party=party, accept=True)

    def test_an_organisation_cannot_be_invited_twice(self, cast):
        with pytest.raises(ValidationError):
            services.party_invite(
                actor=cast.alice, alliance=cast.helix_borealis, organisation=cast.borealis
            )


class TestTeams:
    def test_each_party_names_its_own_people(self, cast):
        own = cast.helix_borealis.parties.get(organisation=cast.helix)
        partner = cast.helix_borealis.parties.get(organisation=cast.borealis)
        member = services.team_member_add(
            actor=cast.alice, party=own, user=cast.carol, role="scientist"
        )
        assert member.get_role_display() == "Scientist"
        with pytest.raises(PermissionDenied):
            services.team_member_add(actor=cast.alice, party=partner, user=cast.carol, role="other")
        with pytest.raises(ValidationError):
            services.team_member_add(actor=cast.alice, party=own, user=cast.bob, role="other")
        services.team_member_remove(actor=cast.alice, member=member)
        assert not own.team.filter(user=cast.carol).exists()

    def test_a_party_never_adds_the_other_partys_people(self, cast):
        own = cast.helix_borealis.parties.get(organisation=cast.helix)
        with pytest.raises(ValidationError) as refused:
            services.team_member_add(actor=cast.alice, party=own, user=cast.erin, role="other")
        assert "user" in refused.value.message_dict
        assert "Borealis Pharma's people" in refused.value.message_dict["user"][0]
        assert not TeamMember.objects.unscoped().filter(user=cast.erin).exists()

    def test_a_read_only_colleague_manages_no_team(self, cast):
        own = cast.helix_borealis.parties.get(organisation=cast.helix)
        with pytest.raises(PermissionDenied):
            services.team_member_add(actor=cast.carol, party=own, user=cast.carol, role="other")

    def test_an_invited_party_names_its_team_only_once_it_has_joined(self, cast):
        invited = services.party_invite(
            actor=cast.alice, alliance=cast.helix_borealis, organisation=cast.cobalt
        ).party
        with pytest.raises(PermissionDenied, match="joined"):
            services.team_member_add(actor=cast.dave, party=invited, user=cast.dave, role="lead")

    def test_a_party_changes_the_role_of_its_own_people_only_and_it_is_audited(self, cast):
        alice_place = TeamMember.objects.unscoped().get(
            party__alliance=cast.helix_borealis, user=cast.alice
        )
        bob_place = TeamMember.objects.unscoped().get(
            party__alliance=cast.helix_borealis, user=cast.bob
        )
        with pytest.raises(PermissionDenied, match="Borealis Pharma's people"):
            services.team_member_role_change(actor=cast.alice, member=bob_place, role="finance")
        with pytest.raises(PermissionDenied):
            services.team_member_remove(actor=cast.alice, member=bob_place)
        with pytest.raises(PermissionDenied):
            services.team_member_role_change(actor=cast.bob, member=alice_place, role="finance")
        assert TeamMember.objects.unscoped().get(pk=bob_place.pk).role == "lead"
        changed = services.team_member_role_change(
            actor=cast.alice, member=alice_place, role="executive_sponsor"
        )
        assert TeamMember.objects.unscoped().get(pk=changed.pk).role == "executive_sponsor"
        event = AuditEvent.objects.unscoped().filter(action="team.member_role_changed").get()
        assert (event.before, event.after) == ({"role": "lead"}, {"role": "executive_sponsor"})
        assert event.actor_id == cast.alice.pk

    def test_a_role_outside_the_list_is_refused_by_name(self, cast):
        place = TeamMember.objects.unscoped().get(
            party__alliance=cast.helix_borealis, user=cast.alice
        )
        with pytest.raises(ValidationError) as refused:
            services.team_member_role_change(actor=cast.alice, member=place, role="king")
        assert "role" in refused.value.message_dict
        assert TeamMember.objects.unscoped().get(pk=place.pk).role == "lead"
        assert not AuditEvent.objects.unscoped().filter(action="team.member_role_changed")


class TestGates:
    def test_the_phase_changes_only_when_every_party_has_signed(self, cast):
        gate = propose(cast)
        assert refreshed(cast.helix_borealis).phase == "discovery", "Alice's signature alone"
        services.gate_sign(actor=cast.bob, gate=gate, **signed())
        gate.refresh_from_db()
        assert gate.status == "passed"
        assert refreshed(cast.helix_borealis).phase == "preclinical"
        timeline = PhaseTransition.objects.unscoped().filter(alliance=cast.helix_borealis)
        assert [t.phase for t in timeline] == ["discovery", "preclinical"]

    def test_in_a_three_way_alliance_two_signatures_are_not_enough(self, cast):
        party = services.party_invite(
            actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.outsider_org
        ).party
        services.party_respond(actor=cast.mallory, party=party, accept=True)
        gate = propose(cast)
        services.gate_sign(actor=cast.erin, gate=gate, **signed())
        assert refreshed(cast.helix_borealis).phase == "discovery"
        services.gate_sign(actor=cast.mallory, gate=gate, **signed())
        assert refreshed(cast.helix_borealis).phase == "preclinical"

    def test_a_decline_with_reason_closes_the_gate_and_keeps_the_phase(self, cast):
        gate = propose(cast)
        with pytest.raises(ValidationError):
            services.gate_decline(actor=cast.bob, gate=gate, reason="  ", **signed("reject"))
        services.gate_decline(
            actor=cast.bob, gate=gate, reason="Tox data not yet reviewed", **signed("reject")
        )
        gate.refresh_from_db()
        assert gate.status == "declined"
        assert refreshed(cast.helix_borealis).phase == "discovery"
        assert gate.signoffs.get(decision="declined").reason == "Tox data not yet reviewed"

    def test_a_sign_off_is_an_electronic_signature_or_nothing(self, cast):
        gate = propose(cast)
        with pytest.raises(ValidationError) as wrong:
            services.gate_sign(actor=cast.bob, gate=gate, password="guess", meaning="approve")
        assert set(wrong.value.message_dict) == {"password"}
        with pytest.raises(ValidationError) as unstated:
            services.gate_sign(actor=cast.bob, gate=gate, **signed(""))
        assert set(unstated.value.message_dict) == {"meaning"}
        with pytest.raises(ValidationError):
            services.gate_sign(actor=cast.bob, gate=gate, **signed("reject"))
        assert gate.signoffs.count() == 1 and refreshed(cast.helix_borealis).phase == "discovery"
        services.gate_sign(actor=cast.bob, gate=gate, **signed())
        signatures = list(signatures_of(user=cast.carol, subject=gate))
        assert [(s.printed_name, s.meaning) for s in signatures] == [
            ("Alice Archer", "approve"),
            ("Bob Brennan", "approve"),
        ]
        assert signatures[1].statement == (
            "Signed off the gate from Discovery to Pre-Clinical for Borealis Pharma"
        )
        assert signature_matches(signatures[1], gate_content(gate, "signed", ""))

    def test_a_proposal_without_a_signature_waits_for_the_proposers_party(self, cast):
        gate = services.gate_propose(
            actor=cast.alice, alliance=cast.helix_borealis, to_phase="preclinical", rationale="R"
        )
        assert not gate.signoffs.exists()
        services.gate_sign(actor=cast.bob, gate=gate, **signed())
        assert refreshed(cast.helix_borealis).phase == "discovery", "Helix has not signed"
        services.gate_sign(actor=cast.alice, gate=gate, **signed())
        assert refreshed(cast.helix_borealis).phase == "preclinical"

    def test_a_decline_is_signed_as_a_rejection(self, cast):
        gate = propose(cast)
        with pytest.raises(ValidationError) as approving:
            services.gate_decline(actor=cast.bob, gate=gate, reason="No", **signed())
        assert set(approving.value.message_dict) == {"meaning"}
        services.gate_decline(actor=cast.bob, gate=gate, reason="No", **signed("reject"))
        assert [s.meaning for s in signatures_of(user=cast.bob, subject=gate)] == [
            "approve",
            "reject",
        ]

    def test_only_alliance_managers_and_executive_sponsors_sign(self, cast):
        gate = propose(cast)
        with pytest.raises(PermissionDenied):
            services.gate_sign(actor=cast.carol, gate=gate, **signed())
        with pytest.raises(PermissionDenied):
            services.gate_sign(actor=cast.dave, gate=gate, **signed())

    def test_a_party_answers_once(self, cast):
        gate = propose(cast)
        with pytest.raises(ValidationError):
            services.gate_sign(actor=cast.alice, gate=gate, **signed())
        services.gate_sign(actor=cast.erin, gate=gate, **signed())
        with pytest.raises(ValidationError):
            services.gate_sign(actor=cast.bob, gate=gate, **signed())

    def test_one_pending_gate_at_a_time(self, cast):
        propose(cast)
        with pytest.raises(ValidationError):
            propose(cast, to_phase="clinical")

    def test_no_gate_while_the_alliance_is_only_proposed(self, cast):
        alliance = services.alliance_create(
            actor=cast.alice, name="New", effective_date=datetime.date(2026, 2, 1)
        )
        services.party_invite(actor=cast.alice, alliance=alliance, organisation=cast.borealis)
        with pytest.raises(ValidationError):
            services.gate_propose(
                actor=cast.alice,
                alliance=alliance,
                to_phase="preclinical",
                rationale="Too soon",
                **signed(),
            )

    def test_the_target_phase_must_differ_and_terminated_is_final(self, cast):
        with pytest.raises(ValidationError):
            propose(cast, to_phase="discovery")
        with pytest.raises(ValidationError):
            propose(cast, to_phase="hyperspace")
        services.gate_sign(actor=cast.bob, gate=propose(cast, to_phase="terminated"), **signed())
        with pytest.raises(ValidationError):
            propose(cast, to_phase="discovery")

    def test_the_proposing_party_can_withdraw(self, cast):
        gate = propose(cast)
        with pytest.raises(PermissionDenied):
            services.gate_withdraw(actor=cast.bob, gate=gate)
        services.gate_withdraw(actor=cast.alice, gate=gate)
        gate.refresh_from_db()
        assert gate.status == "withdrawn"
        propose(cast, to_phase="clinical")

    def test_signers_of_the_other_party_are_emailed(
        self, cast, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            gate = propose(cast)
        assert set(mailoutbox[-1].to) == {"bob@borealis.test", "erin@borealis.test"}
        with django_capture_on_commit_callbacks(execute=True):
            services.gate_sign(actor=cast.bob, gate=gate, **signed())
        assert "passed" in mailoutbox[-1].subject
        assert "alice@helix.test" in mailoutbox[-1].to


class TestGateReminders:
    def test_the_sweep_reminds_once_a_week_and_is_idempotent(
        self, cast, mailoutbox, django_capture_on_commit_callbacks
    ):
        gate = propose(cast)
        Gate.objects.unscoped().filter(pk=gate.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=8)
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("sweep")
            call_command("sweep")
        reminders = [m for m in mailoutbox if m.subject.startswith("Reminder")]
        assert len(reminders) == 1
        assert set(reminders[0].to) == {"bob@borealis.test", "erin@borealis.test"}
        assert AuditEvent.objects.unscoped().filter(action="gate.reminded").count() == 1

    def test_a_fresh_gate_is_not_reminded(self, cast):
        propose(cast)
        assert services.gate_reminders_send() == 0


class TestNotes:
    def test_a_note_is_private_by_default_and_viewers_cannot_write(self, cast):
        note = services.note_create(
            actor=cast.alice, alliance=cast.helix_borealis, title="T", body="B"
        )
        assert note.visibility == "private"
        with pytest.raises(PermissionDenied):
            services.note_create(
                actor=cast.carol, alliance=cast.helix_borealis, title="T", body="B"
            )

    def test_outsiders_cannot_write_on_an_alliance(self, cast):
        with pytest.raises(PermissionDenied):
            services.note_create(actor=cast.dave, alliance=cast.helix_borealis, title="T", body="B")

    def test_oversized_text_is_refused(self, cast):
        with pytest.raises(ValidationError) as error:
            services.note_create(
                actor=cast.alice, alliance=cast.helix_borealis, title="x" * 201, body="B"
            )
        assert "title" in error.value.message_dict


class TestEmails:
    def test_plain_text_mail_is_not_html_escaped(
        self, cast, mailoutbox, django_capture_on_commit_callbacks
    ):
        services.alliance_update(
            actor=cast.alice, alliance=cast.helix_borealis, name="Helix & Borealis 'RNA'"
        )
        with django_capture_on_commit_callbacks(execute=True):
            propose(cast)
        message = mailoutbox[-1]
        assert "Helix & Borealis 'RNA'" in message.subject
        assert "Helix & Borealis 'RNA'" in message.body
        assert "Helix &amp; Borealis" in message.alternatives[0][0]

    def test_deactivated_people_get_no_gate_mail(
        self, cast, mailoutbox, django_capture_on_commit_callbacks
    ):
        from concord.orgs.services import membership_update

        own = cast.helix_borealis.parties.get(organisation=cast.helix)
        services.team_member_add(actor=cast.alice, party=own, user=cast.carol, role="scientist")
        membership_update(actor=cast.alice, membership=cast.carol.membership, is_active=False)
        gate = propose(cast)
        with django_capture_on_commit_callbacks(execute=True):
            services.gate_decline(actor=cast.bob, gate=gate, reason="Not yet", **signed("reject"))
        assert mailoutbox, "the gate's closing is mailed"
        assert all("carol@helix.test" not in m.to for m in mailoutbox)
