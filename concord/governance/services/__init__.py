"""Every write to governance, by area; import them from here."""

from concord.governance.services.committees import (
    charter_approve,
    charter_propose,
    charter_reject,
    charter_withdraw,
    committee_create,
    committee_member_add,
    committee_member_remove,
    committee_update,
    next_decision_number,
)
from concord.governance.services.concerns import (
    concern_from_early_warning,
    concern_raise,
    concern_resolve,
    concern_share,
    concern_to_agenda,
)
from concord.governance.services.decisions import (
    action_create,
    action_update,
    decision_defer,
    decision_propose,
    decision_record,
    decision_vote,
    decision_votes_lapse,
)
from concord.governance.services.escalations import (
    escalation_advance,
    escalation_from_deadlock,
    escalation_raise,
    escalation_to_agenda,
    escalation_withdraw,
)
from concord.governance.services.executives import (
    escalation_executive_move_on,
    escalation_resolve,
)
from concord.governance.services.meetings import (
    agenda_item_add,
    agenda_item_category_dispute,
    agenda_item_remove,
    attendance_record,
    meeting_cancel,
    meeting_quorum,
    meeting_schedule,
    meeting_update,
)
from concord.governance.services.minutes import (
    minutes_approve,
    minutes_circulate,
    minutes_comment,
    minutes_correct,
    minutes_reminders_send,
    minutes_save,
)
from concord.governance.services.operating import (
    calendar_feed_revoke,
    calendar_feed_rotate,
    workstream_remove,
    workstream_save,
)
from concord.governance.services.reminders import (
    action_reminders_send,
    escalation_reminders_send,
)

__all__ = [
    "action_create",
    "action_reminders_send",
    "action_update",
    "agenda_item_add",
    "agenda_item_category_dispute",
    "agenda_item_remove",
    "attendance_record",
    "calendar_feed_revoke",
    "calendar_feed_rotate",
    "charter_approve",
    "charter_propose",
    "charter_reject",
    "charter_withdraw",
    "committee_create",
    "committee_member_add",
    "committee_member_remove",
    "committee_update",
    "concern_from_early_warning",
    "concern_raise",
    "concern_resolve",
    "concern_share",
    "concern_to_agenda",
    "decision_defer",
    "decision_propose",
    "decision_record",
    "decision_vote",
    "decision_votes_lapse",
    "escalation_advance",
    "escalation_executive_move_on",
    "escalation_from_deadlock",
    "escalation_raise",
    "escalation_reminders_send",
    "escalation_resolve",
    "escalation_to_agenda",
    "escalation_withdraw",
    "meeting_cancel",
    "meeting_quorum",
    "meeting_schedule",
    "meeting_update",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment",
    "minutes_correct",
    "minutes_reminders_send",
    "minutes_save",
    "next_decision_number",
    "workstream_remove",
    "workstream_save",
]
