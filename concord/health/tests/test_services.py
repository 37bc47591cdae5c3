"""The health rules, told with the shared cast: instruments and their versions, the cadence and
the sweep, answering, anonymity thresholds, gaps, early warnings, reminders and celebrations."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Party
from concord.core.models import AuditEvent
from concord.core.signals import achievement, early_warning
from concord.core.tokens import hash_secret
from concord.health import selectors, services
from concord.health.models import (
    Cadence,
    Celebration,
    Comment,
    Dimension,
    DimensionTally,
    EarlyWarning,
    HealthSettings,
    Instrument,
    Kind,
    Respondent,
    Round,
    RoundParty,
    Statement,
)
from concord.health.services import DimensionWording, warning_for
from concord.health.tests.conftest import answer, close, open_round, run_round, statements
from conftest import signed

pytestmark = pytest.mark.django_db


def rounds_of(alliance: Alliance, **filters: object) -> list[Round]:
    return list(Round.objects.unscoped().filter(alliance=alliance, **filters))


def later(days: float):
    """Move "now" forward, as the sweep would meet it."""
    moment = timezone.now() + datetime.timedelta(days=days)
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- Instruments -------------------------------------------------------------------------------


class TestInstruments:
    def test_the_builtin_health_check_has_six_dimensions_of_four_statements(self, cast):
        builtin = services.builtin_instruments_ensure()
        version = services.current_version(builtin[Kind.HEALTH_CHECK])
        dimensions = selectors.version_wording(version)
        assert [d.name for d in dimensions] == [
            "Strategic value",
            "Operational execution",
            "Governance and decision-making",
            "Trust and relationship",
            "Communication and transparency",
            "Fairness and value-share",
        ]
        assert all(d.statements.count() == 4 for d in dimensions)

    def test_the_builtin_pulse_is_short(self, cast):
        version = services.current_version(services.builtin_instruments_ensure()[Kind.PULSE])
        count = Statement.objects.unscoped().filter(dimension__version=version).count()
        assert 3 <= count <= 5

    def test_ensuring_the_builtins_twice_creates_them_once(self, cast):
        services.builtin_instruments_ensure()
        services.builtin_instruments_ensure()
        assert Instrument.objects.unscoped().filter(organisation=None).count() == 2

    def test_a_copy_belongs_to_the_copying_organisation_alone(self, cast):
        builtin = services.builtin_instruments_ensure()[Kind.PULSE]
        copy = services.instrument_copy(actor=cast.alice, instrument=builtin, name="Helix pulse")
        assert copy.organisation == cast.helix and copy.based_on == builtin
        assert selectors.instrument_list(user=cast.alice).filter(pk=copy.pk).exists()
        assert not selectors.instrument_list(user=cast.bob).filter(pk=copy.pk).exists()
        with pytest.raises(Instrument.DoesNotExist):
            selectors.instrument_get(user=cast.dave, pk=copy.pk)

    def test_editing_the_wording_makes_a_new_version_and_old_rounds_keep_theirs(self, teams):
        cast = teams.cast
        copy = services.instrument_copy(
            actor=cast.alice, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
        )
        services.cadence_update(actor=cast.alice, alliance=teams.alliance, pulse_instrument=copy)
        first = open_round(teams.alliance)
        wording = [
            DimensionWording(d.name, [s.text for s in d.statements.all()], d.key)
            for d in selectors.version_wording(services.current_version(copy))
        ]
        wording[0].statements = ["Decisions are made in time for the work to move on."]
        version = services.instrument_revise(
            actor=cast.alice, instrument=copy, name=copy.name, dimensions=wording
        )
        assert version.number == 2
        assert Round.objects.unscoped().get(pk=first.pk).version.number == 1
        close(first)
        assert open_round(teams.alliance).version_id == version.pk

    def test_saving_the_same_wording_makes_no_new_version(self, cast):
        copy = services.instrument_copy(
            actor=cast.alice, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
        )
        wording = [
            DimensionWording(d.name, [s.text for s in d.statements.all()], d.key)
            for d in selectors.version_wording(services.current_version(copy))
        ]
        services.instrument_revise(
            actor=cast.alice, instrument=copy, name="Renamed", dimensions=wording
        )
        assert copy.versions.count() == 1
        renamed = AuditEvent.objects.unscoped().get(action="health.instrument_renamed")
        assert renamed.after["name"] == "Renamed" and renamed.before["name"] != "Renamed"

    def test_builtins_and_partners_copies_cannot_be_edited(self, cast):
        builtin = services.builtin_instruments_ensure()[Kind.PULSE]
        wording = [DimensionWording("Speed", ["Fast enough.", "On time.", "No waiting."])]
        with pytest.raises(PermissionDenied):
            services.instrument_revise(
                actor=cast.alice, instrument=builtin, name="X", dimensions=wording
            )
        copy = services.instrument_copy(actor=cast.alice, instrument=builtin)
        with pytest.raises(PermissionDenied):
            services.instrument_revise(
                actor=cast.bob, instrument=copy, name="X", dimensions=wording
            )

    def test_bad_wording_is_refused_with_the_field_named(self, cast):
        copy = services.instrument_copy(
            actor=cast.alice, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
        )
        cases = [
            [DimensionWording("", ["A statement without a dimension name."])],
            [DimensionWording("Speed", ["One."]), DimensionWording("Speed", ["Two."])],
            [DimensionWording("Everything", [f"Statement {i}." for i in range(6)])],
            [DimensionWording("Speed", ["Fast enough."]), DimensionWording("Trust", ["Open."])],
            [],
        ]
        for wording in cases:
            with pytest.raises(ValidationError):
                services.instrument_revise(
                    actor=cast.alice, instrument=copy, name="X", dimensions=wording
                )
        assert copy.versions.count() == 1

    def test_viewers_cannot_copy(self, cast):
        with pytest.raises(PermissionDenied):
            services.instrument_copy(
                actor=cast.carol, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
            )


# --- Cadence and thresholds -------------------------------------------------------------------


class TestCadence:
    def test_either_partys_manager_changes_it_and_both_see_the_change(self, cast):
        services.cadence_update(
            actor=cast.bob, alliance=cast.helix_borealis, pulse_every_months=2, window_days=7
        )
        cadence = selectors.cadence_of(user=cast.alice, alliance=cast.helix_borealis)
        assert (cadence.pulse_every_months, cadence.window_days) == (2, 7)
        event = AuditEvent.objects.visible_to(cast.alice).get(action="health.cadence_updated")
        assert event.after == {"pulse_every_months": 2, "window_days": 7}

    def test_viewers_and_outsiders_cannot(self, cast):
        for person in (cast.carol, cast.dave, cast.mallory):
            with pytest.raises(PermissionDenied):
                services.cadence_update(actor=person, alliance=cast.helix_borealis, window_days=5)

    def test_the_threshold_never_goes_below_three(self, cast):
        with pytest.raises(ValidationError) as error:
            services.cadence_update(
                actor=cast.alice, alliance=cast.helix_borealis, min_respondents=2
            )
        assert "min_respondents" in error.value.message_dict
        assert not Cadence.objects.unscoped().exists()

    def test_the_database_refuses_a_threshold_below_three_too(self, cast):
        with pytest.raises(IntegrityError), transaction.atomic():
            Cadence.objects.create(alliance=cast.helix_borealis, min_respondents=2)

    def test_another_organisations_instrument_cannot_be_chosen(self, cast):
        helix_copy = services.instrument_copy(
            actor=cast.alice, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
        )
        with pytest.raises(ValidationError):
            services.cadence_update(
                actor=cast.bob, alliance=cast.helix_borealis, pulse_instrument=helix_copy
            )

    def test_the_strictest_threshold_applies(self, cast):
        assert services.threshold_for(cast.helix_borealis) == 3
        services.threshold_update(actor=cast.bob, min_respondents=5)
        assert services.threshold_for(cast.helix_borealis) == 5
        services.cadence_update(actor=cast.alice, alliance=cast.helix_borealis, min_respondents=6)
        assert services.threshold_for(cast.helix_borealis) == 6

    def test_only_admins_set_the_organisations_threshold_and_never_below_three(self, cast):
        with pytest.raises(PermissionDenied):
            services.threshold_update(actor=cast.carol, min_respondents=4)
        with pytest.raises(ValidationError):
            services.threshold_update(actor=cast.alice, min_respondents=2)
        assert not HealthSettings.objects.unscoped().exists()


# --- The sweep opens rounds ---------------------------------------------------------------------


class TestScheduling:
    def test_an_active_alliance_gets_a_pulse_and_a_health_check(self, cast):
        opened = services.rounds_open_due()
        assert opened == 4  # both alliances, both kinds
        kinds = sorted(r.kind for r in rounds_of(cast.helix_borealis))
        assert kinds == [Kind.HEALTH_CHECK, Kind.PULSE]

    def test_running_the_sweep_twice_opens_no_duplicates(self, cast):
        services.rounds_open_due()
        assert services.rounds_open_due() == 0
        assert len(rounds_of(cast.helix_borealis)) == 2

    def test_the_same_period_cannot_be_opened_twice_even_at_once(self, cast):
        first = services._round_open(
            alliance=cast.helix_borealis, kind=Kind.PULSE, reason="scheduled", period="2026-03"
        )
        close(first)
        again = services._round_open(
            alliance=cast.helix_borealis, kind=Kind.PULSE, reason="scheduled", period="2026-03"
        )
        assert first is not None and again is None
        assert len(rounds_of(cast.helix_borealis, kind=Kind.PULSE)) == 1

    def test_a_month_later_a_new_pulse_but_no_new_health_check(self, cast):
        services.rounds_open_due()
        with later(12):
            services.rounds_close_due()
        with later(32):
            assert services.rounds_open_due() == 2  # the pulse of each alliance
        assert len(rounds_of(cast.helix_borealis, kind=Kind.PULSE)) == 2
        assert len(rounds_of(cast.helix_borealis, kind=Kind.HEALTH_CHECK)) == 1

    def test_six_months_later_the_next_health_check(self, cast):
        services.rounds_open_due()
        with later(12):
            services.rounds_close_due()
        with later(185):
            services.rounds_open_due()
        assert len(rounds_of(cast.helix_borealis, kind=Kind.HEALTH_CHECK)) == 2

    def test_a_round_still_open_holds_back_the_next(self, cast):
        services.cadence_update(actor=cast.alice, alliance=cast.helix_borealis, window_days=30)
        services.rounds_open_due()
        with later(32):  # the pulse is due again but last month's is still open
            services.rounds_open_due()
        assert len(rounds_of(cast.helix_borealis, kind=Kind.PULSE)) == 1

    def test_checks_switched_off_are_not_opened(self, cast):
        services.cadence_update(
            actor=cast.alice,
            alliance=cast.helix_borealis,
            pulse_enabled=False,
            health_enabled=False,
        )
        services.rounds_open_due()
        assert rounds_of(cast.helix_borealis) == []

    def test_proposed_winding_down_and_ended_alliances_are_not_surveyed(self, cast):
        proposed = alliance_services.alliance_create(
            actor=cast.alice, name="Helix solo", effective_date=datetime.date(2026, 1, 1)
        )
        Alliance.objects.unscoped().filter(pk=cast.cobalt_borealis.pk).update(phase="wind_down")
        services.rounds_open_due()
        assert rounds_of(proposed) == [] and rounds_of(cast.cobalt_borealis) == []

    def test_both_parties_team_members_are_invited_each_with_a_personal_link(
        self, teams, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            round_ = open_round(teams.alliance)
        invited = {r.user for r in Respondent.objects.unscoped().filter(round=round_)}
        assert invited == {*teams.helix, *teams.borealis}
        assert teams.cast.carol not in invited  # a colleague, but not on the team
        assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in invited)
        for message in mailoutbox:
            token = re.search(r"/health/answer/([^/]+)/", message.body).group(1)
            respondent = Respondent.objects.unscoped().get(token_hash=hash_secret(token))
            assert respondent.user.email == message.to[0]
            # Only the hash is kept.
            assert not Respondent.objects.unscoped().filter(token_hash=token).exists()

    def test_a_personal_link_answers_only_its_own_round_and_person(
        self, teams, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            round_ = open_round(teams.alliance)
        message = next(m for m in mailoutbox if m.to == [teams.cast.bob.email])
        token = re.search(r"/health/answer/([^/]+)/", message.body).group(1)
        respondent = selectors.respondent_for_token(token)
        assert respondent.user == teams.cast.bob and respondent.round == round_
        assert selectors.respondent_for_token(token[:-1]) is None
        assert selectors.respondent_for_token("") is None


# --- Answering and anonymity -------------------------------------------------------------------


class TestAnswering:
    def test_an_answer_adds_to_the_partys_tallies_and_nothing_else(self, teams):
        round_ = open_round(teams.alliance)
        answer(round_, teams.cast.bob, 2, comment="Decisions take too long.")
        tally = RoundParty.objects.unscoped().get(round=round_, organisation=teams.cast.borealis)
        assert (tally.responded, tally.answers, tally.score_sum) == (1, 4, 8)
        dims = DimensionTally.objects.unscoped().filter(round_party=tally)
        assert {(t.answers, t.score_sum) for t in dims} == {(1, 2)}
        respondent = Respondent.objects.unscoped().get(round=round_, user=teams.cast.bob)
        assert respondent.has_answered

    def test_no_table_ties_an_answer_or_a_comment_to_a_person(self):
        # The promise, checked on the schema: nothing that holds scores or comments points at a
        # user, and the invitation (which does) holds neither scores nor a time of answering.
        for model in (RoundParty, DimensionTally, Comment):
            targets = {
                f.related_model.__name__
                for f in model._meta.get_fields()
                if f.is_relation and f.related_model
            }
            assert "User" not in targets, model
        fields = {f.name for f in Respondent._meta.get_fields()}
        assert not fields & {"score", "scores", "answers", "answered_at", "comment"}
        assert "created_at" not in {f.name for f in Comment._meta.get_fields()}

    def test_the_audit_trail_records_the_count_without_the_person(self, teams):
        round_ = open_round(teams.alliance)
        answer(round_, teams.cast.bob, 3)
        event = AuditEvent.objects.unscoped().get(action="health.response_received")
        assert event.actor is None and event.actor_label == "Concord"
        assert event.alliance is None and event.organisation == teams.cast.borealis
        assert "Bob" not in event.summary

    def test_nobody_answers_twice(self, teams):
        round_ = open_round(teams.alliance)
        answer(round_, teams.cast.bob, 4)
        with pytest.raises(ValidationError):
            answer(round_, teams.cast.bob, 1)
        assert (
            RoundParty.objects.unscoped()
            .get(round=round_, organisation=teams.cast.borealis)
            .responded
            == 1
        )

    def test_a_closed_round_takes_no_answers(self, teams):
        round_ = close(open_round(teams.alliance))
        with pytest.raises(ValidationError):
            answer(round_, teams.cast.bob, 4)

    def test_every_statement_must_be_answered_on_the_scale(self, teams):
        round_ = open_round(teams.alliance)
        respondent = Respondent.objects.unscoped().get(round=round_, user=teams.cast.bob)
        ids = [s.pk for s in statements(round_)]
        for scores in (
            {ids[0]: 4},  # missing answers
            dict.fromkeys(ids, 6),  # off the scale
            dict.fromkeys(ids, 0),
            {**dict.fromkeys(ids, 4), 999_999: 3},  # a statement of another round
            dict.fromkeys(ids, True),
        ):
            with pytest.raises(ValidationError):
                services.response_submit(respondent=respondent, scores=scores)
        assert not Respondent.objects.unscoped().get(pk=respondent.pk).has_answered

    def test_a_long_comment_is_refused_and_changes_nothing(self, teams):
        round_ = open_round(teams.alliance)
        with pytest.raises(ValidationError):
            answer(round_, teams.cast.bob, 4, comment="x" * 2001)
        assert (
            RoundParty.objects.unscoped()
            .get(round=round_, organisation=teams.cast.borealis)
            .responded
            == 0
        )

    def test_someone_who_left_the_organisation_cannot_use_their_link(self, teams):
        round_ = open_round(teams.alliance)
        membership = teams.borealis[2].membership
        membership.is_active = False
        membership.save()
        with pytest.raises(PermissionDenied):
            answer(round_, teams.borealis[2], 4)


class TestThreshold:
    def test_results_stay_hidden_while_the_round_is_open(self, teams):
        round_ = open_round(teams.alliance)
        for person in teams.helix[:3] + teams.borealis[:3]:
            answer(round_, person, 4)
        results = selectors.round_results(user=teams.cast.alice, round_=round_)
        assert not results.published and not results.shown_parties
        assert all(p.overall is None and not p.scores for p in results.parties)
        assert all(score is None for row in results.dimensions for score in row.scores)

    def test_a_party_shows_from_three_answers_not_two(self, teams):
        round_ = run_round(teams, [5, 5], [2, 2, 2])
        results = selectors.round_results(user=teams.cast.alice, round_=round_)
        helix, borealis = results.parties
        assert (helix.name, helix.shown, helix.overall) == ("Helix Biotherapeutics", False, None)
        assert (borealis.shown, borealis.overall) == (True, Decimal("2.00"))
        assert all(row.gap is None for row in results.dimensions)  # no gap with a hidden party

    def test_an_organisation_can_ask_for_more(self, teams):
        services.threshold_update(actor=teams.cast.alice, min_respondents=4)
        round_ = run_round(teams, [4, 4, 4], [4, 4, 4])
        assert round_.min_respondents == 4
        results = selectors.round_results(user=teams.cast.bob, round_=round_)
        assert not results.shown_parties

    def test_comments_show_only_with_their_partys_results(self, teams):
        round_ = open_round(teams.alliance)
        answer(round_, teams.helix[0], 4, comment="Helix comment")
        answer(round_, teams.helix[1], 4)
        for person in teams.borealis[:3]:
            answer(round_, person, 3, comment=f"Borealis says {person.first_name}")
        results = selectors.round_results(user=teams.cast.alice, round_=close(round_))
        assert {c.organisation for c in results.comments} == {"Borealis Pharma"}

    def test_internal_comments_stay_with_their_organisation(self, teams):
        round_ = open_round(teams.alliance)
        for person in teams.helix[:3]:
            answer(round_, person, 4, comment="For both", internal="Only for Helix")
        round_ = close(round_)
        alice = selectors.round_results(user=teams.cast.alice, round_=round_).comments
        bob = selectors.round_results(user=teams.cast.bob, round_=round_).comments
        assert sum(c.internal for c in alice) == 3 and sum(c.text == "For both" for c in alice) == 3
        assert {c.text for c in bob} == {"For both"}
        assert Comment.objects.visible_to(teams.cast.bob).filter(visibility="private").count() == 0

    def test_comments_do_not_come_back_in_the_order_they_were_written(self, teams):
        round_ = open_round(teams.alliance)
        written = []
        for i, person in enumerate(teams.helix + teams.borealis):
            text = f"Comment number {i}"
            written.append(text)
            answer(round_, person, 4, comment=text)
        round_ = close(round_)
        shown = [
            c.text for c in selectors.round_results(user=teams.cast.alice, round_=round_).comments
        ]
        assert sorted(shown) == sorted(written)
        stored = list(Comment.objects.unscoped().values_list("shuffle", flat=True).order_by("pk"))
        # The order pages use is a random draw, not the writing order (a 1 in 8! chance apart).
        assert stored != sorted(stored)


# --- Gaps and early warnings ---------------------------------------------------------------------


class TestGapsAndWarnings:
    def test_a_gap_of_075_is_flagged_and_074_is_not(self, teams):
        # Helix 4, 4, 4 = 4.00; Borealis 3, 3, 3.75 would need fractions: use three pulses of
        # one statement per dimension and pick scores whose averages differ by exactly 0.75.
        round_ = run_round(teams, [4, 4, 4, 4], [3, 3, 4, 3])  # 4.00 against 3.25
        rows = selectors.round_results(user=teams.cast.alice, round_=round_).dimensions
        assert all(row.gap == Decimal("0.75") and row.flagged for row in rows)
        round_ = run_round(teams, [4, 4, 4], [4, 3, 4])  # 4.00 against 3.67
        rows = selectors.round_results(user=teams.cast.alice, round_=round_).dimensions
        assert all(row.gap == Decimal("0.33") and not row.flagged for row in rows)

    def test_the_rule_itself(self):
        d = Decimal
        assert warning_for(d("3.50"), d("4.00")) == ("drop", "low")
        assert warning_for(d("3.51"), d("4.00")) is None
        assert warning_for(d("2.90"), d("3.10")) == ("low", "medium")
        assert warning_for(d("2.80"), None) == ("low", "medium")
        assert warning_for(d("2.80"), d("2.90")) is None  # still low, not falling below again
        assert warning_for(d("2.30"), d("2.90")) == ("drop", "high")
        assert warning_for(d("2.40"), d("3.60")) == ("both", "high")

    def test_a_drop_of_half_a_point_warns_both_managers_and_tells_governance(
        self, teams, mailoutbox, django_capture_on_commit_callbacks
    ):
        heard = []

        def receiver(sender, **kwargs):
            heard.append(kwargs)

        early_warning.connect(receiver)
        try:
            run_round(teams, [5, 5, 5], [4, 4, 4])
            with django_capture_on_commit_callbacks(execute=True):
                low = run_round(teams, [5, 5, 5], [4, 3, 3])  # Borealis 4.00 → 3.33
        finally:
            early_warning.disconnect(receiver)
        warnings = EarlyWarning.objects.unscoped().filter(round=low)
        assert {w.round_party.organisation for w in warnings} == {teams.cast.borealis}
        assert all(w.reason == "drop" and w.previous == Decimal("4.00") for w in warnings)
        assert len(heard) == warnings.count()
        assert {h["alliance"] for h in heard} == {teams.alliance}
        assert {h["source"] for h in heard} == {low}
        assert all(
            h["severity"] in {"low", "medium", "high"} and h["title"] and h["body"] for h in heard
        )
        sent = [m for m in mailoutbox if "Early warning" in m.subject]
        assert len(sent) == 1
        assert set(sent[0].to) == {teams.cast.alice.email, teams.cast.bob.email}
        assert "3.33" in sent[0].body and "Bob" not in sent[0].body

    def test_falling_below_three_warns_once(self, teams):
        first = run_round(teams, [4, 4, 4], [3, 2, 3])  # 2.67, first reading
        second = run_round(teams, [4, 4, 4], [3, 2, 3])  # still 2.67: no new warning
        assert EarlyWarning.objects.unscoped().filter(round=first, reason="low").count() == 4
        assert not EarlyWarning.objects.unscoped().filter(round=second).exists()

    def test_a_hidden_round_is_skipped_and_comparison_reaches_the_last_shown(self, teams):
        run_round(teams, [4, 4, 4], [4, 4, 4])
        run_round(teams, [4, 4, 4], [1, 1])  # Borealis hidden: no warning from two answers
        third = run_round(teams, [4, 4, 4], [3, 3, 4])  # 3.33 against 4.00
        warnings = EarlyWarning.objects.unscoped().filter(round=third)
        assert warnings.count() == 4 and {w.previous for w in warnings} == {Decimal("4.00")}

    def test_rounds_of_other_wording_are_not_compared(self, teams):
        run_round(teams, [4, 4, 4], [5, 5, 5])
        copy = services.instrument_copy(
            actor=teams.cast.bob, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
        )
        services.cadence_update(
            actor=teams.cast.bob, alliance=teams.alliance, pulse_instrument=copy
        )
        later_round = run_round(teams, [4, 4, 4], [4, 4, 4])  # a fall of 1.0, new wording
        assert not EarlyWarning.objects.unscoped().filter(round=later_round).exists()


# --- Reminders and closing ---------------------------------------------------------------------


class TestRemindersAndClosing:
    def test_non_respondents_are_reminded_once_with_a_fresh_link(
        self, teams, mailoutbox, django_capture_on_commit_callbacks
    ):
        round_ = open_round(teams.alliance)
        answer(round_, teams.cast.bob, 4)
        with django_capture_on_commit_callbacks(execute=True), later(7):
            assert services.reminders_send() == 1
            assert services.reminders_send() == 0
        reminders = [m for m in mailoutbox if m.subject.startswith("Reminder")]
        assert teams.cast.bob.email not in {m.to[0] for m in reminders}
        assert len(reminders) == len(teams.helix) + len(teams.borealis) - 1
        token = re.search(r"/health/answer/([^/]+)/", reminders[0].body).group(1)
        assert selectors.respondent_for_token(token).user.email == reminders[0].to[0]

    def test_no_reminder_before_sixty_percent_of_the_time(self, teams):
        open_round(teams.alliance)
        with later(3):
            assert services.reminders_send() == 0

    def test_the_sweep_closes_rounds_on_their_date_and_only_once(self, teams):
        round_ = open_round(teams.alliance)
        assert services.rounds_close_due() == (0, 0)
        with later(11):
            assert services.rounds_close_due() == (1, 0)
            assert services.rounds_close_due() == (0, 0)
        assert Round.objects.unscoped().get(pk=round_.pk).status == "closed"

    def test_closing_records_response_rates_in_the_shared_history(self, teams):
        round_ = run_round(teams, [4, 4, 4], [4])
        event = AuditEvent.objects.visible_to(teams.cast.bob).get(
            action="health.round_closed", object_id=str(round_.pk)
        )
        assert (
            "Helix Biotherapeutics 3 of 4" in event.summary
            and "Borealis Pharma 1 of 4" in event.summary
        )

    def test_the_sweep_line(self, teams):
        from concord.health.sweep import sweep

        assert sweep() == "4 round(s) opened"
        assert sweep() == ""  # nothing more is due, so nothing to say

    def test_a_manager_can_start_a_round_but_not_two_at_once(self, teams):
        open_round(teams.alliance, Kind.HEALTH_CHECK)
        with pytest.raises(ValidationError):
            open_round(teams.alliance, Kind.HEALTH_CHECK)
        with pytest.raises(PermissionDenied):
            services.round_start(actor=teams.cast.carol, alliance=teams.alliance, kind=Kind.PULSE)
        with pytest.raises(PermissionDenied):
            services.round_start(actor=teams.cast.dave, alliance=teams.alliance, kind=Kind.PULSE)


# --- Celebrations --------------------------------------------------------------------------------


class TestCelebrations:
    def pass_gate(self, cast):
        gate = alliance_services.gate_propose(
            actor=cast.alice,
            alliance=cast.helix_borealis,
            to_phase="preclinical",
            rationale="Ready",
            **signed(),
        )
        return alliance_services.gate_sign(actor=cast.bob, gate=gate, **signed())

    def test_a_passed_gate_is_celebrated_in_the_shared_feed_and_gets_a_health_check(self, cast):
        gate = self.pass_gate(cast)
        assert not Round.objects.unscoped().exists()  # the sweep opens it, not the signature
        assert services.gate_rounds_open_due() == 1
        assert services.gate_rounds_open_due() == 0  # a second sweep opens nothing more
        celebration = Celebration.objects.unscoped().get(alliance=cast.helix_borealis)
        assert celebration.kind == "gate_passed" and "Pre-Clinical" in celebration.title
        for person in (cast.alice, cast.bob):
            assert (
                AuditEvent.objects.visible_to(person).filter(action="health.celebration").exists()
            )
        assert (
            not AuditEvent.objects.visible_to(cast.dave)
            .filter(action="health.celebration")
            .exists()
        )
        round_ = Round.objects.unscoped().get(alliance=cast.helix_borealis)
        assert (round_.kind, round_.reason, round_.gate) == (Kind.HEALTH_CHECK, "gate", gate)
        assert round_.title == "Health check at the gate to Pre-Clinical"

    def test_no_gate_round_when_the_alliance_turned_it_off(self, cast):
        services.cadence_update(actor=cast.bob, alliance=cast.helix_borealis, health_at_gates=False)
        self.pass_gate(cast)
        assert services.gate_rounds_open_due() == 0
        assert not Round.objects.unscoped().filter(alliance=cast.helix_borealis).exists()
        assert Celebration.objects.unscoped().filter(alliance=cast.helix_borealis).count() == 1

    def test_milestones_and_deliveries_are_celebrated_once(self, cast):
        source = Party.objects.unscoped().filter(alliance=cast.helix_borealis).first()
        for _ in range(2):
            achievement.send(
                sender=Party,
                alliance=cast.helix_borealis,
                kind="milestone_achieved",
                title="First patient dosed",
                actor=cast.bob,
                source=source,
            )
        assert Celebration.objects.unscoped().filter(alliance=cast.helix_borealis).count() == 1
        assert not Round.objects.unscoped().exists()  # only a gate opens a health check

    def test_the_next_invitation_mentions_the_celebration(
        self, teams, mailoutbox, django_capture_on_commit_callbacks
    ):
        services.celebration_record(
            alliance=teams.alliance,
            kind="delivery_accepted",
            title="Tox report accepted",
            actor=teams.cast.bob,
        )
        with django_capture_on_commit_callbacks(execute=True):
            open_round(teams.alliance)
        assert all("Tox report accepted" in m.body for m in mailoutbox)

    def test_a_health_check_in_between_does_not_swallow_the_next_pulses_news(
        self, teams, mailoutbox, django_capture_on_commit_callbacks
    ):
        services.celebration_record(
            alliance=teams.alliance,
            kind="gate_passed",
            title="Passed the gate to Pre-Clinical",
            actor=teams.cast.bob,
        )
        services.round_start(
            actor=teams.alliance.created_by, alliance=teams.alliance, kind=Kind.HEALTH_CHECK
        )
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            open_round(teams.alliance, Kind.PULSE)
        assert mailoutbox
        assert all("Passed the gate to Pre-Clinical" in m.body for m in mailoutbox)

    def test_team_members_give_kudos_both_parties_see(self, teams):
        services.kudos_give(
            actor=teams.helix[1],
            alliance=teams.alliance,
            message="Thanks for the fast tox turnaround!",
        )
        seen = selectors.celebration_list(user=teams.cast.bob, alliance=teams.alliance)
        assert [c.message for c in seen] == ["Thanks for the fast tox turnaround!"]
        assert not selectors.celebration_list(
            user=teams.cast.dave, alliance=teams.alliance
        ).exists()

    def test_viewers_outsiders_and_empty_kudos_are_refused(self, cast):
        with pytest.raises(PermissionDenied):
            services.kudos_give(actor=cast.carol, alliance=cast.helix_borealis, message="Hi")
        with pytest.raises(PermissionDenied):
            services.kudos_give(actor=cast.dave, alliance=cast.helix_borealis, message="Hi")
        with pytest.raises(ValidationError):
            services.kudos_give(actor=cast.alice, alliance=cast.helix_borealis, message="   ")
        assert not Celebration.objects.unscoped().exists()


def test_dimension_keys_stay_stable_across_copies(cast):
    builtin = services.builtin_instruments_ensure()[Kind.HEALTH_CHECK]
    copy = services.instrument_copy(actor=cast.bob, instrument=builtin)
    keys = lambda i: list(  # noqa: E731
        Dimension.objects.unscoped()
        .filter(version=services.current_version(i))
        .values_list("key", flat=True)
    )
    assert keys(copy) == keys(builtin)
