"""The alliance pages, told with the shared cast: who sees what, and what each click changes."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from concord.alliances import services
from concord.alliances.models import Alliance, Gate, Note, Party, Phase, Programme, TeamMember
from concord.core.models import AuditEvent
from concord.orgs.models import User
from conftest import signed

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(user: User, name: str, *args: Any, **query: Any) -> Any:
    return client_for(user).get(reverse(name, args=args), query)


def html(response: Any) -> str:
    return response.content.decode()


def detail(user: User, alliance: Alliance) -> str:
    response = page(user, "alliances:alliance-detail", alliance.pk)
    assert response.status_code == 200
    return html(response)


def unscoped_alliance(pk: int) -> Alliance:
    return Alliance.objects.unscoped().get(pk=pk)


def propose(cast: Any, to_phase: str = Phase.PRECLINICAL) -> Gate:
    return services.gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase=to_phase,
        rationale="Lead series met the efficacy criteria.",
        **signed(),
    )


# --- The list ---------------------------------------------------------------------------------


def test_list_shows_alice_only_her_alliance_and_bob_both(cast):
    alice_page = html(page(cast.alice, "alliances:alliance-list"))
    assert cast.helix_borealis.name in alice_page
    assert cast.cobalt_borealis.name not in alice_page
    assert "Cobalt" not in alice_page  # not even as a partner filter choice
    assert "1 alliance" in alice_page

    bob_page = html(page(cast.bob, "alliances:alliance-list"))
    assert cast.helix_borealis.name in bob_page
    assert cast.cobalt_borealis.name in bob_page
    assert "2 alliances" in bob_page


def test_list_search_covers_name_asset_and_partner(cast):
    def names(**query: Any) -> list[str]:
        response = page(cast.bob, "alliances:alliance-list", **query)
        assert response.status_code == 200
        return [a.name for a in response.context["page_obj"]]

    assert names(search="HEL-101") == [cast.helix_borealis.name]  # programme asset
    assert names(search="lung cancer") == sorted(
        [cast.helix_borealis.name, cast.cobalt_borealis.name]
    )
    assert names(search="Cobalt Bio") == [cast.cobalt_borealis.name]  # partner name
    assert names(search="no such thing") == []
    assert names(search="Pharma") == []  # Bob's own organisation is not his partner
    alice = page(cast.alice, "alliances:alliance-list", search="Pharma").context["page_obj"]
    assert [a.name for a in alice] == [cast.helix_borealis.name]


def test_list_filters_and_sorts(cast):
    def names(**query: Any) -> list[str]:
        return [
            a.name for a in page(cast.bob, "alliances:alliance-list", **query).context["page_obj"]
        ]

    both = [cast.cobalt_borealis.name, cast.helix_borealis.name]
    assert names(partner=cast.cobalt.pk) == [cast.cobalt_borealis.name]
    assert names(phase="discovery") == both
    assert names(phase="clinical") == []
    assert names(tier="core", alliance_type="research", status="active") == both
    assert names(sort="-name") == list(reversed(both))
    assert "No alliances match" in html(page(cast.bob, "alliances:alliance-list", phase="clinical"))


def test_list_ignores_nonsense_query_values(cast):
    response = page(
        cast.bob, "alliances:alliance-list", phase="bogus", partner="abc", sort="drop", page="999"
    )
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 2


def test_list_paginates_by_25(cast):
    for number in range(26):
        services.alliance_create(
            actor=cast.mallory,
            name=f"Meridian alliance {number:02}",
            effective_date=datetime.date(2025, 1, 1),
        )
    first = page(cast.mallory, "alliances:alliance-list")
    assert len(first.context["page_obj"]) == 25
    assert "26 alliances" in html(first)
    assert 'rel="next"' in html(first)
    second = page(cast.mallory, "alliances:alliance-list", page=2)
    assert [a.name for a in second.context["page_obj"]] == ["Meridian alliance 25"]


def test_list_filters_refresh_alone_over_htmx(cast):
    response = client_for(cast.bob).get(
        reverse("alliances:alliance-list"),
        {"search": "Cobalt"},
        headers={"HX-Request": "true", "HX-Target": "alliance-results"},
    )
    assert response.status_code == 200
    assert "<html" not in html(response)
    assert cast.cobalt_borealis.name in html(response)
    assert cast.helix_borealis.name not in html(response)
    assert {"HX-Request", "HX-Target"} <= {v.strip() for v in response["Vary"].split(",")}


def test_pages_need_a_login(cast):
    response = client_for(None).get(reverse("alliances:alliance-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- CSV export -------------------------------------------------------------------------------


def export(user: User, **query: Any) -> list[list[str]]:
    response = page(user, "alliances:alliance-export", **query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_is_scoped_and_filtered(cast):
    alice_rows = export(cast.alice)
    assert alice_rows[0][0] == "Name"
    assert [row[0] for row in alice_rows[1:]] == [cast.helix_borealis.name]
    assert "Cobalt" not in str(alice_rows)
    assert alice_rows[1][1] == "Borealis Pharma"  # partners: the other parties only

    assert len(export(cast.bob)) == 3
    assert [row[0] for row in export(cast.bob, partner=cast.cobalt.pk)[1:]] == [
        cast.cobalt_borealis.name
    ]


def test_export_defuses_spreadsheet_formulas(cast):
    services.alliance_create(
        actor=cast.mallory, name="=HYPERLINK(1)", effective_date=datetime.date(2025, 1, 1)
    )
    assert export(cast.mallory)[1][0] == "'=HYPERLINK(1)"


# --- Confidentiality and roles ----------------------------------------------------------------


def alliance_urls(cast: Any) -> list[tuple[str, str]]:
    """Every page and action of Alice and Bob's alliance, as (method, url)."""
    alliance = cast.helix_borealis
    party = Party.objects.unscoped().get(alliance=alliance, organisation=cast.helix)
    member = TeamMember.objects.unscoped().filter(party=party).get()
    programme = Programme.objects.unscoped().filter(alliance=alliance).get()
    gate = propose(cast)
    return [
        ("get", reverse("alliances:alliance-detail", args=[alliance.pk])),
        ("get", reverse("alliances:alliance-update", args=[alliance.pk])),
        ("post", reverse("alliances:alliance-update", args=[alliance.pk])),
        ("get", reverse("alliances:programme-create", args=[alliance.pk])),
        ("get", reverse("alliances:programme-update", args=[programme.pk])),
        ("get", reverse("alliances:party-invite", args=[alliance.pk])),
        ("post", reverse("alliances:party-respond", args=[party.pk])),
        ("post", reverse("alliances:team-member-add", args=[party.pk])),
        ("post", reverse("alliances:team-member-remove", args=[member.pk])),
        ("get", reverse("alliances:gate-create", args=[alliance.pk])),
        ("post", reverse("alliances:gate-sign", args=[gate.pk])),
        ("post", reverse("alliances:gate-decline", args=[gate.pk])),
        ("post", reverse("alliances:gate-withdraw", args=[gate.pk])),
        ("get", reverse("alliances:note-create", args=[alliance.pk])),
        ("get", reverse("alliances:alliance-activity", args=[alliance.pk])),
    ]


