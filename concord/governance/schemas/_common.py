"""The value types the governance schemas share: enumerations as the API names them."""

from __future__ import annotations

from typing import Annotated

from ninja import Field

from concord.core.api import (
    one_of,
)
from concord.governance import rules
from concord.governance.models import (
    Abstention,
    ActionItem,
    AgendaItem,
    Charter,
    Committee,
    CommitteeMember,
    Concern,
    Decision,
    DecisionVote,
    Escalation,
    ExecutiveAct,
    MatterCategory,
    Meeting,
    Minutes,
    Severity,
)

CommitteeKind = Annotated[str, one_of("CommitteeKind", Committee.Kind)]
SeatRole = Annotated[str, one_of("SeatRole", CommitteeMember.Role)]
CharterStatus = Annotated[str, one_of("CharterStatus", Charter.Status)]
MeetingStatus = Annotated[str, one_of("MeetingStatus", Meeting.Status)]
Objective = Annotated[str, one_of("AgendaObjective", AgendaItem.Objective)]
MinutesStatus = Annotated[str, one_of("MinutesStatus", Minutes.Status)]
MinutesTurnaround = Annotated[str, one_of("MinutesTurnaround", rules.MinutesTurnaround)]
Outcome = Annotated[str, one_of("DecisionOutcome", Decision.Outcome)]
Method = Annotated[str, one_of("DecisionMethod", Decision.Method)]
Vote = Annotated[str, one_of("PartyVote", DecisionVote.Vote)]
AbstentionRule = Annotated[str, one_of("Abstention", Abstention)]
Category = Annotated[str, one_of("MatterCategory", MatterCategory)]
ExecutivePurpose = Annotated[str, one_of("ExecutivePurpose", ExecutiveAct.Purpose)]
ActionStatus = Annotated[str, one_of("ActionStatus", ActionItem.Status)]
SeverityName = Annotated[str, one_of("Severity", Severity)]
ConcernStatus = Annotated[str, one_of("ConcernStatus", Concern.Status)]
Level = Annotated[str, one_of("EscalationLevel", Escalation.Level)]
EscalationStatus = Annotated[str, one_of("EscalationStatus", Escalation.Status)]
Days = Field(ge=1, le=365)
Text = Field("", max_length=5000)
