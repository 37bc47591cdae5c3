"""Property test: in any world of organisations, alliances and notes, nobody reads a row they
may not see — not in lists, details, searches, exports or the API.

The expected visibility comes from a plain-Python oracle over the generated world, written
independently of the queryset rule it checks.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from concord.alliances.models import Alliance, Note, Party, Programme
from concord.alliances.selectors import AllianceFilters, alliance_list, alliance_workspace
from concord.core.audit import audit_record
from concord.core.models import AuditEvent
from concord.orgs.models import Membership, Organisation, User
from concord.orgs.services import api_token_create

STATUSES = ["accepted", "invited", "declined"]


@dataclass(frozen=True)
class PartySpec:
    org: int
    status: str


@dataclass(frozen=True)
class NoteSpec:
    author_org: int
    shared: bool


@dataclass(frozen=True)
class AllianceSpec:
    parties: tuple[PartySpec, ...]
    notes: tuple[NoteSpec, ...]


def alliance_specs(org_count: int) -> st.SearchStrategy[AllianceSpec]:
    orgs = st.lists(st.integers(0, org_count - 1), min_size=1, max_size=org_count, unique=True)

    def with_parties(members: list[int]) -> st.SearchStrategy[AllianceSpec]:
        statuses = st.lists(st.sampled_from(STATUSES), min_size=len(members), max_size=len(members))
        parties = statuses.map(
            lambda ss: tuple(
                PartySpec(org, "accepted" if i == 0 else s)
                for i, (org, s) in enumerate(zip(members, ss, strict=True))
            )
        )
        notes = st.lists(
            st.builds(NoteSpec, st.sampled_from(members), st.booleans()), max_size=3
        ).map(tuple)
        return st.builds(AllianceSpec, parties, notes)

    return orgs.flatmap(with_parties)


worlds = st.integers(2, 4).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(alliance_specs(n), min_size=1, max_size=5))
)


class NoRowLeaks(TestCase):
    """Builds a random world and asks every reader what each person can see."""

    def build(self, org_count: int, specs: list[AllianceSpec]):
        users = []
        for i in range(org_count):
            org = Organisation.objects.create(name=f"Org {i}", kind="biotech", country="GB")
            user = User.objects.create_user(
                username=f"u{i}@o.test", email=f"u{i}@o.test", password="pw-unused-123"
            )
            Membership.objects.create(user=user, organisation=org, role="alliance_manager")
            users.append(user)
        notes: dict[int, tuple[int, int, bool]] = {}  # note pk -> (alliance pk, org idx, shared)
        alliances: dict[int, AllianceSpec] = {}
        for n, spec in enumerate(specs):
            alliance = Alliance.objects.create(
                name=f"Alliance {n} zeta",
                effective_date=datetime.date(2025, 1, 1),
                created_by=users[spec.parties[0].org],
            )
            alliances[alliance.pk] = spec
            Programme.objects.create(
                alliance=alliance,
                asset_name=f"ZETA-{n}",
                modality="antibody",
                therapeutic_area="oncology",
                indication="Melanoma",
                stage="discovery",
            )
            for party in spec.parties:
                Party.objects.create(
                    alliance=alliance,
                    organisation=users[party.org].membership.organisation,
                    status=party.status,
                )
            for note in spec.notes:
                row = Note.objects.create(
                    alliance=alliance,
                    organisation=users[note.author_org].membership.organisation,
                    author=users[note.author_org],
                    title=f"Note zeta {n}",
                    body="body",
                    visibility="shared" if note.shared else "private",
                )
                notes[row.pk] = (alliance.pk, note.author_org, note.shared)
                audit_record(
                    actor=users[note.author_org],
                    action="note.created",
                    obj=row,
                    summary=row.title,
                    organisation=row.organisation,
                    alliance=alliance,
                    visibility=row.visibility,
                )
        return users, alliances, notes

    @staticmethod
    def oracle_alliances(
        org: int, alliances: dict[int, AllianceSpec], statuses: tuple[str, ...]
    ) -> set[int]:
        return {
            pk
            for pk, spec in alliances.items()
            if any(p.org == org and p.status in statuses for p in spec.parties)
        }

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(worlds)
    def test_no_reader_returns_a_row_the_user_may_not_see(self, world):
        org_count, specs = world
        users, alliances, notes = self.build(org_count, specs)
        for org, user in enumerate(users):
            # An invited organisation sees the proposal; only a party that joined sees the rest.
            expected = self.oracle_alliances(org, alliances, ("accepted", "invited"))
            joined = self.oracle_alliances(org, alliances, ("accepted",))
            expected_notes = {
                pk
                for pk, (a, author, shared) in notes.items()
                if a in joined and (shared or author == org)
            }
            self.check_querysets(user, expected, joined, expected_notes)
            self.check_pages_and_api(user, expected, expected_notes, alliances)

    def check_querysets(
        self, user, expected: set[int], joined: set[int], expected_notes: set[int]
    ) -> None:
        assert set(Alliance.objects.visible_to(user).values_list("pk", flat=True)) == expected
        searched = alliance_list(user=user, filters=AllianceFilters(search="zeta"))
        assert {a.pk for a in searched} == expected
        assert set(Note.objects.visible_to(user).values_list("pk", flat=True)) == expected_notes
        for alliance in Alliance.objects.visible_to(user):
            workspace = alliance_workspace(user=user, alliance=alliance)
            assert {n.pk for n in workspace.notes} <= expected_notes
            assert all(p.alliance_id == alliance.pk for p in workspace.parties)
        events = AuditEvent.objects.visible_to(user).exclude(alliance=None)
        assert set(events.values_list("alliance_id", flat=True)) <= joined
        note_events = {int(e.object_id) for e in events.filter(object_type="note")}
        assert note_events == expected_notes
        programmes = Programme.objects.visible_to(user).values_list("alliance_id", flat=True)
        assert set(programmes) <= joined

    def check_pages_and_api(self, user, expected, expected_notes, alliances) -> None:
        client = Client()
        client.force_login(user)
        export = client.get(reverse("alliances:alliance-export"), {"search": "zeta"})
        names = {
            row[0] for row in list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[1:]
        }
        visible_names = set(
            Alliance.objects.unscoped().filter(pk__in=expected).values_list("name", flat=True)
        )
        assert names == visible_names
        key = api_token_create(actor=user).key
        api = Client(headers={"authorization": f"Bearer {key}"})
        listed = api.get("/api/v1/alliances", {"limit": 100, "search": "zeta"}).json()
        assert {item["id"] for item in listed["items"]} == expected
        for pk in alliances:
            page = client.get(reverse("alliances:alliance-detail", args=[pk]))
            detail = api.get(f"/api/v1/alliances/{pk}")
            if pk in expected:
                assert page.status_code == 200 and detail.status_code == 200
                api_notes = {
                    n["id"] for n in api.get(f"/api/v1/alliances/{pk}/notes").json()["items"]
                }
                assert api_notes <= expected_notes
            else:
                assert page.status_code == 404 and detail.status_code == 404