def test_outsiders_get_404_on_every_page_of_the_alliance(cast):
    urls = alliance_urls(cast)
    events = AuditEvent.objects.unscoped().count()
    for user in (cast.mallory, cast.dave):
        client = client_for(user)
        for method, url in urls:
            response = getattr(client, method)(url, {"reason": "x", "decision": "accept"})
            assert response.status_code == 404, (user, method, url)
    assert AuditEvent.objects.unscoped().count() == events


def test_alice_gets_404_on_her_rivals_alliance(cast):
    for name in (
        "alliances:alliance-detail",
        "alliances:alliance-activity",
        "alliances:note-create",
    ):
        assert page(cast.alice, name, cast.cobalt_borealis.pk).status_code == 404


def test_viewer_reads_but_cannot_create_or_propose(cast):
    carol = client_for(cast.carol)
    assert (
        carol.get(reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk])).status_code
        == 200
    )
    assert carol.get(reverse("alliances:alliance-list")).status_code == 200

    alliances = Alliance.objects.unscoped().count()
    assert carol.get(reverse("alliances:alliance-create")).status_code == 403
    response = carol.post(
        reverse("alliances:alliance-create"), {**ALLIANCE_FORM, "name": "Carol's alliance"}
    )
    assert response.status_code == 403
    assert "Only alliance managers" in html(response)
    assert Alliance.objects.unscoped().count() == alliances

    gate_url = reverse("alliances:gate-create", args=[cast.helix_borealis.pk])
    assert carol.get(gate_url).status_code == 403
    assert carol.post(gate_url, {"to_phase": "preclinical", "rationale": "Go"}).status_code == 403
    assert (
        carol.get(reverse("alliances:note-create", args=[cast.helix_borealis.pk])).status_code
        == 403
    )
    assert not Gate.objects.unscoped().exists()


