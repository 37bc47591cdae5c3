"""Every write to expectations: commitments, deliveries and their verdicts, disputes, the learning plan.

The rules, in one place:

- Alliance managers of the owing or the receiving party record a commitment; the owner person
  belongs to the owing party.
- The owing party delivers (any of its members who is not read-only); the receiving party judges
  each delivery against the acceptance criteria, accepting it or rejecting it with a comment; a
  rejected commitment is delivered again. Deliveries are never edited, so the history stays.
- Only the party owed may give something up: waive a commitment, move its due date, or settle a
  dispute by accepting, waiving or rescheduling. Either party raises a dispute or records that the
  commitment stands.
"""

from concord.expectations.services._common import (
    COMMITMENT_FIELDS,
    OBJECTIVE_FIELDS,
    local_today,
)
from concord.expectations.services.commitments import (
    commitment_create,
    commitment_update,
)
from concord.expectations.services.deliveries import (
    commitment_deliver,
    commitment_waive,
    delivery_accept,
    delivery_reject,
)
from concord.expectations.services.disputes import (
    CONCESSIONS,
    commitment_dispute,
    dispute_resolve,
)
from concord.expectations.services.learning import (
    lesson_keep,
    objective_create,
    objective_update,
    review_record,
)
from concord.expectations.services.reminders import (
    commitment_reminders_send,
)

__all__ = [
    "COMMITMENT_FIELDS",
    "CONCESSIONS",
    "OBJECTIVE_FIELDS",
    "commitment_create",
    "commitment_deliver",
    "commitment_dispute",
    "commitment_reminders_send",
    "commitment_update",
    "commitment_waive",
    "delivery_accept",
    "delivery_reject",
    "dispute_resolve",
    "lesson_keep",
    "local_today",
    "objective_create",
    "objective_update",
    "review_record",
]
