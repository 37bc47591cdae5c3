"""The demo tells the story the issue asks for, once, with an audit trail that verifies."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.alliances import portfolio, review
from concord.alliances.models import Alliance, Gate, GateSignoff, Party, Phase, Programme
from concord.core.audit import audit_verify
from concord.core.models import AuditEvent, Signature
from concord.demo.chapters import CHAPTERS
from concord.demo.chapters.alliances import SAVED_VIEWS
from concord.demo.data import COMPETITORS, DEMO_PASSWORD, LOGINS, ORGS, STORY_END
from concord.demo.dates import day
from concord.demo.management.commands import print_demo_logins, seed_demo
from concord.demo.story import demo_logins, story
from concord.demo.tests.conftest import Seeded
from concord.orgs.models import User
from concord.portal import clock
from concord.portal.models import CdaSignature, DealStage, Message, Portal, Review, Submission
from concord.portal.selectors import (
    QueueFilters,
    portal_funnel,
    portal_statistics,
    public_partner_requests,
    submission_queue,
)

PHARMA_NAME = ORGS[0].name

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_print_demo_logins_without_a_demo_says_how_to_seed(monkeypatch) -> None:
    # The demo tests share one seeded world, so "no demo" is the lookup finding nobody.
    monkeypatch.setattr(print_demo_logins, "demo_logins", lambda **_: [])
    out = StringIO()
    call_command("print_demo_logins", stdout=out)
    assert "No demo data" in out.getvalue() and "seed_demo" in out.getvalue()


def test_chapters_are_scheduled_in_their_declared_order() -> None:
    plot = story()
    titles = [chapter.TITLE for chapter in CHAPTERS]
    first_step = {title: min(s.order for s in plot.steps_of(title)) for title in titles}
    assert sorted(titles, key=first_step.__getitem__) == titles
    assert titles[:2] == ["Organisations and people", "Alliances and gates"]
    assert all(step.chapter in titles for step in plot.steps)


def test_every_chapter_is_dated_before_the_end_of_the_story() -> None:
    plot = story()
    yesterday_evening = timezone.now() - datetime.timedelta(hours=6)
    for chapter in CHAPTERS:
        steps = plot.steps_of(chapter.TITLE)
        assert steps, chapter.TITLE
        assert max(step.when for step in steps) < yesterday_evening, chapter.TITLE


def _pharma_alliances() -> list[Alliance]:
    parties = Party.objects.unscoped().filter(
        organisation__name=PHARMA_NAME, status__in=Party.VISIBLE_STATUSES
    )
    return list(Alliance.objects.unscoped().filter(pk__in=parties.values("alliance_id")))


@pytest.mark.django_db
def test_seeding_shows_its_progress_and_what_each_chapter_left(seeded: Seeded) -> None:
    report, progress = seeded.report, seeded.progress
    assert report.created and progress[0].startswith("Scheduled")
    for chapter in CHAPTERS:
        assert report.steps[chapter.TITLE] > 0
        assert any(line.strip().startswith(chapter.TITLE) for line in progress)
    assert progress[-1].strip().startswith("100%")
    summary = seed_demo.summary(report)
    assert "33 pharma alliances" in summary and "audit events" in summary
    assert len(summary.splitlines()) == len(CHAPTERS) + 1  # one line a chapter, and the trail


@pytest.mark.django_db
def test_second_run_says_the_demo_is_there(seeded: Seeded) -> None:
    assert "already seeded; nothing changed" in seeded.second_run


@pytest.mark.django_db
def test_pharma_has_a_big_portfolio_in_every_phase(seeded: Seeded) -> None:
    alliances = _pharma_alliances()
    partners = (
        Party.objects.unscoped()
        .filter(alliance__in=alliances)
        .exclude(organisation__name=PHARMA_NAME)
        .values_list("organisation__kind", flat=True)
    )
    partner_orgs = set(
        Party.objects.unscoped()
        .filter(alliance__in=alliances)
        .exclude(organisation__name=PHARMA_NAME)
        .values_list("organisation_id", flat=True)
    )
    assert len(alliances) >= 30
    assert len(partner_orgs) >= 10
    assert {"biotech", "academic", "cro"} <= set(partners)
    assert {a.phase for a in alliances} == set(Phase.values)
    assert any(a.is_proposed for a in alliances)
    assert any(a.parties.count() == 3 for a in alliances)


@pytest.mark.django_db
def test_gates_are_past_and_pending_on_both_sides(seeded: Seeded) -> None:
    gates = Gate.objects.unscoped()
    assert gates.filter(status=Gate.Status.PASSED).exists()
    assert gates.filter(status=Gate.Status.DECLINED).exists()
    waiting_on = set()
    for gate in gates.filter(status=Gate.Status.PENDING):
        answered = gate.signoffs.values("party_id")
        waiting = gate.alliance.parties.filter(status=Party.Status.ACCEPTED).exclude(
            pk__in=answered
        )
        waiting_on |= set(waiting.values_list("organisation__kind", flat=True))
    assert {"pharma", "biotech"} <= waiting_on
    # Every answer is its signer's electronic signature, with the meaning of the answer.
    signatures = Signature.objects.unscoped().filter(subject_type="alliances.gate")
    signed = {(s.subject_id, s.signer_id): s.meaning for s in signatures}
    meanings = {"signed": "approve", "declined": "reject"}
    signoffs = GateSignoff.objects.unscoped().all()
    assert {(str(s.gate_id), s.signed_by_id): meanings[s.decision] for s in signoffs} == signed


@pytest.mark.django_db
def test_competitors_both_partner_the_pharma_in_one_area(seeded: Seeded) -> None:
    areas = []
    for name in COMPETITORS:
        alliances = Party.objects.unscoped().filter(
            organisation__name=name, status=Party.Status.ACCEPTED
        )
        shared_with_pharma = Party.objects.unscoped().filter(
            alliance__in=alliances.values("alliance_id"), organisation__name=PHARMA_NAME
        )
        programmes = Programme.objects.unscoped().filter(
            alliance__in=shared_with_pharma.values("alliance_id")
        )
        areas.append(set(programmes.values_list("therapeutic_area", "indication")))
    assert areas[0] & areas[1]
    rival = User.objects.get(email="theo@brightwater-bio.example")
    lumen_only = Party.objects.unscoped().filter(organisation__name=COMPETITORS[0])
    visible = Alliance.objects.visible_to(rival)
    assert not visible.filter(pk__in=lumen_only.values("alliance_id")).exists()


@pytest.mark.django_db
def test_history_spans_years_and_the_chain_verifies(seeded: Seeded) -> None:
    events = AuditEvent.objects.unscoped()
    first, last = events.order_by("seq").first(), events.order_by("seq").last()
    assert first is not None and last is not None
    assert first.created_at < timezone.now() - datetime.timedelta(days=3 * 365)
    assert last.created_at < timezone.now()
    gate_years = {g.created_at.year for g in Gate.objects.unscoped()}
    assert len(gate_years) >= 4
    assert list(events.order_by("seq").values_list("created_at", flat=True)) == sorted(
        events.values_list("created_at", flat=True)
    )
    assert audit_verify().ok


@pytest.mark.django_db
def test_alliances_took_effect_around_when_they_came_onto_concord(seeded: Seeded) -> None:
    for alliance in Alliance.objects.unscoped():
        gap = alliance.created_at.date() - alliance.effective_date
        assert datetime.timedelta(days=-120) < gap < datetime.timedelta(days=4 * 365), alliance


@pytest.mark.django_db
def test_every_suggested_login_signs_in_with_the_demo_password(seeded: Seeded) -> None:
    logins = demo_logins()
    assert len(logins) == len(LOGINS)
    for login in logins:
        assert Client().login(username=login.email, password=DEMO_PASSWORD), login.email


@pytest.mark.django_db
def test_print_demo_logins_shows_the_table_and_url(seeded: Seeded) -> None:
    out = StringIO()
    call_command("print_demo_logins", "--url", "http://127.0.0.1:8000/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert DEMO_PASSWORD in text
    assert "hannah@castlegate.example" in text and "Castlegate Pharma" in text
    lines = text.strip().splitlines()
    assert set(lines[0]) == set(lines[-1]) == {"="}, "one framed banner"
    assert sum(set(line) == {"="} for line in lines) == 2


@pytest.mark.django_db
def test_every_demo_alliance_page_opens_for_the_pharma_manager(seeded: Seeded) -> None:
    client = Client()
    client.force_login(User.objects.get(email="hannah@castlegate.example"))
    assert client.get(reverse("alliances:alliance-list")).status_code == 200
    for alliance in _pharma_alliances():
        url = reverse("alliances:alliance-detail", args=[alliance.pk])
        assert client.get(url).status_code == 200, alliance.name


@pytest.mark.django_db
def test_the_pharma_manager_reviews_the_quarter_and_keeps_her_views(seeded: Seeded) -> None:
    hannah = User.objects.get(email="hannah@castlegate.example")
    quarter = review.Quarter.of(day(STORY_END.isoformat()))
    pack = review.review_pack(user=hannah, quarter=quarter)
    assert len(pack.rows) == len(_pharma_alliances())
    recorded = {section.kind: len(section.entries) for section in pack.sections}
    assert recorded["decision"] and recorded["celebration"], recorded
    assert pack.needs_help, "some of 33 alliances need an executive"
    names = [v.name for v in portfolio.saved_views(user=hannah)]
    assert names == sorted(name for name, _ in SAVED_VIEWS)
    grace = User.objects.get(email="grace@castlegate.example")
    assert not portfolio.saved_views(user=grace).exists(), "a saved view is its person's alone"


# --- The partnering portal ---------------------------------------------------------------------


def _portal() -> Portal:
    return (
        Portal.objects.unscoped().select_related("organisation").get(organisation__name=PHARMA_NAME)
    )


def _received() -> list[Submission]:
    return list(
        Submission.objects.unscoped()
        .filter(organisation__name=PHARMA_NAME)
        .select_related("organisation")
    )


@pytest.mark.django_db
def test_the_portal_received_hundreds_of_submissions_over_eighteen_months(seeded: Seeded) -> None:
    portal = _portal()
    assert portal.head_of_bd is not None
    assert portal.areas.filter(kind="seek").count() >= 3
    assert portal.areas.filter(kind="avoid").exists()
    submissions = _received()
    assert len(submissions) >= 250
    assert all(s.acknowledged_at == s.submitted_at for s in submissions)
    first = min(s.submitted_at for s in submissions)
    now = timezone.now()
    assert datetime.timedelta(days=480) < now - first < datetime.timedelta(days=560)
    assert len({s.submitted_at.strftime("%Y-%m") for s in submissions}) >= 17
    assert len({s.submitter_organisation_name for s in submissions}) >= 30
    assert any("University" in s.submitter_organisation_name for s in submissions)


@pytest.mark.django_db
def test_most_are_answered_on_time_some_late_and_a_few_open_ones_overdue(seeded: Seeded) -> None:
    portal, submissions = _portal(), _received()
    on_time = [
        s
        for s in submissions
        if s.first_response_at is not None
        and s.first_response_at <= clock.first_response_due(s, portal)
        and (s.decided_at is None or s.decided_at <= clock.decision_due(s, portal))
    ]
    late_first = [
        s
        for s in submissions
        if s.first_response_at is not None
        and s.first_response_at > clock.first_response_due(s, portal)
    ]
    late_decision = [
        s
        for s in submissions
        if s.decided_at is not None and s.decided_at > clock.decision_due(s, portal)
    ]
    assert len(on_time) > len(submissions) * 0.7
    assert len(late_first) >= 5 and len(late_decision) >= 5
    still_open = [s for s in submissions if not s.is_decided]
    assert 10 <= len(still_open) <= 80
    daniel = User.objects.get(email="daniel@castlegate.example")
    overdue = submission_queue(user=daniel, filters=QueueFilters(flag="overdue"))
    assert 2 <= len(overdue) <= 20
    figures = portal_statistics(portal)
    assert figures.total == len(submissions)
    assert figures.first_response_on_time_share is not None
    assert 70 < figures.first_response_on_time_share < 100
    assert figures.decision_on_time_share is not None
    assert 70 < figures.decision_on_time_share < 100


@pytest.mark.django_db
def test_declines_give_coded_reasons_and_real_feedback_and_some_advance(seeded: Seeded) -> None:
    submissions = _received()
    declined = [s for s in submissions if s.status == Submission.Status.DECLINED]
    assert len(declined) >= 150
    assert all(s.decline_reasons and len(s.feedback) >= 200 for s in declined)
    assert len({r for s in declined for r in s.decline_reasons}) >= 6
    assert any(s.status == Submission.Status.CDA for s in submissions)
    assert any(s.status == Submission.Status.TERM_SHEET for s in submissions)
    became = [s for s in submissions if s.alliance is not None]
    assert len(became) == 1 and became[0].deal_stage == "deal_signed"
    alliance = became[0].alliance
    assert alliance is not None and not alliance.is_proposed, (
        "Quillon accepted the alliance the deal created"
    )
    asked = Message.objects.unscoped().filter(
        submission__in=submissions, kind=Message.Kind.QUESTION
    )
    replied = Message.objects.unscoped().filter(
        submission__in=asked.values("submission_id"), from_submitter=True
    )
    assert asked.count() >= 5 and replied.count() >= 5


@pytest.mark.django_db
def test_submissions_stand_at_every_stage_of_the_path_to_a_deal(seeded: Seeded) -> None:
    submissions = _received()
    at = Counter(s.deal_stage for s in submissions if s.deal_stage)
    assert set(at) == set(DealStage.values), at
    assert all(n <= 4 for n in at.values()), "a handful at each stage"
    signed = CdaSignature.objects.unscoped().filter(submission__in=submissions)
    assert {s.side for s in signed} == {"receiver", "submitter"}
    for submission in submissions:
        if submission.deal_stage in ("cda_signed", "evaluation", "term_sheet", "deal_signed"):
            assert {s.side for s in signed if s.submission_id == submission.pk} == {
                "receiver",
                "submitter",
            }
    funnel = portal_funnel(_portal())
    assert funnel.total.counts[-1] == 1 and funnel.total.counts[3] >= 5


@pytest.mark.django_db
def test_two_open_requests_for_partners_have_responses(seeded: Seeded) -> None:
    requests = list(public_partner_requests(_portal()))
    assert len(requests) == 2
    assert all(r.response_count >= 2 for r in requests)
    for request in requests:
        responses = Submission.objects.unscoped().filter(request=request)
        areas = set(responses.values_list("therapeutic_area", flat=True))
        assert areas == {request.therapeutic_area}


@pytest.mark.django_db
def test_rnd_scores_external_oncology_well_below_bd(seeded: Seeded) -> None:
    reviews = Review.objects.unscoped().filter(submission__organisation__name=PHARMA_NAME)
    assert {"bd", "rnd"} == set(reviews.values_list("track", flat=True))
    gaps = dict(portal_statistics(_portal()).gap_by_area)
    assert gaps["Oncology"] >= 1.0
    assert all(gap < 1.0 for area, gap in gaps.items() if area != "Oncology")
    daniel = User.objects.get(email="daniel@castlegate.example")
    flagged = submission_queue(user=daniel, filters=QueueFilters(flag="nih"))
    oncology = [r for r in flagged if r.submission.therapeutic_area == "oncology"]
    assert len(oncology) >= 20 and len(oncology) > 0.8 * len(flagged)
    assert audit_verify().ok


@pytest.mark.django_db
def test_a_rival_never_sees_another_biotechs_submission(seeded: Seeded) -> None:
    lumen = Submission.objects.unscoped().filter(submitter_organisation__name=COMPETITORS[0])
    assert lumen.exists()
    maya = User.objects.get(email="maya@lumen-oncology.example")
    assert set(Submission.objects.visible_to(maya)) == set(lumen)
    theo = User.objects.get(email="theo@brightwater-bio.example")
    assert not Submission.objects.visible_to(theo).exists()
    assert not Review.objects.visible_to(maya).exists()
