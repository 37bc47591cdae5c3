"""The health pages, told with the shared cast: the Health tab, a round's results, the personal
link, the organisation-wide page, the instrument library, and what each click changes."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.health import services
from concord.health.models import Cadence, Celebration, Kind, Respondent, Round, RoundParty
from concord.health.tests.conftest import answer, open_round, run_round, statements

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def get(user, name, *args, **query):
    return client_for(user).get(reverse(name, args=args), query)


def text(response) -> str:
    return response.content.decode()


class TestHealthTab:
    def test_both_parties_see_the_gap_chart_and_the_flagged_gap(self, teams):
        run_round(teams, [5, 5, 4], [3, 3, 3])  # 4.67 against 3.00
        for person in (teams.cast.alice, teams.cast.bob):
            page = text(get(person, "health:alliance-health", teams.alliance.pk))
            assert '<svg class="chart" id="gap"' in page
            assert "Gap 1.67" in page and "Perception gap" in page
            assert 'aria-current="page">Health</a>' in page  # the section bar marks the tab

    def test_a_party_with_too_few_answers_says_so_and_shows_no_scores(self, teams):
        run_round(teams, [5, 5], [3, 3, 3])
        page = text(get(teams.cast.bob, "health:alliance-health", teams.alliance.pk))
        assert "Not enough responses" in page and '2 <span class="muted small">of 4' in page
        assert "5.00" not in page

    def test_outsiders_get_404_and_the_tab_offers_actions_by_role(self, teams):
        assert get(teams.cast.dave, "health:alliance-health", teams.alliance.pk).status_code == 404
        alice = text(get(teams.cast.alice, "health:alliance-health", teams.alliance.pk))
        carol = text(get(teams.cast.carol, "health:alliance-health", teams.alliance.pk))
        assert "Start a check now" in alice and "Give kudos" in alice
        assert "Start a check now" not in carol and "Give kudos" not in carol

    def test_the_trend_chart_follows_the_chosen_dimension(self, teams):
        run_round(teams, [4, 4, 4], [4, 4, 4])
        run_round(teams, [4, 4, 4], [3, 3, 3])
        page = text(
            get(teams.cast.alice, "health:alliance-health", teams.alliance.pk, dimension="trust")
        )
        assert '<svg class="chart" id="trend"' in page and "Trend: Trust and openness" in page

    def test_an_early_warning_shows_on_the_tab(self, teams):
        run_round(teams, [4, 4, 4], [4, 4, 4])
        run_round(teams, [4, 4, 4], [2, 2, 3])
        page = text(get(teams.cast.alice, "health:alliance-health", teams.alliance.pk))
        assert "Early warning" in page and "(was 4.00)" in page

    def test_a_waiting_invitation_is_offered(self, teams):
        round_ = open_round(teams.alliance)
        page = text(get(teams.cast.bob, "health:alliance-health", teams.alliance.pk))
        assert reverse("health:round-answer", args=[round_.pk]) in page

    def test_the_overview_panel_shows_the_latest_pulse_and_celebrations(self, teams):
        run_round(teams, [4, 4, 4], [3, 3, 3])
        services.kudos_give(
            actor=teams.cast.bob, alliance=teams.alliance, message="Great JSC prep!"
        )
        from concord.health.views.alliance import overview_panel

        request = type("R", (), {"user": teams.cast.alice})()
        template, context = overview_panel(request, teams.alliance)
        from django.template.loader import render_to_string

        html = render_to_string(template, context)
        assert "Relationship health" in html and "4.00" in html and "Great JSC prep!" in html


class TestAnswering:
    def link(self, mailoutbox, person) -> str:
        message = next(m for m in mailoutbox if m.to == [person.email])
        found = re.search(r"/health/answer/[^/\s]+/", message.body)
        assert found is not None
        return found.group(0)

    def test_the_emailed_link_answers_without_signing_in_and_then_shows_no_answers(
        self, teams, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            round_ = open_round(teams.alliance)
        url = self.link(mailoutbox, teams.cast.bob)
        anonymous = Client()
        assert "Strongly agree" in text(anonymous.get(url))
        data = {f"s{s.pk}": "2" for s in statements(round_)} | {"comment": "Slow decisions."}
        response = anonymous.post(url, data)
        page = text(response)
        assert response.status_code == 200 and "your answers are counted" in page
        assert "Slow decisions." not in page and "checked" not in page
        # Coming back to the link shows the same thanks, never the answers.
        again = text(anonymous.get(url))
        assert "your answers are counted" in again and "Slow decisions." not in again
        assert (
            RoundParty.objects.unscoped()
            .get(round=round_, organisation=teams.cast.borealis)
            .responded
            == 1
        )

    def test_a_missing_answer_shows_the_form_again_and_counts_nothing(self, teams):
        round_ = open_round(teams.alliance)
        first = statements(round_)[0]
        response = client_for(teams.cast.bob).post(
            reverse("health:round-answer", args=[round_.pk]), {f"s{first.pk}": "3"}
        )
        assert response.status_code == 200 and "Choose how far you agree." in text(response)
        assert not Respondent.objects.unscoped().get(round=round_, user=teams.cast.bob).has_answered

    def test_a_made_up_link_is_404(self, teams):
        assert Client().get(reverse("health:answer", args=["not-a-token"])).status_code == 404

    def test_someone_not_invited_cannot_answer(self, teams):
        round_ = open_round(teams.alliance)
        response = get(teams.cast.carol, "health:round-answer", round_.pk)
        assert response.status_code == 403


class TestRoundPages:
    def test_comments_show_without_names(self, teams):
        round_ = open_round(teams.alliance)
        for person in teams.borealis[:3]:
            answer(round_, person, 3, comment=f"Note from {person.first_name}")
        services.round_close(round_pk=round_.pk)
        page = text(get(teams.cast.alice, "health:round-detail", round_.pk))
        assert page.count("Someone at Borealis Pharma") == 3
        assert "Erin Eklund" not in page and "Bob Brennan" not in page

    def test_the_csv_has_aggregates_only(self, teams):
        round_ = run_round(teams, [5, 5, 5], [3, 3])
        response = get(teams.cast.alice, "health:round-export", round_.pk)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == [
            "Dimension",
            "Helix Biotherapeutics",
            "Borealis Pharma",
            "Gap",
            "Flagged",
        ]
        assert rows[1][1:3] == ["5.00", ""]  # Borealis hidden: two answered
        assert ["Shown", "yes", "not enough responses", "", ""] in rows


class TestManaging:
    def test_a_manager_changes_the_cadence(self, teams):
        response = client_for(teams.cast.bob).post(
            reverse("health:cadence-update", args=[teams.alliance.pk]),
            {
                "pulse_enabled": "on",
                "pulse_every_months": "1",
                "health_enabled": "on",
                "health_every_months": "6",
                "health_at_gates": "on",
                "window_days": "7",
                "min_respondents": "4",
            },
        )
        assert response.status_code == 302
        assert Cadence.objects.unscoped().get(alliance=teams.alliance).min_respondents == 4

    def test_a_threshold_below_three_is_refused_on_the_form(self, teams):
        response = client_for(teams.cast.bob).post(
            reverse("health:cadence-update", args=[teams.alliance.pk]),
            {
                "pulse_every_months": "1",
                "health_every_months": "6",
                "window_days": "7",
                "min_respondents": "2",
            },
        )
        assert response.status_code == 200 and "greater than or equal to 3" in text(response)
        assert not Cadence.objects.unscoped().exists()

    def test_starting_a_check_and_giving_kudos(self, teams):
        client = client_for(teams.cast.alice)
        client.post(
            reverse("health:round-start", args=[teams.alliance.pk]), {"kind": "health_check"}
        )
        assert (
            Round.objects.unscoped().filter(alliance=teams.alliance, kind=Kind.HEALTH_CHECK).count()
            == 1
        )
        client.post(
            reverse("health:kudos-create", args=[teams.alliance.pk]), {"message": "Thanks all"}
        )
        assert Celebration.objects.unscoped().get().message == "Thanks all"

    def test_copying_and_editing_an_instrument(self, teams):
        client = client_for(teams.cast.alice)
        builtin = services.builtin_instruments_ensure()[Kind.PULSE]
        response = client.post(
            reverse("health:instrument-copy", args=[builtin.pk]), {"name": "Helix pulse"}
        )
        copy = builtin.copies.get()
        assert response["Location"] == reverse("health:instrument-update", args=[copy.pk])
        form = text(client.get(response["Location"]))
        assert "Decisions are made in time." in form
        data = {"name": "Helix pulse", "description": "", "change_note": "Sharper",
                "d0_name": "Decision speed",
                "d0_statements": "Decisions come in time.\nDecisions stick.\nNobody waits for a reply.",
                "d1_name": "", "d1_statements": "", "d2_name": "", "d2_statements": "",
                "d3_name": "", "d3_statements": "", "d4_name": "", "d4_statements": ""}  # fmt: skip
        client.post(reverse("health:instrument-update", args=[copy.pk]), data)
        assert copy.versions.count() == 2
        page = text(client.get(reverse("health:instrument-detail", args=[copy.pk])))
        assert "Version 2" in page and "Sharper" in page


class TestPortfolio:
    def test_each_joined_alliance_with_its_latest_scores(self, teams):
        run_round(teams, [4, 4, 4], [2, 2, 2])
        page = text(get(teams.cast.bob, "health:portfolio"))
        assert "Helix–Borealis oncology alliance" in page and "Cobalt–Borealis" in page
        assert "Gap flagged" in page
        alice = text(get(teams.cast.alice, "health:portfolio"))
        assert "Cobalt" not in alice

    def test_filters_narrow_whole_alliances(self, teams):
        run_round(teams, [4, 4, 4], [2, 2, 2])
        page = text(get(teams.cast.bob, "health:portfolio", attention="gap"))
        assert "Helix–Borealis" in page and "Cobalt–Borealis" not in page

    def test_the_export_lists_what_the_page_shows(self, teams):
        run_round(teams, [4, 4, 4], [2, 2, 2])
        response = get(teams.cast.alice, "health:portfolio-export")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][0] == "Helix–Borealis oncology alliance" and rows[1][5] == "4.00"

    def test_an_alliance_without_pulses_draws_its_health_checks_in_their_column(self, teams):
        run_round(teams, [4, 4, 4], [3, 3, 3], kind=Kind.HEALTH_CHECK)
        client = client_for(teams.cast.bob)
        url = reverse("health:portfolio")

        def page() -> tuple[str, int]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"search": "Helix"})
            return text(response), len(queries)

        html, before = page()
        cells = re.findall(r"<td class=\"nowrap\">(.*?)</td>", html, flags=re.S)
        assert "Health checks over the last two years" in cells[1]  # the health check cell
        assert "<svg" not in cells[0] and "Pulse over the last twelve months" not in html
        for _ in range(3):
            run_round(teams, [4, 4, 4], [3, 3, 3], kind=Kind.HEALTH_CHECK)
        assert page()[1] == before

    def test_the_query_count_does_not_grow_with_rounds(self, teams):
        run_round(teams, [4, 4, 4], [3, 3, 3])
        client = client_for(teams.cast.bob)
        url = reverse("health:portfolio")

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        before = count()
        for _ in range(3):
            run_round(teams, [4, 4, 4], [3, 3, 3], kind=Kind.HEALTH_CHECK)
            run_round(teams, [5, 4, 4], [3, 2, 3])
        assert count() == before
