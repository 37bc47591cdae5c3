"""The episodes told apart from the plot: Lumen's disputes, Fenwick's charter change and
Tidewell's story."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from concord.demo.chapters.governance.plot import PHARMA
from concord.demo.chapters.governance.run import Run
from concord.demo.dates import moment as at
from concord.governance import services
from concord.governance.models import Decision

if TYPE_CHECKING:
    from concord.demo.story import Story


def _escalation_of(run: Run, title: str) -> Any:
    decision = Decision.objects.unscoped().get(alliance=run.alliance(), title=title)
    return decision.escalations.get()


def _lumen_disputes(story: Story, run: Run) -> None:
    """The carve-out deadlock settled by the executives; the CRO deadlock decided by Castlegate
    under its final say; Lumen's concern that its CEO took straight to the executives."""
    cohort = (
        "Maya and Ingrid agreed a 30-patient exploratory cohort, funded by Lumen, with a go/no-go "
        "at the interim analysis. The research plan is amended accordingly."
    )

    def agree(org: str, first_name: str) -> Callable[[], Any]:
        """At the executives' rung each party's executive agrees to the resolution as worded."""
        return lambda: services.escalation_resolve(
            actor=run.person(org, first_name),
            escalation=_escalation_of(run, "Open a HR+/HER2-low cohort in the Phase 2 study"),
            resolution=cohort,
        )

    story.at(at("2025-09-09", 15), agree("lumen", "maya"))
    story.at(at("2025-09-10", 15), agree(PHARMA, "ingrid"))
    # The CRO deadlock runs out of executive time (the sweep moves it to Castlegate's final say).
    story.at(
        at("2026-03-20", 10),
        lambda: services.escalation_resolve(
            actor=run.manager(PHARMA),
            escalation=_escalation_of(run, "Choose the CRO for the Phase 2 extension"),
            resolution="Under its final say, Castlegate chose its preferred CRO, with Lumen's "
            "clinical operations lead on the vendor oversight committee.",
        ),
    )
    holder: dict[str, Any] = {}

    def raise_concern() -> None:
        holder["concern"] = services.concern_raise(
            actor=run.person("lumen", "ben"),
            alliance=run.alliance(),
            title="Phase 2 amendment sign-off is taking too long",
            body="The protocol amendment has waited five weeks for Castlegate's regulatory sign-off; "
            "each week costs us two sites' start-up.",
            severity="high",
            visibility="private",
        )

    def end_run() -> None:
        services.concern_share(actor=run.person("lumen", "ben"), concern=holder["concern"])
        holder["escalation"] = services.escalation_raise(
            actor=run.person("lumen", "maya"),
            alliance=run.alliance(),
            committee=run.committees["jsc"],
            title="Phase 2 amendment sign-off is taking too long",
            description="Maya wrote to Castlegate's Head of R&D directly rather than raising it at "
            "the working team or the JSC.",
            level="executives",
            concern=holder["concern"],
        )

    def settle() -> None:
        for executive in (run.person("castlegate", "ingrid"), run.person("lumen", "maya")):
            services.escalation_resolve(
                actor=executive,
                escalation=holder["escalation"],
                resolution="Regulatory signed the amendment the following week. Both sides agreed "
                "that such delays go to the working team first, then the JSC, as the charter says.",
            )
        services.concern_resolve(
            actor=run.person("lumen", "ben"),
            concern=holder["concern"],
            resolution="Amendment signed; sites opened.",
        )

    story.at(at("2026-04-02", 10), raise_concern)
    story.at(at("2026-04-09", 9), end_run)
    story.at(at("2026-04-21", 15), settle)


def _fenwick_charter(story: Story, run: Run) -> None:
    """Fenwick proposes meeting every two months; Castlegate approves; an open escalation."""
    holder: dict[str, Any] = {}

    def propose() -> None:
        holder["charter"] = services.charter_propose(
            actor=run.manager("fenwick"),
            committee=run.committees["jsc"],
            rationale="Phase 3 preparation needs decisions faster than quarterly: meet every two "
            "months until the Phase 3 start.",
            cadence_days=61,
        )

    story.at(at("2026-01-26", 10), propose)
    story.at(
        at("2026-01-29", 16),
        lambda: services.charter_approve(actor=run.manager(PHARMA), charter=holder["charter"]),
    )

    def concern_and_escalation() -> None:
        concern = services.concern_raise(
            actor=run.person("castlegate", "kenji"),
            alliance=run.alliance(),
            title="Phase 3 cost-share split not yet agreed",
            body="Fenwick's forecast assumes 50/50 for Phase 3; the agreement says 60/40 until "
            "the end of Phase 2 and is silent after.",
            severity="medium",
            visibility="shared",
        )
        escalation = services.escalation_raise(
            actor=run.manager(PHARMA),
            alliance=run.alliance(),
            committee=run.committees["jsc"],
            title="Phase 3 cost-share split",
            description="The working teams could not agree the split; it goes to the JSC.",
            level="team",
            concern=concern,
        )
        holder["escalation"] = escalation

    story.at(at("2026-10-26", 11), concern_and_escalation)
    story.at(
        at("2026-11-10", 9),
        lambda: services.escalation_advance(
            actor=run.manager("fenwick"),
            escalation=holder["escalation"],
            note="No agreement at working-team level within the charter's time.",
        ),
    )


def _tidewell_story(story: Story, run: Run) -> None:
    """Tidewell's JSC has not met since February (overdue); a charter change awaits Tidewell."""
    story.at(
        at("2026-11-03", 10),
        lambda: services.charter_propose(
            actor=run.manager(PHARMA),
            committee=run.committees["jsc"],
            rationale="Add the scale-up decisions to the JSC's scope and name the second "
            "manufacturing site's head as a JSC member.",
            scope="Oversee the collaboration; approve development and commercial plans and "
            "budgets; approve manufacturing scale-up and technology transfer.",
        ),
    )
    story.at(
        at("2026-11-12", 14),
        lambda: services.concern_raise(
            actor=run.manager("tidewell"),
            alliance=run.alliance(),
            title="Scale-up gate waiting on Castlegate",
            body="The Q1 capacity booking at the second site lapses if the gate is not signed.",
            severity="high",
            visibility="shared",
        ),
    )
