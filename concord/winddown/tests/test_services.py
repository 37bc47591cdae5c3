"""The wind-down's rules: the notice countdown and default checklist, items completed only by
their owner and with evidence, surviving obligations with end dates, and closing as a joint act
that completes only when every party has acted and every item is done.

Alice (Helix) and Bob (Borealis) share an alliance; Carol is read-only at Helix; Dave, at Cobalt,
is outside it.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.alliances.models import Alliance, Party, Phase
from concord.core import clock
from concord.core.models import AuditEvent
from concord.winddown import selectors, services, today
from concord.winddown.models import WindDown

pytestmark = pytest.mark.django_db


def start(cast, **kwargs):
    values = {"reason": "convenience", "notice_given_on": clock.today(), "notice_days": 90}
    return services.winddown_start(
        actor=cast.alice, alliance=cast.helix_borealis, **(values | kwargs)
    )


def party(cast, who):
    return Party.objects.unscoped().get(
        alliance=cast.helix_borealis, organisation=who.membership.organisation
    )


def finish_checklist(cast, wind_down):
    for item in wind_down.items.all():
        who = cast.alice if item.owner == party(cast, cast.alice) else cast.bob
        services.item_complete(actor=who, item=item, evidence="Certificate of destruction")


def test_start_runs_the_notice_countdown_and_draws_the_default_checklist(cast):
    wind_down = start(cast, notice_given_on=clock.today() - datetime.timedelta(days=30))
    assert wind_down.effective_on == clock.today() + datetime.timedelta(days=60)
    assert wind_down.days_left == 60
    items = list(wind_down.items.all())
    areas = {item.area for item in items}
    assert {"confidential", "regulatory", "licences", "payments", "trials"} <= areas
    # Each party owns its own copy of the items every party must do.
    owners = {item.owner_id for item in items if item.area == "confidential"}
    assert owners == {party(cast, cast.alice).pk, party(cast, cast.bob).pk}
    alliance = Alliance.objects.unscoped().get(pk=cast.helix_borealis.pk)
    assert alliance.phase == Phase.WIND_DOWN
    assert AuditEvent.objects.unscoped().filter(action="winddown.started").count() == 1


def test_start_is_refused_twice_without_notice_for_convenience_and_to_outsiders(cast):
    with pytest.raises(ValidationError) as error:
        start(cast, notice_days=0)
    assert "notice_days" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.winddown_start(
            actor=cast.carol,
            alliance=cast.helix_borealis,
            reason="expiry",
            notice_given_on=clock.today(),
        )
    with pytest.raises(PermissionDenied):
        services.winddown_start(
            actor=cast.dave,
            alliance=cast.helix_borealis,
            reason="expiry",
            notice_given_on=clock.today(),
        )
    start(cast)
    with pytest.raises(ValidationError):
        start(cast)
    assert WindDown.objects.unscoped().count() == 1


def test_an_item_is_completed_only_by_its_owner_and_with_evidence(cast):
    wind_down = start(cast)
    bobs = wind_down.items.filter(owner=party(cast, cast.bob)).first()
    with pytest.raises(PermissionDenied):
        services.item_complete(actor=cast.alice, item=bobs, evidence="Done")
    with pytest.raises(ValidationError) as error:
        services.item_complete(actor=cast.bob, item=bobs, evidence="  ")
    assert "evidence" in error.value.message_dict
    done = services.item_complete(actor=cast.bob, item=bobs, evidence="Receipt BX-12")
    assert done.is_done and done.done_by == cast.bob and done.evidence == "Receipt BX-12"
    with pytest.raises(ValidationError):
        services.item_complete(actor=cast.bob, item=bobs, evidence="Again")


def test_the_checklist_is_editable_but_a_done_item_stays(cast):
    wind_down = start(cast)
    before = wind_down.items.count()
    item = services.item_add(
        actor=cast.bob,
        wind_down=wind_down,
        area="materials",
        title="Ship the cell bank back",
        owner_party_id=party(cast, cast.bob).pk,
    )
    assert wind_down.items.count() == before + 1
    with pytest.raises(ValidationError):
        services.item_add(
            actor=cast.bob,
            wind_down=wind_down,
            area="other",
            title="x",
            owner_party_id=Party.objects.unscoped()
            .get(alliance=cast.cobalt_borealis, organisation=cast.dave.membership.organisation)
            .pk,
        )
    services.item_complete(actor=cast.bob, item=item, evidence="Courier note")
    with pytest.raises(ValidationError):
        services.item_remove(actor=cast.alice, item=item)
    other = wind_down.items.exclude(pk=item.pk).first()
    services.item_remove(actor=cast.alice, item=other)
    assert wind_down.items.count() == before


def test_surviving_obligations_are_tracked_to_their_end_dates(cast):
    wind_down = start(cast)
    ends = wind_down.effective_on + datetime.timedelta(days=5 * 365)
    obligation = services.obligation_add(
        actor=cast.alice,
        wind_down=wind_down,
        kind="confidentiality",
        description="Confidentiality for five years",
        owed_by_party_id=party(cast, cast.bob).pk,
        ends_on=ends,
        section="§ 12.4",
    )
    assert obligation.is_running and obligation.ends_on == ends
    with pytest.raises(ValidationError) as error:
        services.obligation_add(
            actor=cast.alice,
            wind_down=wind_down,
            kind="audit",
            description="Audit rights",
            owed_by_party_id=party(cast, cast.alice).pk,
            ends_on=wind_down.effective_on,
        )
    assert "ends_on" in error.value.message_dict
    assert selectors.obligation_list(user=cast.bob, wind_down=wind_down) == [obligation]
    assert selectors.obligation_list(user=cast.dave, wind_down=wind_down) == []


def test_closing_waits_for_every_item_and_every_party(cast):
    wind_down = start(cast)
    with pytest.raises(ValidationError) as error:
        services.winddown_close(actor=cast.alice, wind_down=wind_down)
    assert "still open" in str(error.value)
    finish_checklist(cast, wind_down)
    # Alice cannot close in Borealis's name.
    with pytest.raises(ValidationError) as error:
        services.winddown_close(
            actor=cast.alice, wind_down=wind_down, party_id=party(cast, cast.bob).pk
        )
    assert "party_id" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.winddown_close(actor=cast.carol, wind_down=wind_down)
    services.winddown_close(actor=cast.alice, wind_down=wind_down)
    wind_down.refresh_from_db()
    assert not wind_down.is_closed
    with pytest.raises(ValidationError):
        services.winddown_close(actor=cast.alice, wind_down=wind_down)
    services.winddown_close(actor=cast.bob, wind_down=wind_down, note="Agreed")
    wind_down.refresh_from_db()
    assert wind_down.is_closed
    assert Alliance.objects.unscoped().get(pk=cast.helix_borealis.pk).phase == Phase.TERMINATED
    # The closed alliance stays readable to its parties, and nothing more can change.
    assert selectors.winddown_for(user=cast.bob, alliance=cast.helix_borealis) == wind_down
    assert len(selectors.item_list(user=cast.carol, wind_down=wind_down)) > 0
    with pytest.raises(ValidationError):
        services.item_add(
            actor=cast.bob,
            wind_down=wind_down,
            area="other",
            title="Late",
            owner_party_id=party(cast, cast.bob).pk,
        )
    services.lessons_record(actor=cast.bob, wind_down=wind_down, lessons="Agree exit terms early.")


def test_an_outsider_reads_nothing_of_a_wind_down(cast):
    wind_down = start(cast)
    assert selectors.winddown_for(user=cast.dave, alliance=cast.helix_borealis) is None
    assert selectors.item_list(user=cast.dave, wind_down=wind_down) == []
    with pytest.raises(WindDown.DoesNotExist):
        selectors.winddown_get(user=cast.dave, pk=wind_down.pk)


def test_items_due_soon_are_on_the_owning_managers_today(cast):
    wind_down = start(cast, notice_days=10)
    items = list(today.today_items(cast.bob))
    bobs = wind_down.items.filter(owner=party(cast, cast.bob)).count()
    assert len(items) == bobs and all(i.kind == "winddown" for i in items)
    assert list(today.today_items(cast.carol)) == []
    assert list(today.today_items(cast.dave)) == []
    finish_checklist(cast, wind_down)
    assert list(today.today_items(cast.bob)) == []
