"""The demo's IP register: background patents with their licences in the Lumen–Castlegate
alliance, two inventions, and the joint one's priority filing whose PCT deadline is on
Castlegate's Today. Read from the demo seeded once for all demo tests (conftest.py)."""

from __future__ import annotations

import pytest

from concord.core.today import today_items
from concord.demo.chapters import ip as chapter
from concord.ip import selectors
from concord.ip.models import Disclosure, Filing, IpAsset, Licence

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_the_register_holds_background_patents_two_inventions_and_a_joint_filing(played):
    joint = Disclosure.objects.unscoped().get(rule="joint")
    families = IpAsset.objects.unscoped().filter(kind="patent_family", alliance=joint.alliance)
    assert families.count() == 2
    assert Licence.objects.unscoped().count() == 2
    assert Disclosure.objects.unscoped().count() == 2
    assert Filing.objects.unscoped().filter(disclosure=joint, kind="priority").count() == 1
    hannah = played.person("castlegate", "hannah")
    found = selectors.register(user=hannah, alliance=joint.alliance)
    [row] = [r for r in found.disclosures if r.disclosure.pk == joint.pk]
    assert len(row.owners) == 2 and row.deadlines[0].what == "PCT or foreign filing"
    items = [i for i in today_items(hannah) if i.kind == "ip"]
    assert [i.title for i in items] == [f"PCT or foreign filing: {joint.title}"]
    assert chapter.ALLIANCE == joint.alliance.name


@pytest.mark.django_db
def test_the_marketed_car_ts_royalty_ends_country_by_country_with_its_last_valid_claim(played):
    hannah = played.person("castlegate", "hannah")
    family = IpAsset.objects.unscoped().get(alliance__name=chapter.ROYALTY_ALLIANCE)
    [term] = selectors.royalty_terms(user=hannah, alliance=family.alliance)
    assert term.title == chapter.ROYALTY_TITLE
    ends = {country.country: country.ends_on for country in term.countries}
    assert set(ends) == {"DE", "FR", "JP", "ES", "GB"}
    assert term.ends_on == ends["JP"] and ends["GB"] < ends["DE"]
