"""What expectations plugs into core (see core/extensions.py).

Its tabs, its panels beside the overview and inside the pending gate, commitment due dates in the
calendar feed, and the sweep's commitment reminders.
Commitments name the agreement section they come from and take evidence.
"""

from concord.core import extensions
from concord.core.attachments import EVIDENCE, SECTION
from concord.expectations import briefing, metrics, sections, sweep, today
from concord.expectations.models import Commitment

extensions.register_alliance_tab("Commitments", "expectations:commitment-list", order=20)
extensions.register_alliance_tab("Scorecard", "expectations:scorecard", order=21)
extensions.register_alliance_tab("Learning plan", "expectations:learning-plan", order=25)
extensions.register_alliance_panel(sections.overview_panel, order=20)
extensions.register_alliance_panel(sections.gate_panel, order=20, place="gate")
extensions.register_calendar_source(sections.commitment_calendar)
extensions.register_sweep_job("expectations", sweep.sweep)
extensions.register_today_source(today.today_items)
extensions.register_portfolio_source(
    today.portfolio_source, columns=today.COLUMNS, factors=today.FACTORS, flags=today.FLAGS
)


def _commitments(user: object, alliance: object) -> object:
    """Commitments, each from a section of the agreement, with deliveries' evidence."""
    return Commitment.objects.visible_to(user).filter(alliance=alliance)


extensions.register_linkable(
    extensions.Linkable(
        "expectations.commitment",
        "Commitment",
        (SECTION, EVIDENCE),
        _commitments,
        "expectations:commitment-detail",
    )
)
extensions.register_alliance_metric(metrics.COMMITMENTS_ON_TIME)
extensions.register_briefing_section(briefing.briefing_section, order=30)
