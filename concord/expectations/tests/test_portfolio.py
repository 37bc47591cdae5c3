"""The organisation-wide commitments page: Bob, at a pharma with several alliances, sees what every
partner owes and what Borealis owes them, overdue first; Alice sees only her alliance with Bob;
nothing of an alliance between two other organisations ever reaches either of them."""

from __future__ import annotations

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.expectations import services
from concord.expectations.tests.helpers import CRITERIA, borealis_owes, helix_owes, party
from conftest import partnership

pytestmark = pytest.mark.django_db

URL = reverse("expectations:portfolio-commitments")
EXPORT_URL = reverse("expectations:portfolio-commitments-export")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cobalt_owes(cast, *, due: str, title: str, alliance=None, actor=None):
    """Cobalt (Dave owning it) owes its partner something: Bob's pharma unless `alliance` says."""
    alliance = alliance or cast.cobalt_borealis
    return services.commitment_create(
        actor=actor or cast.bob,
        alliance=alliance,
        title=title,
        acceptance_criteria=CRITERIA,
        owner_party=party(alliance, cast.cobalt),
        owner=cast.dave,
        due_date=datetime.date.fromisoformat(due),
    )


@pytest.fixture
def portfolio(cast):
    """A commitment in each status across Bob's two alliances, and a rival alliance he is not in."""
    in_ten_days = timezone.localdate() + datetime.timedelta(days=10)
    delivered = helix_owes(cast, due="2099-03-01", title="Delivered dossier")
    services.commitment_deliver(actor=cast.alice, commitment=delivered)
    accepted = borealis_owes(cast, due="2099-04-01", title="Accepted plan")
    services.delivery_accept(
        actor=cast.alice, delivery=services.commitment_deliver(actor=cast.bob, commitment=accepted)
    )
    rejected = helix_owes(cast, due="2099-05-01", title="Rejected report")
    services.delivery_reject(
        actor=cast.bob,
        delivery=services.commitment_deliver(actor=cast.alice, commitment=rejected),
        comment="No QA page.",
    )
    waived = helix_owes(cast, due="2099-06-01", title="Waived samples")
    services.commitment_waive(actor=cast.bob, commitment=waived, reason="No longer needed.")
    disputed = helix_owes(cast, due="2099-07-01", title="Disputed budget")
    services.commitment_dispute(actor=cast.alice, commitment=disputed, reason="Never agreed.")
    helix_owes(cast, due="2020-01-10", title="Old tox report")
    helix_owes(cast, due="2099-01-10", title="Far-off report")
    borealis_owes(cast, due="2099-02-01", title="Assay access")
    borealis_owes(cast, due=in_ten_days, title="Monthly update")
    cobalt_owes(cast, due="2021-06-01", title="Cobalt data package")
    # Meridian and Cobalt's own alliance: neither Bob nor Alice is in it.
    rival = partnership(cast.mallory, cast.dave, "Meridian–Cobalt assay alliance")
    cobalt_owes(cast, due="2020-02-01", title="Meridian secret", alliance=rival, actor=cast.mallory)
    return SimpleNamespace(rival=rival)


def titles(client: Client, **query) -> list[str]:
    """The titles listed, closed ones shown unless the query says otherwise."""
    query.setdefault("closed", "on")
    page = client.get(URL, query)
    assert page.status_code == 200
    return [c.title for c in page.context["page_obj"]]


HELIX_BOREALIS = {
    "Delivered dossier",
    "Accepted plan",
    "Rejected report",
    "Waived samples",
    "Disputed budget",
    "Old tox report",
    "Far-off report",
    "Assay access",
    "Monthly update",
}


def test_each_person_sees_the_commitments_of_the_alliances_their_organisation_joined(
    cast, portfolio
):
    assert set(titles(client_for(cast.bob))) == HELIX_BOREALIS | {"Cobalt data package"}
    assert set(titles(client_for(cast.alice))) == HELIX_BOREALIS
    assert set(titles(client_for(cast.carol))) == HELIX_BOREALIS  # read-only, same organisation
    assert set(titles(client_for(cast.dave))) == {"Cobalt data package", "Meridian secret"}
    assert set(titles(client_for(cast.mallory))) == {"Meridian secret"}