def test_viewer_sees_no_action_buttons(cast):
    carol_page = detail(cast.carol, cast.helix_borealis)
    assert "Edit overview" not in carol_page
    assert "Propose a phase change" not in carol_page
    assert "Write a note" not in carol_page


# --- Creating an alliance and bringing in the partner ----------------------------------------

ALLIANCE_FORM = {
    "name": "Helix–Borealis immunology alliance",
    "purpose": "Find an IL-23 antagonist together.",
    "alliance_type": "co_development",
    "tier": "strategic",
    "effective_date": "2025-03-01",
}


def test_create_alliance_via_the_page_records_an_audit_event(cast):
    response = client_for(cast.alice).post(
        reverse("alliances:alliance-create"),
        {
            **ALLIANCE_FORM,
            "asset_name": "HX-23",
            "modality": "antibody",
            "therapeutic_area": "immunology",
            "indication": "Psoriasis",
            "stage": "discovery",
        },
        follow=True,
    )
    alliance = Alliance.objects.visible_to(cast.alice).get(name=ALLIANCE_FORM["name"])
    assert response.redirect_chain == [(reverse("alliances:party-invite", args=[alliance.pk]), 302)]
    assert "Now invite your partner" in html(response)
    assert alliance.tier == "strategic" and alliance.is_proposed
    assert [p.asset_name for p in alliance.programmes.all()] == ["HX-23"]
    created = AuditEvent.objects.unscoped().filter(alliance=alliance, action="alliance.created")
    assert created.get().actor == cast.alice


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": ""}, "name"),
        ({"effective_date": "31/31/2025"}, "effective_date"),
        ({"tier": "platinum"}, "tier"),
        ({"asset_name": "HX-23"}, "indication"),  # a half-named first programme
        ({"name": "x" * 201}, "name"),
    ],
)
def test_create_with_bad_input_shows_errors_and_writes_nothing(cast, changes, field):
    alliances, events = Alliance.objects.unscoped().count(), AuditEvent.objects.unscoped().count()
    response = client_for(cast.alice).post(
        reverse("alliances:alliance-create"), {**ALLIANCE_FORM, **changes}
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}-errors"' in html(response)
    assert Alliance.objects.unscoped().count() == alliances
    assert AuditEvent.objects.unscoped().count() == events


def new_alliance(cast: Any) -> Alliance:
    return services.alliance_create(
        actor=cast.alice,
        name="Helix–Borealis next alliance",
        effective_date=datetime.date(2025, 5, 1),
    )


