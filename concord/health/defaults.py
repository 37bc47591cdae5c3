"""The wording of Concord's built-in instruments: the health check and the pulse.

Each is (kind, name, description, dimensions), a dimension being (key, name, statements). Keys are
stable: an organisation's edited copy keeps them, so trends follow a dimension across versions.
"""

from __future__ import annotations

from concord.health.models import Kind

Dimensions = tuple[tuple[str, str, tuple[str, ...]], ...]

HEALTH_CHECK: Dimensions = (
    (
        "strategic_value",
        "Strategic value",
        (
            "The alliance is delivering the strategic value we expected when we signed.",
            "The alliance's goals are still a priority for my organisation.",
            "Both organisations share the same view of what success looks like.",
            "Knowing what I know now, I would do this deal again.",
        ),
    ),
    (
        "operational_execution",
        "Operational execution",
        (
            "Work is delivered on time and to the agreed standard.",
            "Roles and responsibilities between the two organisations are clear.",
            "Problems are solved at the working level without needless escalation.",
            "The resources each side committed are actually available.",
        ),
    ),
    (
        "governance",
        "Governance and decision-making",
        (
            "Decisions are made in time for the work to move on.",
            "Joint committees spend their time on the issues that matter.",
            "Escalations follow the agreed path and are resolved promptly.",
            "Both parties have a fair say in joint decisions.",
        ),
    ),
    (
        "trust",
        "Trust and relationship",
        (
            "I trust my counterparts to act in the alliance's interest.",
            "I can raise a concern with my counterpart without it being held against me.",
            "Our partner keeps its commitments.",
            "People on both sides work as one team.",
        ),
    ),
    (
        "communication",
        "Communication and transparency",
        (
            "The information I need from our partner reaches me in time.",
            "Bad news is shared early, not hidden.",
            "Meetings end with clear actions and owners.",
            "I understand our partner's priorities and constraints.",
        ),
    ),
    (
        "fairness",
        "Fairness and value-share",
        (
            "Costs and rewards are shared fairly.",
            "Payments and invoices are handled as the agreement says.",
            "Neither party takes advantage when circumstances change.",
            "Our partner recognises what my organisation contributes.",
        ),
    ),
)

PULSE: Dimensions = (
    ("decisions", "Decision speed", ("Decisions are made in time.",)),
    ("trust", "Trust and openness", ("I can raise a concern with my counterpart.",)),
    ("delivery", "Delivery", ("Our partner delivers what it promised.",)),
    ("mood", "Overall mood", ("Overall, I feel good about where this alliance is heading.",)),
)

BUILTIN: tuple[tuple[str, str, str, Dimensions], ...] = (
    (
        Kind.HEALTH_CHECK,
        "Alliance health check",
        "Six dimensions of a healthy alliance, four statements each: about ten minutes, twice "
        "a year and at every gate.",
        HEALTH_CHECK,
    ),
    (
        Kind.PULSE,
        "Monthly pulse",
        "Four quick statements, answerable in under two minutes, every month.",
        PULSE,
    ),
)
