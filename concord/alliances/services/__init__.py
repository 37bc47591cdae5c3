"""Every write to alliances: creation, parties and teams, programmes, gates and notes."""

from concord.alliances.services._common import (
    ALLIANCE_FIELDS,
    PROGRAMME_FIELDS,
)
from concord.alliances.services.alliances import (
    Changes,
    alliance_create,
    alliance_update,
    programme_add,
    programme_update,
)
from concord.alliances.services.gates import (
    GATE_REMINDER_INTERVAL,
    gate_decline,
    gate_joint_act,
    gate_propose,
    gate_reminders_send,
    gate_sign,
    gate_withdraw,
)
from concord.alliances.services.notes import (
    note_create,
)
from concord.alliances.services.parties import (
    PartnerInvite,
    partner_invitation_redeem,
    party_invitation_withdraw,
    party_invite,
    party_respond,
)
from concord.alliances.services.portfolio import (
    attention_weights_update,
    saved_view_delete,
    saved_view_save,
)
from concord.alliances.services.teams import (
    team_member_add,
    team_member_remove,
    team_member_role_change,
)

__all__ = [
    "ALLIANCE_FIELDS",
    "GATE_REMINDER_INTERVAL",
    "PROGRAMME_FIELDS",
    "Changes",
    "PartnerInvite",
    "alliance_create",
    "alliance_update",
    "attention_weights_update",
    "gate_decline",
    "gate_joint_act",
    "gate_propose",
    "gate_reminders_send",
    "gate_sign",
    "gate_withdraw",
    "note_create",
    "partner_invitation_redeem",
    "party_invitation_withdraw",
    "party_invite",
    "party_respond",
    "programme_add",
    "programme_update",
    "saved_view_delete",
    "saved_view_save",
    "team_member_add",
    "team_member_remove",
    "team_member_role_change",
]
