"""Federated research, a chapter of the demo story (see concord/demo/story.py).

In the Lumen–Castlegate TROP2 ADC collaboration (breast cancer), both sides want to know what
predicts recurrence after node-positive breast cancer, and neither may hand its patients' records
to the other. Each site holds a share of GBSG2 (the German Breast Cancer Study Group's trial, as
lifelines ships it), split as sites of unequal size would be. Each organisation names its data
steward: Sophie for Castlegate, Ruth for Lumen.

In September Hannah proposes a Cox study of recurrence-free survival to the JSC; both parties vote
for it, both stewards admit their nodes, and the run converges in a few rounds — each party sees
how the federated model does on its own held-out patients, and, privately, how a model of its own
data alone would have done. Ruth downloads the model. In October Ben proposes a logistic study of
recurrence within three years; the JSC approves it and Sophie admits Castlegate's node, but
Lumen's steward has not admitted its node yet: the study waits on Ruth's Today.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance, Party
from concord.demo.chapters.governance.run import signed_vote
from concord.demo.dates import moment
from concord.governance import services as governance
from concord.governance.models import Committee, Decision
from concord.research import engine, fl, services
from concord.research.models import RunRound, Study, StudyParty, StudyRun

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Federated research"
ALLIANCE = "Lumen–Castlegate TROP2 ADC collaboration"
SURVIVAL = "Recurrence-free survival after node-positive breast cancer"
RECURRENCE = "Recurrence within three years"


class Run:
    def __init__(self, story: Story) -> None:
        self.story = story

    def person(self, org: str, first: str) -> Any:
        return self.story.person(org, first)

    def alliance(self) -> Alliance:
        return Alliance.objects.unscoped().get(name=ALLIANCE)

    def parties(self) -> list[Party]:
        accepted = Party.objects.unscoped().filter(alliance=self.alliance(), status="accepted")
        return list(accepted.order_by("pk"))

    def study(self, title: str) -> Study:
        return Study.objects.unscoped().get(alliance=self.alliance(), title=title)

    def stewards(self) -> None:
        """Each organisation names its own data steward; the sites' nodes hold their data."""
        services.steward_appoint(
            actor=self.person("castlegate", "hannah"), user=self.person("castlegate", "sophie")
        )
        services.steward_appoint(
            actor=self.person("lumen", "maya"), user=self.person("lumen", "ruth")
        )
        keys = [engine.node_key(p.pk) for p in self.parties()]
        fl.demo_datasets(engine.nodes_dir(), keys, seed=2026)
        for party in self.parties():
            fl.node_key_files(engine.node_dir(party.pk))

    def propose(self, by: tuple[str, str], title: str, question: str, model: str) -> None:
        jsc = Committee.objects.unscoped().get(alliance=self.alliance(), kind="jsc")
        services.study_propose(
            actor=self.person(*by),
            alliance=self.alliance(),
            title=title,
            question=question,
            committee_id=jsc.pk,
            party_ids=[p.pk for p in self.parties()],
            **services.spec_arguments(fl.demo_spec(model, rounds=12)),
        )

    def vote(self, by: tuple[str, str], title: str) -> None:
        decision = Decision.objects.unscoped().get(pk=self.study(title).decision_id or 0)
        governance.decision_vote(
            actor=self.person(*by), decision=decision, vote="for", **signed_vote("for")
        )

    def admit(self, by: tuple[str, str], title: str) -> None:
        """The steward uploads its node's public key (the node made its pair on its machine)."""
        steward = self.person(*by)
        study = self.study(title)
        part = StudyParty.objects.unscoped().get(
            study=study, organisation=steward.membership.organisation
        )
        public = (engine.node_dir(part.party_id) / "node_key.pub").read_text(encoding="utf-8")
        services.study_admit(actor=steward, study=study, public_key=public)

    def run(self, title: str) -> None:
        """Hannah starts the run; the worker's task runs it on the two sites' nodes."""
        run = services.run_start(actor=self.person("castlegate", "hannah"), study=self.study(title))
        services.run_execute(run.pk)

    def download(self, title: str) -> None:
        run = StudyRun.objects.unscoped().get(study=self.study(title), status="succeeded")
        services.model_download(actor=self.person("lumen", "ruth"), run=run)


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    run = Run(story)
    hannah, ben = ("castlegate", "hannah"), ("lumen", "ben")
    sophie, ruth = ("castlegate", "sophie"), ("lumen", "ruth")
    steps: list[tuple[datetime.datetime, Callable[[], Any]]] = [
        (moment("2026-09-01", 9), run.stewards),
        (
            moment("2026-09-03", 10),
            partial(
                run.propose,
                hannah,
                SURVIVAL,
                "Which factors predict recurrence-free survival across our two cohorts, "
                "without either of us seeing the other's patients?",
                "cox",
            ),
        ),
        (moment("2026-09-04", 11), partial(run.vote, hannah, SURVIVAL)),
        (moment("2026-09-07", 15), partial(run.vote, ben, SURVIVAL)),
        (moment("2026-09-08", 14), partial(run.admit, ruth, SURVIVAL)),
        (moment("2026-09-09", 10), partial(run.admit, sophie, SURVIVAL)),
        (moment("2026-09-10", 9), partial(run.run, SURVIVAL)),
        (moment("2026-09-11", 16), partial(run.download, SURVIVAL)),
        (
            moment("2026-10-20", 10),
            partial(
                run.propose,
                ben,
                RECURRENCE,
                "Can we predict recurrence or death within three years well enough to enrich "
                "the Phase 2 cohort?",
                "logistic",
            ),
        ),
        (moment("2026-10-21", 12), partial(run.vote, ben, RECURRENCE)),
        (moment("2026-10-23", 9), partial(run.vote, hannah, RECURRENCE)),
        (moment("2026-10-26", 11), partial(run.admit, sophie, RECURRENCE)),
    ]
    for when, action in steps:
        story.at(when, action)


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "studies": Study.objects.unscoped().count(),
        "nodes admitted": StudyParty.objects.unscoped().filter(admission="admitted").count(),
        "study runs": StudyRun.objects.unscoped().count(),
        "rounds recorded": RunRound.objects.unscoped().count(),
    }
