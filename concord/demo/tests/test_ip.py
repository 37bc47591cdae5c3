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
    assert IpAsset.objects.unscoped().filter(kind="patent_family").count() == 2
    assert Licence.objects.unscoped().count() == 2
    joint = Disclosure.objects.unscoped().get(rule="joint")
    assert Disclosure.objects.unscoped().count() == 2
    assert Filing.objects.unscoped().filter(disclosure=joint, kind="priority").count() == 1
    hannah = played.person("castlegate", "hannah")
    found = selectors.register(user=hannah, alliance=joint.alliance)
    [row] = [r for r in found.disclosures if r.disclosure.pk == joint.pk]
    assert len(row.owners) == 2 and row.deadlines[0].what == "PCT or foreign filing"
    items = [i for i in today_items(hannah) if i.kind == "ip"]
    assert [i.title for i in items] == [f"PCT or foreign filing: {joint.title}"]
    assert chapter.ALLIANCE == joint.alliance.name
