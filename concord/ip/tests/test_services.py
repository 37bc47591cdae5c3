"""The IP register's rules: who owns an invention (sole, joint, assigned), the deadlines a
priority filing sets, and whether a use is licensed, unlicensed or expired."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.alliances.models import Party
from concord.core import clock
from concord.core.today import today_items
from concord.ip import selectors, services
from concord.ip.models import Disclosure, add_months
from concord.ip.sections import filing_calendar

pytestmark = pytest.mark.django_db


def party(cast, user):
    return Party.objects.unscoped().get(
        alliance=cast.helix_borealis, organisation=user.membership.organisation
    )


def disclose(cast, rule="inventorship", inventors=None, assigned=None, prosecutes=None):
    helix = party(cast, cast.alice)
    return services.disclosure_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="Bispecific linker",
        disclosed_on=datetime.date(2026, 1, 10),
        rule=rule,
        inventors=inventors or [services.InventorIn("Hana Ito", helix.pk)],
        prosecuting_party_id=(prosecutes or helix).pk,
        assigned_party_id=assigned.pk if assigned else None,
    )


def owner_names(cast, disclosure):
    found = selectors.disclosure_get(user=cast.alice, pk=disclosure.pk)
    parties = selectors.register(user=cast.alice, alliance=cast.helix_borealis).parties
    return [p.organisation.name for p in selectors.disclosure_row(found, parties).owners]


def test_ownership_follows_the_agreements_rule(cast):
    helix, borealis = party(cast, cast.alice), party(cast, cast.bob)
    assert owner_names(cast, disclose(cast)) == ["Helix Biotherapeutics"]
    both = [services.InventorIn("Hana Ito", helix.pk), services.InventorIn("Kai Berg", borealis.pk)]
    by_both = disclose(cast, inventors=both)
    assert owner_names(cast, by_both) == ["Helix Biotherapeutics", "Borealis Pharma"]
    assert owner_names(cast, disclose(cast, rule="joint")) == [
        "Helix Biotherapeutics",
        "Borealis Pharma",
    ]
    assigned = disclose(cast, rule="assigned", assigned=borealis)
    assert owner_names(cast, assigned) == ["Borealis Pharma"]
    with pytest.raises(ValidationError) as refused:
        disclose(cast, rule="assigned")
    assert "assigned_party_id" in refused.value.message_dict


def test_a_priority_filing_sets_the_pct_and_national_phase_deadlines(cast):
    disclosure = disclose(cast)
    services.filing_record(
        actor=cast.alice,
        disclosure=disclosure,
        kind="priority",
        office="EP",
        filed_on=datetime.date(2026, 1, 31),
    )
    row = selectors.disclosure_row(
        selectors.disclosure_get(user=cast.bob, pk=disclosure.pk),
        selectors.register(user=cast.bob, alliance=cast.helix_borealis).parties,
    )
    assert [(d.what, d.due) for d in row.deadlines] == [
        ("PCT or foreign filing", datetime.date(2027, 1, 31)),
        ("PCT national phase entry", datetime.date(2028, 7, 31)),
    ]
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    with pytest.raises(PermissionDenied):  # Helix prosecutes: Borealis does not file for it
        services.filing_record(
            actor=cast.bob,
            disclosure=disclosure,
            kind="pct",
            office="WO",
            filed_on=datetime.date(2026, 6, 1),
        )
    services.filing_record(
        actor=cast.alice,
        disclosure=disclosure,
        kind="pct",
        office="WO",
        filed_on=datetime.date(2026, 6, 1),
    )
    row = selectors.disclosure_row(
        selectors.disclosure_get(user=cast.alice, pk=disclosure.pk),
        selectors.register(user=cast.alice, alliance=cast.helix_borealis).parties,
    )
    assert [d.what for d in row.deadlines] == ["PCT national phase entry"]


def test_deadlines_are_on_the_prosecuting_partys_calendar_and_today(cast):
    disclosure = disclose(cast)
    services.filing_record(
        actor=cast.alice,
        disclosure=disclosure,
        kind="priority",
        office="EP",
        filed_on=datetime.date(2026, 1, 31),
    )
    assert [e.start for e in filing_calendar(cast.alice)] == [
        datetime.date(2027, 1, 31),
        datetime.date(2028, 7, 31),
    ]
    assert list(filing_calendar(cast.bob)) == []  # Borealis does not prosecute it
    with clock.moved_to(datetime.datetime(2027, 1, 25, 9, tzinfo=datetime.UTC)):
        [item] = [i for i in today_items(cast.alice) if i.kind == "ip"]
    assert item.title == "PCT or foreign filing: Bispecific linker" and not item.overdue


def test_who_may_use_what_answers_licensed_unlicensed_and_expired(cast):
    helix, borealis = party(cast, cast.alice), party(cast, cast.bob)
    asset = services.asset_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        kind="patent_family",
        title="HX linker platform",
        numbers="EP3456789, US11223344",
        territories="EP, US",
    )
    with pytest.raises(PermissionDenied):  # only the owner grants
        services.licence_grant(
            actor=cast.bob, asset=asset, licensee_party_id=borealis.pk, use="research"
        )
    services.licence_grant(
        actor=cast.alice,
        asset=asset,
        licensee_party_id=borealis.pk,
        use="research",
        field="Oncology",
        territories="DE, FR",
        until=datetime.date(2027, 12, 31),
    )

    def ask(
        party_id, territory="DE", use="research", on=datetime.date(2026, 6, 1), field="oncology"
    ):
        return selectors.use_answer(
            user=cast.bob,
            thing=asset,
            party_id=party_id,
            field=field,
            territory=territory,
            use=use,
            on=on,
        )

    assert ask(helix.pk).licensed and "owns" in ask(helix.pk).reason
    licensed = ask(borealis.pk)
    assert licensed.licensed and licensed.licence is not None
    assert not ask(borealis.pk, territory="JP").licensed
    assert not ask(borealis.pk, use="commercial").licensed
    assert not ask(borealis.pk, field="Neurology").licensed
    expired = ask(borealis.pk, on=datetime.date(2028, 1, 2))
    assert not expired.licensed and "expired on 31 Dec 2027" in expired.reason


def test_outsiders_and_viewers_keep_no_register(cast):
    with pytest.raises(PermissionDenied):
        services.asset_create(
            actor=cast.carol, alliance=cast.helix_borealis, kind="data", title="X"
        )
    with pytest.raises(PermissionDenied):
        services.asset_create(actor=cast.dave, alliance=cast.helix_borealis, kind="data", title="X")
    disclose(cast)
    assert not Disclosure.objects.visible_to(cast.dave).exists()


def test_the_register_exports_as_csv_with_formulas_defused(cast):
    from django.test import Client
    from django.urls import reverse

    services.asset_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        kind="data",
        title="=HYPERLINK(evil)",
        territories="EP",
    )
    disclose(cast, rule="joint")
    client = Client()
    client.force_login(cast.bob)
    response = client.get(reverse("ip:register-csv", args=[cast.helix_borealis.pk]))
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text and "Bispecific linker" in text
    assert "Helix Biotherapeutics and Borealis Pharma" in text
    xlsx = client.get(reverse("ip:register-xlsx", args=[cast.helix_borealis.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
