"""What expectations plugs into core (see core/extensions.py).

Its tabs, its panels beside the overview and inside the pending gate, commitment due dates in the
calendar feed, the sweep's commitment reminders, and a wind-down's lessons learned kept on the learning plan.
Commitments name the agreement section they come from; commitments and their deliveries take
evidence.
"""

from django.db.models import QuerySet

from concord.alliances.models import Alliance
from concord.core import extensions
from concord.core.attachments import EVIDENCE, SECTION
from concord.expectations import briefing, metrics, receivers, sections, sweep, today
from concord.expectations.models import Commitment, Delivery
from concord.orgs.models import User

extensions.register_alliance_tab("Commitments", "expectations:commitment-list", order=20)
extensions.register_alliance_tab("Scorecard", "expectations:scorecard", order=21)
extensions.register_alliance_tab("Learning plan", "expectations:learning-plan", order=25)
extensions.register_alliance_panel(sections.overview_panel, order=20)
extensions.register_alliance_panel(sections.gate_panel, order=20, place="gate")
extensions.register_calendar_source(sections.commitment_calendar)
extensions.register_sweep_job("expectations", sweep.sweep)
extensions.register_today_source(today.today_items)
extensions.lessons_learned.connect(receivers.keep_lessons, dispatch_uid="expectations.lessons")
extensions.register_portfolio_source(
    today.portfolio_source, columns=today.COLUMNS, factors=today.FACTORS, flags=today.FLAGS
)


def _commitments(user: User, alliance: Alliance) -> QuerySet[Commitment]:
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


def _deliveries(user: User, alliance: Alliance) -> QuerySet[Delivery]:
    """Deliveries of the alliance's commitments, whose evidence (a report, a data set's
    manifest) the receiving party judges against the acceptance criteria."""
    return (
        Delivery.objects.visible_to(user)
        .filter(commitment__alliance=alliance)
        .select_related("commitment")
        .order_by("-delivered_at", "-pk")
    )


extensions.register_linkable(
    extensions.Linkable("expectations.delivery", "Delivery", (EVIDENCE,), _deliveries)
)
extensions.register_alliance_metric(metrics.COMMITMENTS_ON_TIME)
extensions.register_briefing_section(briefing.briefing_section, order=30)
