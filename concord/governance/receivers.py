"""How governance joins the rest of Concord: the pulse's early warnings, concerns other
capabilities ask for, the overview panel."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.timezone import localtime

from concord.core.sections import SummaryFact
from concord.governance import selectors, services


def on_early_warning(
    sender: Any, *, alliance: Any, title: str, body: str, severity: str, **kwargs: Any
) -> None:
    """A drop in the pulse becomes a shared concern, ready for a committee's agenda.

    No email here: the pulse tells the alliance managers itself.
    """
    services.concern_from_early_warning(
        alliance=alliance, title=title, body=body, severity=severity, source="pulse"
    )


def on_concern_requested(
    sender: Any,
    *,
    alliance: Any,
    actor: Any,
    title: str,
    body: str,
    severity: str,
    visibility: str,
    source: Any,
    **kwargs: Any,
) -> None:
    """A record of another capability became a concern (a risk materialised): the person who
    said so raises it for their own party, shared or private as the record was."""
    services.concern_raise(
        actor=actor,
        alliance=alliance,
        title=title[:200],
        body=body,
        severity=severity,
        visibility=visibility,
        source=type(source).__name__.lower()[:40],
    )


def overview_panel(request: Any, alliance: Any) -> tuple[str, dict[str, Any]] | None:
    """Next meeting, open actions and open escalations beside the alliance overview."""
    panel = selectors.governance_panel(user=request.user, alliance=alliance)
    return "governance/_panel.html", {
        "alliance": alliance,
        "panel": panel,
        "strip": summary(alliance, panel),
    }


def summary(alliance: Any, panel: selectors.GovernancePanel) -> list[SummaryFact]:
    """The next committee meeting and the open actions, for the alliance page's summary strip."""
    meeting = panel.next_meeting
    actions = f"{panel.open_actions} open"
    return [
        SummaryFact(
            "Next committee meeting",
            f"{meeting.committee} · {localtime(meeting.starts_at):%-d %b}"
            if meeting
            else "None scheduled",
            meeting.title if meeting else "",
            reverse("governance:meeting-detail", args=[meeting.pk]) if meeting else "",
            order=30,
        ),
        SummaryFact(
            "Actions",
            f"{actions} · {panel.overdue_actions} overdue" if panel.overdue_actions else actions,
            f"{panel.open_escalations} open escalation{pluralize(panel.open_escalations)}"
            if panel.open_escalations
            else "",
            reverse("governance:action-list", args=[alliance.pk]),
            tone="danger" if panel.overdue_actions or panel.open_escalations else "",
            order=40,
        ),
    ]
