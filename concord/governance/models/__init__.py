"""Governance as code: committees and their charters, meetings, minutes, decisions, actions,
concerns, the escalation ladder, the operating model's workstreams, and calendar feeds."""

from concord.governance.models.calendar import CalendarFeed
from concord.governance.models.committees import (
    Abstention,
    Charter,
    CharterApproval,
    Committee,
    CommitteeMember,
    MatterCategory,
)
from concord.governance.models.decisions import ActionItem, Decision, DecisionVote
from concord.governance.models.escalations import (
    Concern,
    Escalation,
    EscalationStep,
    ExecutiveAct,
    Severity,
)
from concord.governance.models.meetings import (
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesComment,
)
from concord.governance.models.operating import Raci, Workstream

__all__ = [
    "Abstention",
    "ActionItem",
    "AgendaItem",
    "Attendance",
    "CalendarFeed",
    "Charter",
    "CharterApproval",
    "Committee",
    "CommitteeMember",
    "Concern",
    "Decision",
    "DecisionVote",
    "Escalation",
    "EscalationStep",
    "ExecutiveAct",
    "MatterCategory",
    "Meeting",
    "Minutes",
    "MinutesApproval",
    "MinutesComment",
    "Raci",
    "Severity",
    "Workstream",
]
