"""The demo's IP register, a chapter of the demo story (see concord/demo/story.py).

In the Lumen–Castlegate TROP2 ADC collaboration each side records the patents it brought:
Lumen its conjugation platform, licensed exclusively to Castlegate for oncology outside the US,
and Castlegate its TROP2 antibody family, licensed to Lumen for research until the end of the
co-development. Two inventions arise: a cleavable linker invented by people of both companies,
owned jointly, with a priority filing whose PCT deadline falls just after the story's end (on
Castlegate's Today, which prosecutes it), and a formulation of Lumen's own, not yet filed.

In the Tidewell–Castlegate CAR-T alliance, whose product is on the market, Tidewell records the
TWB-19 patent family it brought and names, country by country, the patents its ex-US royalty
rests on: the royalty runs in each country until the last valid claim there expires — Germany,
France and Japan into 2039–2040 on supplementary protection, Spain and the UK in 2036 without it.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance, Party, Programme
from concord.demo.data import PHARMA, PLANS, STORY_END
from concord.demo.dates import day as _day
from concord.ip import services
from concord.ip.models import Disclosure, Filing, IpAsset, Licence, RoyaltyPatent

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "IP register"
ALLIANCE = "Lumen–Castlegate TROP2 ADC collaboration"
PARTNER = "lumen"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


class Run:
    def __init__(self, story: Story) -> None:
        self.story = story
        self.plan = next(p for p in PLANS if p.name == ALLIANCE)
        self.assets: dict[str, IpAsset] = {}
        self.disclosures: dict[str, Disclosure] = {}

    def alliance(self) -> Alliance:
        return Alliance.objects.unscoped().get(name=ALLIANCE)

    def party(self, key: str) -> Party:
        name = self.story.orgs[key].name
        return Party.objects.unscoped().get(alliance=self.alliance(), organisation__name=name)

    def lead(self, key: str) -> Any:
        return self.story.lead(key, self.plan)

    def asset(self, key: str, by: str, title: str, numbers: str, territories: str) -> None:
        self.assets[key] = services.asset_create(
            actor=self.lead(by),
            alliance=self.alliance(),
            kind="patent_family",
            title=title,
            numbers=numbers,
            territories=territories,
        )

    def licence(
        self, key: str, by: str, to: str, until: datetime.date | None, **terms: Any
    ) -> None:
        services.licence_grant(
            actor=self.lead(by),
            asset=self.assets[key],
            licensee_party_id=self.party(to).pk,
            until=until,
            **terms,
        )

    def disclose(
        self,
        key: str,
        title: str,
        on: datetime.date,
        rule: str,
        inventors: list[tuple[str, str]],
        prosecutes: str,
    ) -> None:
        programme = Programme.objects.unscoped().filter(alliance=self.alliance()).first()
        self.disclosures[key] = services.disclosure_create(
            actor=self.lead(prosecutes),
            alliance=self.alliance(),
            title=title,
            disclosed_on=on,
            rule=rule,
            inventors=[services.InventorIn(name, self.party(org).pk) for name, org in inventors],
            prosecuting_party_id=self.party(prosecutes).pk,
            programme_id=programme.pk if programme else None,
        )

    def file(
        self, key: str, by: str, kind: str, office: str, number: str, on: datetime.date
    ) -> None:
        services.filing_record(
            actor=self.lead(by),
            disclosure=self.disclosures[key],
            kind=kind,
            office=office,
            number=number,
            filed_on=on,
        )


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "background IP": IpAsset.objects.unscoped().count(),
        "licences": Licence.objects.unscoped().count(),
        "inventions": Disclosure.objects.unscoped().count(),
        "filings": Filing.objects.unscoped().count(),
        "royalty-bearing patents": RoyaltyPatent.objects.unscoped().count(),
    }


ROYALTY_ALLIANCE = "Tidewell–Castlegate allogeneic CAR-T alliance"
ROYALTY_TITLE = "Royalty on ex-US net sales of TWB-19"
ROYALTY_PARTNER = "tidewell"
# (country, patent, last valid claim): SPCs carry DE, FR and JP past the base patent's 2036.
ROYALTY_PATENTS = (
    ("DE", "DE602016041122", "2039-03-14"),
    ("FR", "FR3041122", "2039-03-14"),
    ("JP", "JP6871234", "2040-06-30"),
    ("ES", "ES2781122", "2036-09-02"),
    ("GB", "GB2541122", "2036-09-02"),
)


def _royalty_patents(story: Story) -> None:
    """Tidewell records its TWB-19 family and the patents the deal's ex-US royalty rests on."""
    from concord.deals.models import RoyaltyTerm

    plan = next(p for p in PLANS if p.name == ROYALTY_ALLIANCE)
    lead = story.lead(ROYALTY_PARTNER, plan)
    alliance = Alliance.objects.unscoped().get(name=ROYALTY_ALLIANCE)
    family = services.asset_create(
        actor=lead,
        alliance=alliance,
        kind="patent_family",
        title="Tidewell TWB-19 allogeneic CAR-T family (TRAC-knockout, armoured CAR)",
        numbers="WO2016187654, EP3301122, US10501234, JP6871234",
        territories="US, EP, JP, GB",
    )
    term = RoyaltyTerm.objects.unscoped().get(alliance=alliance, title=ROYALTY_TITLE)
    for country, number, expires in ROYALTY_PATENTS:
        services.royalty_patent_link(
            actor=lead,
            asset=family,
            royalty_term_id=term.pk,
            country=country,
            number=number,
            expires_on=_day(expires),
        )


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    # A month after the deal's royalty term was agreed (deals chapter, 24 March 2023).
    story.at(_at(_day("2023-04-24"), 10), partial(_royalty_patents, story))
    run = Run(story)
    start = _day(run.plan.created) + datetime.timedelta(days=run.plan.accept_after + 14)
    end = _day(STORY_END.isoformat())
    story.at(
        _at(start, 10),
        partial(
            run.asset,
            "platform",
            PARTNER,
            "Lumen site-specific conjugation platform",
            "US10987654, EP3712345, JP7123456",
            "US, EP, JP",
        ),
    )
    story.at(
        _at(start, 11),
        partial(
            run.asset,
            "antibody",
            PHARMA,
            "Castlegate anti-TROP2 antibody family",
            "WO2019123456, EP3600001, US11000001",
            "EP, US, JP, CN",
        ),
    )
    story.at(
        _at(start + datetime.timedelta(days=2), 10),
        partial(
            run.licence,
            "platform",
            PARTNER,
            PHARMA,
            None,
            use="both",
            field="Oncology",
            territories="EP, JP, CN, GB",
            exclusive=True,
        ),
    )
    story.at(
        _at(start + datetime.timedelta(days=2), 11),
        partial(
            run.licence,
            "antibody",
            PHARMA,
            PARTNER,
            end + datetime.timedelta(days=730),
            use="research",
            field="Oncology",
        ),
    )
    # The joint invention: its priority filing's PCT deadline falls twelve days after the end.
    priority = end + datetime.timedelta(days=12) - datetime.timedelta(days=365)
    disclosed = priority - datetime.timedelta(days=40)
    story.at(
        _at(disclosed, 15),
        partial(
            run.disclose,
            "linker",
            "Cleavable glucuronide linker for LMN-2201",
            disclosed,
            "joint",
            [("Maya Chen", PARTNER), ("Oskar Lind", PHARMA)],
            PHARMA,
        ),
    )
    story.at(
        _at(priority, 16),
        partial(
            run.file,
            "linker",
            PHARMA,
            "priority",
            "EP",
            "EP24181234.5",
            priority,
        ),
    )
    recent = end - datetime.timedelta(days=30)
    story.at(
        _at(recent, 14),
        partial(
            run.disclose,
            "formulation",
            "Lyophilised formulation of LMN-2201",
            recent,
            "inventorship",
            [("Priya Nair", PARTNER)],
            PARTNER,
        ),
    )