def test_an_outsiders_commitments_never_reach_the_page_the_filter_or_the_export(cast, portfolio):
    for user in (cast.alice, cast.bob):
        client = client_for(user)
        for query in ({}, {"alliance": portfolio.rival.pk}, {"search": "Meridian"}):
            assert "Meridian secret" not in titles(client, **query)
        html = client.get(URL).content.decode()
        assert "Meridian" not in html
        assert "Meridian" not in client.get(EXPORT_URL).content.decode()
    # Alice may not even learn the name of Bob's alliance with her rival, or pick it.
    alice = client_for(cast.alice)
    assert "Cobalt" not in alice.get(URL).content.decode()
    assert set(titles(alice, alliance=cast.cobalt_borealis.pk)) == HELIX_BOREALIS
    assert "Cobalt" not in alice.get(EXPORT_URL).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"status": "open"},
            {
                "Old tox report",
                "Far-off report",
                "Assay access",
                "Monthly update",
                "Rejected report",
                "Cobalt data package",
            },
        ),
        ({"status": "overdue"}, {"Old tox report", "Cobalt data package"}),
        ({"status": "delivered"}, {"Delivered dossier"}),
        ({"status": "accepted"}, {"Accepted plan"}),
        ({"status": "rejected"}, {"Rejected report"}),
        ({"status": "waived"}, {"Waived samples"}),
        ({"status": "in_dispute"}, {"Disputed budget"}),
        ({"side": "ours"}, {"Assay access", "Accepted plan", "Monthly update"}),
        ({"side": "partner", "status": "overdue"}, {"Old tox report", "Cobalt data package"}),
        (
            {"due_from": "2099-03-01", "due_to": "2099-05-31"},
            {"Delivered dossier", "Accepted plan", "Rejected report"},
        ),
        ({"due_to": "2021-12-31"}, {"Old tox report", "Cobalt data package"}),
        ({"search": "REPORT"}, {"Old tox report", "Far-off report", "Rejected report"}),
        ({"search": "screening"}, set()),  # in the criteria, not the title: not searched
    ],
)
def test_bob_filters_the_portfolio(cast, portfolio, query, expected):
    assert set(titles(client_for(cast.bob), **query)) == expected


def test_bob_filters_one_alliance_and_unknown_values_are_ignored(cast, portfolio):
    bob = client_for(cast.bob)
    assert titles(bob, alliance=cast.cobalt_borealis.pk) == ["Cobalt data package"]
    everything = set(titles(bob))
    assert len(everything) == 10
    for query in ({"status": "nonsense"}, {"side": "both"}, {"due_from": "soon"}):
        assert set(titles(bob, **query)) == everything


def test_the_default_order_puts_overdue_first_then_what_is_owed_then_what_is_closed(
    cast, portfolio
):
    assert titles(client_for(cast.bob)) == [
        "Old tox report",
        "Cobalt data package",
        "Monthly update",
        "Far-off report",
        "Assay access",
        "Delivered dossier",
        "Rejected report",
        "Disputed budget",
        "Accepted plan",
        "Waived samples",
    ]


def test_accepted_and_waived_commitments_are_hidden_until_asked(cast, portfolio):
    bob = client_for(cast.bob)
    shown = [c.title for c in bob.get(URL).context["page_obj"]]
    assert shown == [
        "Old tox report",
        "Cobalt data package",
        "Monthly update",
        "Far-off report",
        "Assay access",
        "Delivered dossier",
        "Rejected report",
        "Disputed budget",
    ]
    assert "Accepted plan" in titles(bob, closed="on")
    # Naming a closed status shows it, ticked or not.
    assert [c.title for c in bob.get(URL, {"status": "waived"}).context["page_obj"]] == [
        "Waived samples"
    ]
    html = bob.get(URL).content.decode()
    assert 'name="closed"' in html and "Show closed" in html
    # The export keeps the whole record, closed ones included.
    exported = bob.get(EXPORT_URL).content.decode("utf-8-sig")
    assert "Accepted plan" in exported and "Waived samples" in exported


def test_bob_sorts_by_due_date_alliance_and_status(cast, portfolio):
    bob = client_for(cast.bob)
    assert titles(bob, sort="-due") == [
        "Disputed budget",
        "Waived samples",
        "Rejected report",
        "Accepted plan",
        "Delivered dossier",
        "Assay access",
        "Far-off report",
        "Monthly update",
        "Cobalt data package",
        "Old tox report",
    ]
    by_alliance = titles(bob, sort="alliance")
    assert by_alliance[0] == "Cobalt data package"  # Cobalt–… before Helix–…
    assert by_alliance[1:3] == ["Old tox report", "Monthly update"]
    assert titles(bob, sort="status") == [
        "Old tox report",
        "Cobalt data package",
        "Disputed budget",
        "Delivered dossier",
        "Rejected report",
        "Monthly update",
        "Far-off report",
        "Assay access",
        "Accepted plan",
        "Waived samples",
    ]
    assert titles(bob, sort="nonsense") == titles(bob)


def test_the_summary_counts_the_filtered_list(cast, portfolio):
    bob = client_for(cast.bob)
    summary = bob.get(URL).context["summary"]
    assert (summary.open, summary.overdue, summary.due_soon) == (6, 2, 1)
    ours = bob.get(URL, {"side": "ours"}).context["summary"]
    assert (ours.open, ours.overdue, ours.due_soon) == (2, 0, 1)
    html = bob.get(URL, {"alliance": cast.cobalt_borealis.pk}).content.decode()
    assert "<strong>1</strong> open · <strong>1</strong> overdue · <strong>0</strong> due" in html


