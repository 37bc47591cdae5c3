"""Every write of the health capability: instruments, cadences, rounds, answers, warnings and
celebrations. Rounds are opened and closed by the sweep (or at a gate, or by an alliance manager);
answers come from the invited person alone, through their personal link or signed in.

Import them from here; each module holds one area.
"""

from concord.health.services.answers import MAX_COMMENT, response_submit
from concord.health.services.cadence import (
    CADENCE_FIELDS,
    cadence_for,
    cadence_update,
    threshold_for,
    threshold_update,
)
from concord.health.services.celebrations import (
    achievement_celebrate,
    celebration_record,
    kudos_give,
)
from concord.health.services.closing import reminders_send, round_close, rounds_close_due
from concord.health.services.early_warnings import Reading, warning_for, warning_sentence
from concord.health.services.instruments import (
    STATEMENTS,
    DimensionWording,
    builtin_instruments_ensure,
    current_version,
    instrument_copy,
    instrument_revise,
)
from concord.health.services.rounds import (
    GATE_CHECK_WITHIN,
    UNSCHEDULED_PHASES,
    add_months,
    final_round_open,
    gate_rounds_open_due,
    round_start,
    round_title,
    rounds_open_due,
)

# Private, but the service tests open a round directly to check the one-open-round rule.
from concord.health.services.rounds import _round_open as _round_open

__all__ = [
    "CADENCE_FIELDS",
    "GATE_CHECK_WITHIN",
    "MAX_COMMENT",
    "STATEMENTS",
    "UNSCHEDULED_PHASES",
    "DimensionWording",
    "Reading",
    "achievement_celebrate",
    "add_months",
    "builtin_instruments_ensure",
    "cadence_for",
    "cadence_update",
    "celebration_record",
    "current_version",
    "final_round_open",
    "gate_rounds_open_due",
    "instrument_copy",
    "instrument_revise",
    "kudos_give",
    "reminders_send",
    "response_submit",
    "round_close",
    "round_start",
    "round_title",
    "rounds_close_due",
    "rounds_open_due",
    "threshold_for",
    "threshold_update",
    "warning_for",
    "warning_sentence",
]
