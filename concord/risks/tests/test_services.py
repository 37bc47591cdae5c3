"""The risk register's rules: scoring on likelihood × impact, reviews and their dates, a private
risk kept to its organisation, a materialised risk becoming a concern, risks due on Today.

Alice (Helix) and Bob (Borealis) share an alliance; Carol is read-only at Helix; Dave, at Cobalt,
is outside it.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.core.models import AuditEvent, OutboxEmail
from concord.core.signals import concern_requested
from concord.risks import charts, portfolio, selectors, services, today
from concord.risks.models import Risk, level_of

pytestmark = pytest.mark.django_db


def record(cast, who=None, visibility="shared", **kwargs):
    who = who or cast.alice
    values = {
        "title": "CMC scale-up slips",
        "category": "operational",
        "owner": who,
        "likelihood": 3,
        "impact": 4,
        "review_on": clock.today() + datetime.timedelta(days=7),
        "escalation_plan": "JSC, then the executive sponsors within 10 days.",
    }
    return services.risk_create(
        actor=who, alliance=cast.helix_borealis, visibility=visibility, **(values | kwargs)
    )


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [
        (1, 1, "low"),
        (1, 3, "low"),
        (2, 2, "medium"),
        (3, 2, "medium"),
        (4, 2, "high"),
        (3, 3, "high"),
        (3, 4, "critical"),
        (4, 4, "critical"),
    ],
)
def test_a_risk_is_scored_likelihood_times_impact(cast, likelihood, impact, level):
    risk = record(cast, likelihood=likelihood, impact=impact)
    assert risk.score == likelihood * impact
    assert risk.level == level == level_of(risk.score)


@pytest.mark.parametrize(
    ("field", "value"),
    [("likelihood", 5), ("impact", 0), ("review_on", datetime.date(2999, 1, 1))],
)
def test_scores_stay_on_the_4_by_4_grid_and_reviews_come_yearly(cast, field, value):
    with pytest.raises(ValidationError) as refused:
        record(cast, **{field: value})
    assert field in refused.value.message_dict
    assert not Risk.objects.unscoped().exists()


def test_the_owner_is_a_person_of_the_recording_organisation(cast):
    with pytest.raises(ValidationError) as refused:
        record(cast, owner=cast.bob)
    assert "owner" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        record(cast, who=cast.carol)
    with pytest.raises(PermissionDenied):
        record(cast, who=cast.dave)


def test_a_review_rescores_and_moves_the_review_date(cast):
    risk = record(cast)
    next_on = clock.today() + datetime.timedelta(days=30)
    services.risk_review(
        actor=cast.alice, risk=risk, likelihood=2, impact=4, next_review_on=next_on
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.review_on) == (2, 4, next_on)
    assert [r.likelihood for r in selectors.review_list(user=cast.bob, risk=risk)] == [2]
    with pytest.raises(ValidationError):
        services.risk_review(
            actor=cast.alice, risk=risk, likelihood=2, impact=4, next_review_on=clock.today()
        )


def test_a_private_risk_stays_with_its_organisation(cast):
    private = record(cast, visibility="private", title="Partner may deprioritise us")
    shared = record(cast)
    assert list(selectors.risk_list(user=cast.bob, alliance=cast.helix_borealis)) == [shared]
    assert set(selectors.risk_list(user=cast.carol, alliance=cast.helix_borealis)) == {
        private,
        shared,
    }
    with pytest.raises(Risk.DoesNotExist):
        selectors.risk_get(user=cast.bob, pk=private.pk)
    with pytest.raises(PermissionDenied):
        services.risk_update(actor=cast.bob, risk=private, title="Renamed")
    events = AuditEvent.objects.visible_to(cast.bob).filter(object_type="risk")
    assert list(events.values_list("object_id", flat=True)) == [str(shared.pk)]
    grid = selectors.heat_map(
        list(selectors.risk_list(user=cast.bob, alliance=cast.helix_borealis))
    )
    assert sum(cell.count for row in grid for cell in row) == 1


def test_a_shared_risk_cannot_be_made_private_again(cast):
    risk = record(cast)
    with pytest.raises(ValidationError):
        services.risk_update(actor=cast.alice, risk=risk, visibility="private")


def test_materialising_sends_the_signal_once_with_the_risk(cast):
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    concern_requested.connect(listen, dispatch_uid="risks-test")
    try:
        services.risk_materialise(actor=cast.alice, risk=record(cast))
    finally:
        concern_requested.disconnect(dispatch_uid="risks-test")
    assert [h["visibility"] for h in heard] == ["shared"]


def test_risks_due_for_review_are_on_their_owners_today(cast):
    due = record(cast, title="Due soon")
    record(cast, title="Later", review_on=clock.today() + datetime.timedelta(days=200))
    record(cast, title="Bob's", who=cast.bob)
    items = list(today.today_items(cast.alice))
    assert [item.title for item in items] == ["Due soon"]
    assert items[0].url == reverse("risks:risk-detail", args=[due.pk])
    assert list(today.today_items(cast.carol)) == []


def test_the_heat_map_names_its_figures_in_words(cast):
    record(cast)
    record(cast, likelihood=1, impact=1, title="Small")
    risks = list(selectors.risk_list(user=cast.alice, alliance=cast.helix_borealis))
    picture = charts.heat_map_svg(selectors.heat_map(risks))
    assert "1 likely and severe" in picture and "1 unlikely and minor" in picture
    assert picture.count("<rect") == 16


def test_the_register_page_shows_the_heat_map_and_a_private_risk_only_to_its_side(cast):
    record(cast, visibility="private", title="Our private worry")
    url = reverse("risks:register", args=[cast.helix_borealis.pk])
    for who, sees in ((cast.alice, True), (cast.bob, False)):
        client = Client()
        client.force_login(who)
        page = client.get(url)
        assert page.status_code == 200 and b"Risk heat map" in page.content
        assert (b"Our private worry" in page.content) is sees


def test_the_portfolio_shows_each_alliances_top_risk_and_counts_critical_ones(cast):

    record(cast, title="Small", likelihood=1, impact=2)
    record(cast, title="Biggest", likelihood=4, impact=4)
    record(cast, title="Our secret", likelihood=4, impact=4, visibility="private")
    alliance = cast.helix_borealis.pk
    bob = portfolio.portfolio_source(cast.bob, [alliance])[alliance]
    assert bob.values["top_risk"] == "16 · Biggest"
    assert [r.text for r in bob.reasons] == ["1 critical risk"]
    alice = portfolio.portfolio_source(cast.alice, [alliance])[alliance]
    assert [r.text for r in alice.reasons] == ["2 critical risks"]


def test_the_owner_hears_of_a_risk_given_to_them_and_of_its_review_once_due(cast):
    risk = record(cast, visibility="private", owner=cast.carol)
    record(cast, title="Alice's own")  # given to oneself: no mail
    assigned = OutboxEmail.objects.filter(name="risk-assigned").order_by("pk")
    assert [email.to for email in assigned] == [[cast.carol.email]]
    services.risk_update(actor=cast.alice, risk=risk, owner=cast.alice, title="Scale-up slips")
    services.risk_update(actor=cast.alice, risk=risk, title="Same owner, no mail")
    assert [email.to for email in assigned] == [[cast.carol.email]]  # Alice gave it to herself
    assert services.risk_review_reminders_send() == 0  # not due for a week
    with clock.moved_to(clock.now() + datetime.timedelta(days=7)):
        assert services.risk_review_reminders_send() == 2
        assert services.risk_review_reminders_send() == 0  # once per review date
    due = OutboxEmail.objects.filter(name="risk-review-due")
    assert due.count() == 2
    # The private risk's reminder stays at Helix: its owner and Helix's alliance lead.
    private = due.get(subject__contains="Same owner")
    assert private.to == [cast.alice.email] and cast.bob.email not in private.to