def test_each_row_links_its_alliance_and_commitment_and_flags_overdue(cast, portfolio):
    html = client_for(cast.bob).get(URL, {"status": "overdue"}).content.decode()
    commitment_list = reverse("expectations:commitment-list", args=[cast.helix_borealis.pk])
    assert f'href="{commitment_list}"' in html
    row = next(
        c for c in client_for(cast.bob).get(URL).context["page_obj"] if c.title == "Old tox report"
    )
    assert f'href="{reverse("expectations:commitment-detail", args=[row.pk])}"' in html
    assert f"Overdue {row.days_past_due} days" in html
    assert row.days_past_due > 2000 and not row.owed_by_us
    assert 'Helix Biotherapeutics <span class="badge">Partner</span>' in html


def test_the_list_pages_and_keeps_its_filters(cast, portfolio, monkeypatch):
    monkeypatch.setattr("concord.expectations.views.portfolio.PAGE_SIZE", 4)
    bob = client_for(cast.bob)
    first = bob.get(URL, {"side": "partner", "closed": "on"})
    assert first.context["page_obj"].paginator.count == 7
    html = first.content.decode()
    assert "Page 1 of 2" in html and 'href="?side=partner&amp;closed=on&amp;page=2"' in html
    second = titles(bob, side="partner", page=2)
    assert len(second) == 3 and set(second).isdisjoint(titles(bob, side="partner"))
    assert titles(bob, side="partner", page=99) == second  # past the end: the last page


def test_empty_states_tell_a_new_organisation_from_a_narrow_filter(cast, portfolio):
    html = client_for(cast.carol).get(URL, {"search": "no such thing"}).content.decode()
    assert "No commitments match" in html and "No commitments yet" not in html
    html = client_for(cast.carol).get(URL).content.decode()
    assert "No commitments match" not in html and "No open commitments" not in html


def test_an_organisation_without_alliances_sees_the_empty_page(cast):
    html = client_for(cast.mallory).get(URL).content.decode()
    assert "No open commitments" in html and "Export" not in html


def test_htmx_gets_the_results_and_summary_alone(cast, portfolio):
    response = client_for(cast.bob).get(
        URL,
        {"status": "overdue"},
        headers={"HX-Request": "true", "HX-Target": "portfolio-commitment-results"},
    )
    html = response.content.decode()
    assert "<html" not in html and "Old tox report" in html and 'id="commitment-summary"' in html
    assert "Far-off report" not in html


def test_the_navigation_leads_members_to_the_page(cast):
    home = client_for(cast.alice).get(reverse("alliances:alliance-list")).content.decode()
    assert f'<a href="{URL}" >Commitments</a>' in home
    page = client_for(cast.alice).get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Commitments</a>' in page
    assert Client().get(URL).status_code == 302  # anonymous: to the login page


def test_the_csv_export_holds_the_filtered_list_in_the_page_order(cast, portfolio):
    bob = client_for(cast.bob)
    helix_owes(cast, due="2019-05-05", title='=HYPERLINK("http://evil.test")')
    export = bob.get(EXPORT_URL, {"status": "overdue"})
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="Commitments {timezone.localdate()}.csv"' in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Alliance", "Commitment", "Kind", "Owed by", "Side", "Owed to", "Owner", "Due date",
        "Days overdue", "Status", "Acceptance criteria",
    ]  # fmt: skip
    assert [r[1] for r in rows[1:]] == [
        '\'=HYPERLINK("http://evil.test")',
        "Old tox report",
        "Cobalt data package",
    ]
    old = rows[2]
    assert old[0] == "Helix–Borealis oncology alliance"
    assert old[3:8] == [
        "Helix Biotherapeutics",
        "Partner",
        "Borealis Pharma",
        "Alice Archer",
        "2020-01-10",
    ]
    assert int(old[8]) == (timezone.localdate() - datetime.date(2020, 1, 10)).days
    assert old[9] == "Overdue" and old[10] == CRITERIA
    ours = list(
        csv.reader(io.StringIO(bob.get(EXPORT_URL, {"side": "ours"}).content.decode("utf-8-sig")))
    )
    assert {r[1] for r in ours[1:]} == {"Assay access", "Accepted plan", "Monthly update"}
    assert {r[4] for r in ours[1:]} == {"Ours"} and {r[8] for r in ours[1:]} == {""}


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
def test_the_page_runs_the_same_queries_with_more_alliances_and_commitments(cast, url):
    bob = client_for(cast.bob)
    helix_owes(cast, due="2020-01-10", title="Old tox report")
    borealis_owes(cast, due="2099-02-01", title="Assay access")
    before = queries(bob, url)
    cobalt_owes(cast, due="2021-06-01", title="Cobalt data package")
    third = partnership(cast.bob, cast.mallory, "Borealis–Meridian CRO alliance")
    for i in range(6):
        services.commitment_create(
            actor=cast.bob,
            alliance=third,
            title=f"Monthly CRO report {i}",
            acceptance_criteria=CRITERIA,
            owner_party=party(third, cast.outsider_org),
            owner=cast.mallory,
            due_date=datetime.date(2025, 1 + i, 15),
        )
        owed = helix_owes(cast, due=datetime.date(2026, 1 + i, 10), title=f"Batch {i}")
        services.commitment_deliver(actor=cast.alice, commitment=owed)
    assert queries(bob, url) == before