def test_invite_borealis_and_bob_accepts_via_the_pages(cast):
    alliance = new_alliance(cast)
    alice = client_for(cast.alice)
    invite_url = reverse("alliances:party-invite", args=[alliance.pk])
    assert "Borealis Pharma" in html(alice.get(invite_url))
    response = alice.post(invite_url, {"organisation": cast.borealis.pk})
    assert response.status_code == 302
    assert "waiting for Borealis Pharma to accept" in detail(cast.alice, alliance)

    bob_home = html(page(cast.bob, "core:home"))
    assert f"Invitation to join {alliance.name}" in bob_home
    assert "Accept and join" in detail(cast.bob, alliance)

    party = Party.objects.unscoped().get(alliance=alliance, organisation=cast.borealis)
    response = client_for(cast.bob).post(
        reverse("alliances:party-respond", args=[party.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    assert unscoped_alliance(alliance.pk).status == Alliance.Status.ACTIVE
    bob_page = detail(cast.bob, alliance)
    assert "Accept and join" not in bob_page and "Proposed" not in bob_page


def test_invite_lists_only_organisations_not_yet_party(cast):
    response = page(cast.alice, "alliances:party-invite", cast.helix_borealis.pk)
    choices = [str(label) for _, label in response.context["form"].fields["organisation"].choices]
    assert "Cobalt Bio" in choices and "Meridian Labs" in choices
    assert "Borealis Pharma" not in choices and "Helix Biotherapeutics" not in choices


def test_invite_needs_an_organisation_or_email(cast):
    alliance = new_alliance(cast)
    response = client_for(cast.alice).post(
        reverse("alliances:party-invite", args=[alliance.pk]), {"organisation": "", "email": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert Party.objects.unscoped().filter(alliance=alliance).count() == 1


def test_invite_by_email_for_an_organisation_not_on_concord(cast):
    alliance = new_alliance(cast)
    response = client_for(cast.alice).post(
        reverse("alliances:party-invite", args=[alliance.pk]), {"email": "ceo@newco.test"}
    )
    assert response.status_code == 302
    alice_page = detail(cast.alice, alliance)
    assert "ceo@newco.test" in alice_page and "Private to Helix Biotherapeutics" in alice_page


def test_declining_an_invitation_needs_a_reason(cast):
    alliance = new_alliance(cast)
    party = services.party_invite(
        actor=cast.alice, alliance=alliance, organisation=cast.borealis
    ).party
    assert party is not None
    bob = client_for(cast.bob)
    url = reverse("alliances:party-respond", args=[party.pk])

    response = bob.post(url, {"decision": "decline", "reason": "  "})
    assert response.status_code == 200
    assert "Say why your organisation declines" in html(response)
    party.refresh_from_db()
    assert party.status == Party.Status.INVITED

    response = bob.post(url, {"decision": "decline", "reason": "Outside our strategy."})
    assert response.status_code == 302
    assert page(cast.bob, "alliances:alliance-detail", alliance.pk).status_code == 404
    assert "Outside our strategy." in detail(cast.alice, alliance)


# --- Gates ------------------------------------------------------------------------------------


def test_alice_proposes_a_gate_bob_signs_and_both_see_the_new_phase(cast):
    alliance = cast.helix_borealis
    response = client_for(cast.alice).post(
        reverse("alliances:gate-create", args=[alliance.pk]),
        {
            "to_phase": "preclinical",
            "rationale": "Efficacy criteria met in two models.",
            **signed(),
        },
    )
    assert response.status_code == 302
    gate = Gate.objects.unscoped().get(alliance=alliance)

    bob_page = detail(cast.bob, alliance)
    assert "Gate pending: Discovery → Pre-Clinical" in bob_page
    assert "Efficacy criteria met in two models." in bob_page
    assert "Sign off for Borealis Pharma" in bob_page
    assert "Sign off for" not in detail(cast.alice, alliance)  # Helix signed when proposing
    assert "Withdraw the proposal" in detail(cast.alice, alliance)
    assert "Withdraw the proposal" not in bob_page

    sign = reverse("alliances:gate-sign", args=[gate.pk])
    refused = client_for(cast.bob).post(sign, {"password": "guess", "meaning": "approve"})
    assert refused.status_code == 200
    assert refused.context["sign_form"].errors["password"]
    assert unscoped_alliance(alliance.pk).phase == Phase.DISCOVERY
    response = client_for(cast.bob).post(sign, signed())
    assert response.status_code == 302
    assert unscoped_alliance(alliance.pk).phase == Phase.PRECLINICAL
    for user in (cast.alice, cast.bob):
        text = detail(user, alliance)
        assert 'aria-current="step">\n      Pre-Clinical' in text
        assert "Passed" in text and "Gate pending" not in text
        assert "Alice Archer <span" in text and "Bob Brennan <span" in text  # the manifest


def test_gate_with_bad_input_shows_errors_and_writes_nothing(cast):
    url = reverse("alliances:gate-create", args=[cast.helix_borealis.pk])
    alice = client_for(cast.alice)
    for data, field in [
        ({"to_phase": "preclinical", "rationale": ""}, "rationale"),
        ({"to_phase": "discovery", "rationale": "Stay"}, "to_phase"),  # the current phase
        ({"to_phase": "moon", "rationale": "Go"}, "to_phase"),
    ]:
        response = alice.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors[field]
    assert not Gate.objects.unscoped().exists()


def test_gate_cannot_be_proposed_while_one_is_pending(cast):
    propose(cast)
    response = page(cast.alice, "alliances:gate-create", cast.helix_borealis.pk)
    assert "A gate is already pending" in html(response)
    response = client_for(cast.alice).post(
        reverse("alliances:gate-create", args=[cast.helix_borealis.pk]),
        {"to_phase": "clinical", "rationale": "Skip ahead"},
    )
    assert response.status_code == 200
    assert Gate.objects.unscoped().count() == 1


def test_declined_gate_shows_its_reason_to_every_party(cast):
    gate = propose(cast)
    erin = client_for(cast.erin)
    url = reverse("alliances:gate-decline", args=[gate.pk])

    response = erin.post(url, {"reason": "", **signed("reject")})
    assert response.status_code == 200
    assert response.context["decline_form"].errors["reason"]
    gate.refresh_from_db()
    assert gate.is_pending

    response = erin.post(url, {"reason": "We need the 28-day tox readout first."})
    assert response.status_code == 200, "unsigned"
    assert response.context["decline_form"].errors["password"]
    response = erin.post(
        url, {"reason": "We need the 28-day tox readout first.", **signed("reject")}
    )
    assert response.status_code == 302
    gate.refresh_from_db()
    assert gate.status == Gate.Status.DECLINED
    for user in (cast.alice, cast.bob, cast.carol):
        text = detail(user, cast.helix_borealis)
        assert "We need the 28-day tox readout first." in text
        assert "Declined" in text
    assert unscoped_alliance(cast.helix_borealis.pk).phase == Phase.DISCOVERY


def test_proposer_withdraws_and_the_partner_cannot(cast):
    gate = propose(cast)
    assert (
        client_for(cast.bob).post(reverse("alliances:gate-withdraw", args=[gate.pk])).status_code
        == 403
    )
    response = client_for(cast.alice).post(reverse("alliances:gate-withdraw", args=[gate.pk]))
    assert response.status_code == 302
    gate.refresh_from_db()
    assert gate.status == Gate.Status.WITHDRAWN


def test_signing_twice_is_a_message_not_an_error_page(cast):
    gate = propose(cast)
    response = client_for(cast.alice).post(
        reverse("alliances:gate-sign", args=[gate.pk]), signed(), follow=True
    )
    assert response.status_code == 200
    assert "already answered" in html(response)


def test_home_lists_gates_awaiting_my_organisation(cast):
    propose(cast)
    bob_home = html(page(cast.bob, "core:home"))
    assert "your organisation has not signed it yet" in bob_home and ">Sign</a>" in bob_home
    alice_home = html(page(cast.alice, "core:home"))
    assert "has not signed it yet" not in alice_home  # Helix has signed
    assert "Waiting on the partner" in alice_home


# --- Notes ------------------------------------------------------------------------------------


def test_private_notes_stay_on_their_own_side_of_the_page(cast):
    alice_page = detail(cast.alice, cast.helix_borealis)
    bob_page = detail(cast.bob, cast.helix_borealis)

    assert cast.helix_private_note.title in alice_page
    assert "Private to Helix Biotherapeutics" in alice_page
    assert cast.helix_private_note.title not in bob_page
    assert "walk-away" not in bob_page  # not in the activity feed either

    assert cast.borealis_private_note.title in bob_page
    assert cast.borealis_private_note.title not in alice_page
    assert "Private to Borealis Pharma" not in alice_page

    for text in (alice_page, bob_page):
        assert cast.shared_note.title in text
        assert "Shared with all parties" in text
        assert "Cobalt" not in text


def test_note_form_defaults_to_private_and_explains_it(cast):
    text = html(page(cast.alice, "alliances:note-create", cast.helix_borealis.pk))
    private_radio = re.search(r'<input[^>]*value="private"[^>]*>', text)
    assert private_radio is not None and "checked" in private_radio.group()
    assert "Private to Helix Biotherapeutics" in text and "partners never see it" in text


def test_write_a_shared_note_via_the_page(cast):
    response = client_for(cast.bob).post(
        reverse("alliances:note-create", args=[cast.helix_borealis.pk]),
        {"title": "JSC agenda", "body": "Budget for 2026.", "visibility": "shared"},
    )
    assert response.status_code == 302
    assert "JSC agenda" in detail(cast.alice, cast.helix_borealis)


def test_note_with_bad_input_shows_errors_and_writes_nothing(cast):
    notes = Note.objects.unscoped().count()
    response = client_for(cast.alice).post(
        reverse("alliances:note-create", args=[cast.helix_borealis.pk]),
        {"title": "", "body": "x", "visibility": "everyone"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "visibility"}
    assert Note.objects.unscoped().count() == notes


# --- Teams, programmes, the overview ----------------------------------------------------------


def test_alice_names_carol_to_her_team_and_takes_her_off(cast):
    party = Party.objects.unscoped().get(alliance=cast.helix_borealis, organisation=cast.helix)
    alice = client_for(cast.alice)
    url = reverse("alliances:team-member-add", args=[party.pk])

    response = alice.post(url, {"user": cast.bob.membership.pk, "role": "scientist"})
    assert response.status_code == 200  # Bob is not Alice's colleague: not a valid choice
    assert response.context["team_form"].errors["user"]

    response = alice.post(url, {"user": cast.carol.membership.pk, "role": "scientist"})
    assert response.status_code == 302
    member = TeamMember.objects.unscoped().get(party=party, user=cast.carol)
    assert "Carol Chen" in detail(cast.bob, cast.helix_borealis)

    remove_url = reverse("alliances:team-member-remove", args=[member.pk])
    assert client_for(cast.bob).post(remove_url).status_code == 403
    assert alice.post(remove_url).status_code == 302
    assert not TeamMember.objects.unscoped().filter(pk=member.pk).exists()


def test_programmes_are_added_and_edited_via_the_pages(cast):
    alice = client_for(cast.alice)
    data = {
        "asset_name": "HX-7",
        "modality": "small_molecule",
        "therapeutic_area": "oncology",
        "indication": "Melanoma",
        "stage": "lead_optimisation",
    }
    url = reverse("alliances:programme-create", args=[cast.helix_borealis.pk])
    assert alice.post(url, {**data, "indication": ""}).status_code == 200
    assert alice.post(url, data).status_code == 302
    programme = Programme.objects.unscoped().get(asset_name="HX-7")

    edit_url = reverse("alliances:programme-update", args=[programme.pk])
    assert alice.get(edit_url).context["form"].initial["indication"] == "Melanoma"
    assert alice.post(edit_url, {**data, "stage": "preclinical"}).status_code == 302
    programme.refresh_from_db()
    assert programme.stage == "preclinical"
    assert client_for(cast.carol).get(edit_url).status_code == 403


def test_overview_is_edited_via_the_page(cast):
    url = reverse("alliances:alliance-update", args=[cast.helix_borealis.pk])
    data = {**ALLIANCE_FORM, "name": "Helix–Borealis renamed"}
    assert client_for(cast.carol).post(url, data).status_code == 403
    response = client_for(cast.bob).post(url, {**data, "effective_date": ""})
    assert response.status_code == 200
    assert unscoped_alliance(cast.helix_borealis.pk).name == cast.helix_borealis.name
    assert client_for(cast.bob).post(url, data).status_code == 302
    assert "Helix–Borealis renamed" in detail(cast.alice, cast.helix_borealis)


# --- History ----------------------------------------------------------------------------------


def test_activity_page_filters_by_kind_and_hides_the_partners_private_events(cast):
    url = reverse("alliances:alliance-activity", args=[cast.helix_borealis.pk])
    alice = client_for(cast.alice).get(url, {"action": "note.created"})
    assert alice.status_code == 200
    assert {e.action for e in alice.context["page_obj"]} == {"note.created"}
    assert "Helix walk-away position" in html(alice)

    bob = html(client_for(cast.bob).get(url))
    assert "Helix walk-away position" not in bob
    assert "Borealis portfolio review" in bob
    assert client_for(cast.bob).get(url, {"action": "nonsense", "page": "x"}).status_code == 200


# --- Query counts: the pages do not grow with the portfolio ----------------------------------


def queries_for(user: User, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user)
    client.get(url)  # warm the session and any per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def partner(number: int) -> User:
    from conftest import signup

    return signup(
        f"Partner {number:02}", "biotech", f"lead{number}@p{number}.test", "Lee", f"P{number}"
    ).user


def add_alliances(lead: User, partners: list[User], start: int) -> None:
    """Alliances with a partner each, a programme and a pending gate, like a real portfolio."""
    from conftest import partnership

    for number, other in enumerate(partners, start=start):
        alliance = partnership(lead, other, f"Portfolio alliance {number:02}")
        services.gate_propose(
            actor=lead,
            alliance=alliance,
            to_phase=Phase.PRECLINICAL,
            rationale="Ready.",
            **signed(),
        )
        services.note_create(
            actor=lead, alliance=alliance, title="Fit", body="Good.", visibility="private"
        )


def test_list_page_and_home_run_the_same_queries_for_2_and_12_alliances(cast):
    partners = [partner(n) for n in range(12)]
    add_alliances(cast.mallory, partners[:2], 0)
    urls = [
        reverse("alliances:alliance-list"),
        reverse("core:home"),
        reverse("alliances:alliance-export"),
    ]
    small = [queries_for(cast.mallory, url) for url in urls]
    add_alliances(cast.mallory, partners[2:], 2)
    assert Alliance.objects.visible_to(cast.mallory).count() == 12
    assert [queries_for(cast.mallory, url) for url in urls] == small


def test_alliance_page_runs_the_same_queries_for_2_and_12_parties(cast):
    def alliance_with(parties: int, offset: int) -> Alliance:
        """An alliance of `parties` organisations with shared notes, a passed and a pending gate."""
        alliance = services.alliance_create(
            actor=cast.mallory,
            name=f"Consortium {parties}",
            effective_date=datetime.date(2025, 1, 1),
        )
        others = [partner(number) for number in range(offset, offset + parties - 1)]
        for other in others:
            organisation = other.membership.organisation
            party = services.party_invite(
                actor=cast.mallory, alliance=alliance, organisation=organisation
            ).party
            assert party is not None
            services.party_respond(actor=other, party=party, accept=True)
            services.note_create(
                actor=other, alliance=alliance, title="Ours", body="x", visibility="shared"
            )
        alliance.refresh_from_db()
        passed = services.gate_propose(
            actor=cast.mallory,
            alliance=alliance,
            to_phase=Phase.PRECLINICAL,
            rationale="Go",
            **signed(),
        )
        for other in others:
            services.gate_sign(actor=other, gate=passed, **signed())
        alliance.refresh_from_db()
        assert alliance.phase == Phase.PRECLINICAL
        pending = services.gate_propose(
            actor=cast.mallory,
            alliance=alliance,
            to_phase=Phase.CLINICAL,
            rationale="Next",
            **signed(),
        )
        # A partner's signature would pass the two-party alliance's gate; both must stay pending.
        assert pending.status == "pending"
        services.note_create(actor=cast.mallory, alliance=alliance, title="Private", body="x")
        return alliance

    small = alliance_with(2, 0)
    large = alliance_with(12, 10)
    count = [
        queries_for(cast.mallory, reverse("alliances:alliance-detail", args=[a.pk]))
        for a in (small, large)
    ]
    assert count[0] == count[1]


# Issue 11: the alliance page in a bounded number of queries, the pending gate's card showing
# its evidence from the document room (one query, issue 16) included.
ALLIANCE_PAGE_QUERIES = 25


def test_alliance_page_gathers_its_panels_in_a_bounded_number_of_queries(cast):
    """Every capability's panel reads before the page renders, and the count stays the same
    with more alliances in the portfolio and more records on the alliance itself.

    The gate is pending and signed (its manifest is read and shown), as in `make bench`: Alice
    has signed for Helix, Bob has still to answer for Borealis (his page carries the forms)."""
    from concord.core.models import Signature

    url = reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk])
    gate = propose(cast)  # a pending gate: the gate's own panels join the side column's
    signature = Signature.objects.unscoped().get(subject_id=str(gate.pk))
    assert signature.signer == cast.alice
    few = {user: queries_for(user, url) for user in (cast.alice, cast.bob)}
    add_alliances(cast.alice, [partner(n) for n in range(6)], 0)
    for n in range(12):
        services.note_create(
            actor=cast.alice, alliance=cast.helix_borealis, title=f"Sync {n}", body="."
        )
    many = {user: queries_for(user, url) for user in (cast.alice, cast.bob)}
    assert many == few
    assert max(many.values()) <= ALLIANCE_PAGE_QUERIES
    bobs = html(client_for(cast.bob).get(url))
    assert signature.printed_name in bobs and "Sign off for" in bobs
    # The panels ran in the view: the template was handed them, gathered.
    response = client_for(cast.alice).get(url)
    assert set(response.context["panels"]) == {"side", "gate"}
    assert response.context["panels"]["side"], "the capabilities' side panels were gathered"


def test_answering_a_closed_gate_explains_itself(cast):
    gate = propose(cast)
    services.gate_withdraw(actor=cast.alice, gate=gate)
    response = client_for(cast.erin).post(
        reverse("alliances:gate-decline", args=[gate.pk]),
        {"reason": "Too late", **signed("reject")},
    )
    assert response.status_code == 200
    assert "This gate is no longer pending." in html(response)


def test_a_tampered_answer_is_an_error_message_not_a_crash(cast):
    alliance = new_alliance(cast)
    party = services.party_invite(
        actor=cast.alice, alliance=alliance, organisation=cast.borealis
    ).party
    assert party is not None
    response = client_for(cast.bob).post(
        reverse("alliances:party-respond", args=[party.pk]), {"decision": "maybe"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in html(response)
    party.refresh_from_db()
    assert party.status == Party.Status.INVITED


def test_a_terminated_alliance_shows_its_end_and_takes_no_new_partners(cast):
    gate = propose(cast, to_phase=Phase.TERMINATED)
    services.gate_sign(actor=cast.bob, gate=gate, **signed())
    text = detail(cast.alice, cast.helix_borealis)
    assert "Not reached" in text and "Skipped" not in text
    assert "Invite a partner" not in text
    assert "A terminated alliance has no further phases." in text
    invite = html(page(cast.alice, "alliances:party-invite", cast.helix_borealis.pk))
    assert "A terminated alliance takes no new parties." in invite


def test_a_long_history_shows_the_latest_notes_and_offers_the_rest(cast):
    for n in range(12):
        services.note_create(
            actor=cast.alice, alliance=cast.helix_borealis, title=f"Weekly sync {n:02}", body="."
        )
    url = reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk])
    page = html(client_for(cast.alice).get(url))
    assert ">Weekly sync 11</h3>" in page and ">Weekly sync 00</h3>" not in page
    assert "Show all 14 notes" in page
    everything = html(client_for(cast.alice).get(url, {"notes": "all"}))
    assert ">Weekly sync 00</h3>" in everything and "Show all" not in everything


def test_an_invited_organisation_sees_the_proposal_not_the_workings(cast):
    from concord.alliances.models import Programme

    services.gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="clinical",
        rationale="IND cleared",
        **signed(),
    )
    services.party_invite(actor=cast.bob, alliance=cast.helix_borealis, organisation=cast.cobalt)
    url = reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk])
    page = html(client_for(cast.dave).get(url))
    asset = Programme.objects.unscoped().filter(alliance=cast.helix_borealis).get().asset_name
    assert "Accept and join" in page and "What you see before accepting" in page
    for secret in (
        asset,
        "IND cleared",
        "Kick-off meeting summary",
        "Alice Archer",
        "Phase timeline",
    ):
        assert secret not in page, secret
    partner_view = html(client_for(cast.bob).get(url))
    assert (
        asset in partner_view and "IND cleared" in partner_view and "Alice Archer" in partner_view
    )
