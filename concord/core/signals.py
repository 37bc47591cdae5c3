"""Signals between capabilities, so one app can react to another without importing it.

A capability sends them from its services; one that reacts connects its receiver in its
extensions.py (`signal.connect(receiver, dispatch_uid=...)`, see core/extensions.py).

`achievement` is sent, inside the writing transaction, when something worth celebrating happens
on an alliance: a gate passed, a milestone confirmed, a delivery accepted. Receivers get
`alliance`, `kind` (a short code such as "gate_passed"), `title` (a sentence both parties may
read), `actor` (the person whose act completed it) and `source` (the record it is about).
"""

from django.dispatch import Signal

achievement = Signal()

# Sent by the pulse when a health dimension drops (by 0.5 or more since the last round, or below
# 3.0). Receivers get `alliance`, `title`, `body` (what was measured, in plain words), `severity`
# ("low", "medium" or "high") and `source` (the round). Governance turns it into a shared concern
# that can go on a committee's agenda; the pulse itself tells the alliance managers.
early_warning = Signal()

# Sent by a capability whose record has become a concern: a risk on the register materialised.
# Receivers get `alliance`, `actor` (the person who says so, acting for their own party),
# `title`, `body`, `severity` ("low", "medium" or "high"), `visibility` (shared, or private to the
# actor's organisation, as the record was) and `source` (the record). Governance raises the
# concern, from where it can go on an agenda and follow the escalation path.
concern_requested = Signal()

# Sent by the wind-down when an alliance starts to wind down, inside the writing transaction.
# Receivers get `alliance`, `actor` (the manager who gave notice, acting for their own party)
# and `source` (the wind-down). Health opens the final health check, which both parties answer
# before they close the alliance.
winddown_started = Signal()

# Sent by the wind-down when the parties record what they learned from the alliance. Receivers
# get `alliance`, `actor`, `lessons` (the text, which every party of the alliance reads) and
# `source` (the wind-down). Expectations keeps them on the alliance's learning plan.
lessons_learned = Signal()

# Sent by orgs when a person leaves their organisation on Concord (an admin deactivates them),
# inside the writing transaction. Receivers get `user`, `organisation` and `actor` (the admin).
# Homework re-checks continuity at once: relationships the person owned, and sponsors or
# counterparts they were, raise their alerts without waiting for the nightly sweep.
member_departed = Signal()
