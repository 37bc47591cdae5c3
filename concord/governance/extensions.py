"""What governance plugs into core (see core/extensions.py).

Its tab and panel on the alliance page, meetings and action due dates in the calendar feed, the
reminders and escalations of the sweep, the pulse's early warnings turned into concerns, and
`make doctor`'s check for the diagram's layout program.
Meetings take pre-reads, decisions their supporting papers, and charters name the agreement section they come from; a
record of another capability that becomes a concern (a risk) is raised here.
"""

from django.db.models import QuerySet

from concord.alliances.models import Alliance
from concord.core import extensions
from concord.core.attachments import EVIDENCE, PRE_READ, SECTION
from concord.core.tenancy import organisation_of
from concord.governance import (
    briefing,
    diagram,
    ics,
    metrics,
    receivers,
    requests,
    review,
    sweep,
    today,
)
from concord.governance.models import Charter, Committee, CommitteeMember, Decision, Meeting
from concord.orgs.models import User

extensions.register_alliance_tab("Governance", "governance:alliance-governance", order=10)
extensions.register_alliance_panel(receivers.overview_panel, order=10)
extensions.register_calendar_source(ics.governance_entries)
extensions.register_sweep_job("governance", sweep.sweep)
extensions.register_doctor_check(diagram.doctor_check)
extensions.early_warning.connect(
    receivers.on_early_warning, dispatch_uid="governance.early_warning"
)
extensions.register_today_source(today.today_items)
extensions.register_portfolio_source(
    today.portfolio_source, columns=today.COLUMNS, factors=today.FACTORS, flags=today.FLAGS
)
extensions.register_review_source(review.review_source)
extensions.concern_requested.connect(
    receivers.on_concern_requested, dispatch_uid="governance.concern_requested"
)


def _meetings(user: User, alliance: Alliance) -> QuerySet[Meeting]:
    """The alliance's meetings a person may see, latest first: what pre-reads go to."""
    return Meeting.objects.visible_to(user).filter(alliance=alliance).order_by("-starts_at")


def _charters(user: User, alliance: Alliance) -> QuerySet[Charter]:
    """Committee charters, whose rules come from the agreement's governance sections."""
    return (
        Charter.objects.visible_to(user)
        .filter(committee__alliance=alliance)
        .select_related("committee")
        .order_by("committee__name", "-version")
    )


extensions.register_linkable(
    extensions.Linkable(
        "governance.meeting", "Meeting", (PRE_READ,), _meetings, "governance:meeting-detail"
    )
)
extensions.register_linkable(
    extensions.Linkable(
        "governance.charter",
        "Committee charter",
        (SECTION,),
        _charters,
        "governance:charter-detail",
    )
)


def _decisions(user: User, alliance: Alliance) -> QuerySet[Decision]:
    """The decision log, latest first: what a decision's supporting papers attach to."""
    return Decision.objects.visible_to(user).filter(alliance=alliance).order_by("-number")


extensions.register_linkable(
    extensions.Linkable(
        "governance.decision", "Decision", (EVIDENCE,), _decisions, "governance:decision-detail"
    )
)
extensions.register_alliance_metric(metrics.ESCALATIONS_RESOLVED)


def _seated(user: User, kind: str) -> set[int]:
    """The alliances where the person holds a seat on a committee of this kind."""
    if organisation_of(user) is None:
        return set()
    seats = CommitteeMember.objects.visible_to(user).filter(user=user, committee__kind=kind)
    return set(seats.values_list("committee__alliance_id", flat=True))


def _committee_exists(alliance_id: int, kind: str) -> bool:
    """Whether the alliance has a committee of this kind (a fact every party may know)."""
    return Committee.objects.unscoped().filter(alliance_id=alliance_id, kind=kind).exists()


extensions.register_committee_source(_seated, _committee_exists)
extensions.register_briefing_section(briefing.briefing_section, order=20)
extensions.register_decision_source(requests.deciding_committees, requests.seek, requests.outcome)
