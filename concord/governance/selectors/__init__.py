"""Reads of governance data, always through visible_to(user); query counts stay flat however
long the alliance's history grows."""

from concord.governance.selectors._common import (
    GovernancePermissions,
    permissions_for,
)
from concord.governance.selectors.calendar import (
    CALENDAR_PAST,
    calendar_actions,
    calendar_feed_of,
    calendar_meetings,
    calendar_user_for_token,
)
from concord.governance.selectors.committees import (
    ROLE_ORDER,
    CommitteeStatus,
    alliance_people,
    charter_get,
    charter_history,
    committee_choices,
    committee_get,
    committee_list,
    committee_status,
    committee_statuses,
    parties_of,
    seat_candidates,
)
from concord.governance.selectors.decisions import (
    ActionFilters,
    DecisionFilters,
    action_get,
    action_list,
    decision_get,
    decision_log,
)
from concord.governance.selectors.escalations import (
    concern_get,
    concern_list,
    escalation_get,
    escalation_list,
)
from concord.governance.selectors.meetings import (
    MeetingRecord,
    agenda_item_get,
    agenda_item_list,
    meeting_get,
    meeting_list,
    meeting_record,
    member_get,
    minutes_get,
)
from concord.governance.selectors.operating import (
    workstream_get,
    workstream_list,
)
from concord.governance.selectors.page import (
    SHOWN,
    GovernanceOverview,
    GovernancePanel,
    governance_overview,
    governance_panel,
)

__all__ = [
    "CALENDAR_PAST",
    "ROLE_ORDER",
    "SHOWN",
    "ActionFilters",
    "CommitteeStatus",
    "DecisionFilters",
    "GovernanceOverview",
    "GovernancePanel",
    "GovernancePermissions",
    "MeetingRecord",
    "action_get",
    "action_list",
    "agenda_item_get",
    "agenda_item_list",
    "alliance_people",
    "calendar_actions",
    "calendar_feed_of",
    "calendar_meetings",
    "calendar_user_for_token",
    "charter_get",
    "charter_history",
    "committee_choices",
    "committee_get",
    "committee_list",
    "committee_status",
    "committee_statuses",
    "concern_get",
    "concern_list",
    "decision_get",
    "decision_log",
    "escalation_get",
    "escalation_list",
    "governance_overview",
    "governance_panel",
    "meeting_get",
    "meeting_list",
    "meeting_record",
    "member_get",
    "minutes_get",
    "parties_of",
    "permissions_for",
    "seat_candidates",
    "workstream_get",
    "workstream_list",
]
