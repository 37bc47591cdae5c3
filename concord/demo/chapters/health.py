"""The demo's health story, a chapter of the demo story (see concord/demo/story.py).

Castlegate brought its alliances' health checks onto Concord two years before the story ends:
monthly pulses on Hannah's strategic alliances, health checks every six months and at every gate
on all of them. The sweep runs on the 1st (open), 8th (remind) and 12th (close) of each month, and
team members answer through the same service their emailed link uses.

Most relationships are steady. Two are not: in the Tidewell–Castlegate CAR-T alliance Tidewell's
trust in Castlegate slides from mid-2025 (its scale-up gate waits on Castlegate's signature)
while Castlegate's own view stays high, so the gap widens and early warnings fire; and in the
Brightwater–Castlegate B7-H4 licence Brightwater has long felt the value-share is unfair.
"""

from __future__ import annotations

import datetime
import random
import zlib
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance
from concord.core import clock
from concord.demo import dates
from concord.demo.data import PHARMA, PLANS, STORY_END, Plan
from concord.health import services
from concord.health.models import Respondent, Round, Statement

if TYPE_CHECKING:
    from concord.demo.story import Story

START = datetime.date(2024, 12, 1)  # two years before the story ends
SLIDING = "Tidewell–Castlegate allogeneic CAR-T alliance"
UNFAIR = "Brightwater–Castlegate B7-H4 ADC licence"
ANSWER_DAYS = (3, 9, 16, 23, 28)  # answering waves through each month
TITLE = "Health"

KUDOS = (
    ("2025-01-21", "Lumen–Castlegate TROP2 ADC collaboration", "lumen", "maya",
     "Thank you to Sophie and the Castlegate translational team for turning the biomarker "
     "analysis round over the holidays."),
    ("2025-05-06", "Quillon–Castlegate LRRK2 inhibitor licence", "castlegate", "rafael",
     "Kudos to Jana and the Quillon clinical operations team: the Phase 1b cohort filled two "
     "months early."),
    ("2025-09-30", SLIDING, "tidewell", "aisha",
     "Thank you, Castlegate commercial team, for a launch that beat every forecast."),
    ("2026-02-17", "Ardent–Castlegate Fabry gene therapy", "castlegate", "priya",
     "Thanks to Sanne and Pieter for presenting the two-year durability data so clearly at the JSC."),
    ("2026-06-09", "Pelagos–Castlegate RSV combination vaccine", "pelagos", "camille",
     "Merci to the Kilbride site team for releasing three lots ahead of the season."),
)  # fmt: skip

COMMENTS = {
    "good": (
        "Decisions at the last JSC came quickly and with the data in front of us.",
        "Our counterparts flag issues early; it makes a real difference.",
        "The joint team works as one: nobody checks whose budget a task is on.",
        "Good momentum since the last gate.",
    ),
    "mixed": (
        "Governance is fine, but actions from meetings drift for weeks.",
        "We could share the development plan updates earlier.",
        "Resourcing on the CMC side is thin for what is coming.",
    ),
    "bad": (
        "We have waited weeks for a signature that gates our capacity booking.",
        "Concerns raised at the working level do not reach anyone who can decide.",
        "It feels as if this alliance has slipped down Castlegate's priorities.",
        "We hear about decisions after they are made.",
    ),
}
INTERNAL = (
    "Should we raise the decision delays with our executive sponsor before the next JSC?",
    "Our own team is stretched; some of the friction is on us.",
    "Worth reviewing how much of our best people's time this alliance gets.",
)


def _story_moment(day: datetime.date, hour: int) -> datetime.datetime:
    return dates.moment(day.isoformat(), hour)  # the story's shift to "ends yesterday"


def _alliance(plan: Plan) -> Alliance:
    return Alliance.objects.unscoped().get(name=plan.name)


def _manager(story: Story, plan: Plan) -> Any:
    """Who sets the cadence: the lead of the party that created the alliance (joined from day one)."""
    return story.lead(plan.parties[0], plan)


def _pulsed(plan: Plan) -> bool:
    """Hannah runs monthly pulses on her strategic alliances; the rest have health checks only."""
    return plan.tier == Alliance.Tier.STRATEGIC and plan.lead == "hannah"


def _cadence(story: Story, plan: Plan, *, on: bool) -> None:
    """Checks off until the health programme starts, then on, with pulses where _pulsed says."""
    services.cadence_update(
        actor=_manager(story, plan),
        alliance=_alliance(plan),
        pulse_enabled=on and _pulsed(plan),
        health_enabled=on,
        health_at_gates=on,
    )


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {"pulse and health-check rounds": Round.objects.unscoped().count()}


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    start = _story_moment(START, 8) - datetime.timedelta(days=5)
    for index, plan in enumerate(PLANS):
        created = _story_moment(datetime.date.fromisoformat(plan.created), 9)
        set_up = created + datetime.timedelta(minutes=index + 45)
        on = set_up >= start
        story.at(set_up, partial(_cadence, story, plan, on=on))
        if not on:
            story.at(
                start + datetime.timedelta(minutes=index), partial(_cadence, story, plan, on=True)
            )
    for day in _month_days(START, STORY_END, (1, 8, 12)):
        story.at(_story_moment(day, 6), _sweep)
    for day in _month_days(START, STORY_END, ANSWER_DAYS):
        story.at(_story_moment(day, 10), partial(_answer_wave, day))
    for on_day, name, org, first, message in KUDOS:
        moment = _story_moment(datetime.date.fromisoformat(on_day), 15)
        story.at(moment, partial(_kudos, story, name, org, first, message))
    # After the early warnings, Castlegate's alliance manager calls a health check now: it is
    # still open when the story ends, waiting for her answers.
    final = _story_moment(STORY_END - datetime.timedelta(days=3), 9)
    story.at(final, partial(_check_now, story))


def _month_days(
    start: datetime.date, end: datetime.date, days: tuple[int, ...]
) -> list[datetime.date]:
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found += [
            datetime.date(year, month, d)
            for d in days
            if start <= datetime.date(year, month, d) <= end
        ]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _sweep() -> None:
    services.rounds_close_due()
    services.gate_rounds_open_due()
    services.rounds_open_due()
    services.reminders_send()


def _kudos(story: Story, name: str, org: str, first: str, message: str) -> None:
    plan = next(p for p in PLANS if p.name == name)
    services.kudos_give(actor=story.person(org, first), alliance=_alliance(plan), message=message)


def _check_now(story: Story) -> None:
    plan = next(p for p in PLANS if p.name == SLIDING)
    alliance, hannah = _alliance(plan), story.lead(PHARMA, plan)
    if (
        not Round.objects.unscoped()
        .filter(alliance=alliance, kind="health_check", status="open")
        .exists()
    ):
        services.round_start(actor=hannah, alliance=alliance, kind="health_check")
    _answer_wave(STORY_END, only_others_of=hannah)


# --- Answers ----------------------------------------------------------------------------------


def _answer_wave(day: datetime.date, only_others_of: Any = None) -> None:
    """Those who answer today, of every open round: most in the first days, the rest after the
    reminder; some never do (so now and then a small team falls under the threshold)."""
    waiting = (
        Respondent.objects.unscoped()
        .filter(round__status=Round.Status.OPEN, round__closes_at__gt=clock.now())
        .filter(has_answered=False)
        .select_related("round__alliance", "round_party__organisation", "user")
    )
    wording: dict[int, list[tuple[int, str]]] = {}
    for respondent in waiting:
        if respondent.user == only_others_of:
            continue
        rng = random.Random(f"{respondent.round_id}-{respondent.user_id}-{day}")  # noqa: S311 - repeatable demo
        small_team = respondent.round_party.invited <= 3
        if rng.random() < (0.9 if small_team else 0.5):
            version = respondent.round.version_id
            if version not in wording:  # versions never change: read each once per wave
                wording[version] = _statements(version)
            _answer(respondent, wording[version])


def _statements(version_id: int) -> list[tuple[int, str]]:
    """A version's statements and their dimension keys."""
    rows = Statement.objects.unscoped().filter(dimension__version=version_id)
    return list(rows.values_list("pk", "dimension__key"))


def _answer(respondent: Respondent, statements: list[tuple[int, str]]) -> None:
    round_ = respondent.round
    organisation = respondent.round_party.organisation.name
    scores = {
        pk: _score(round_, organisation, key, respondent.user_id, pk) for pk, key in statements
    }
    mood = sum(scores.values()) / len(scores)
    rng = random.Random(f"comment-{round_.pk}-{respondent.user_id}")  # noqa: S311 - repeatable demo
    tone = "good" if mood >= 3.8 else "mixed" if mood >= 3.0 else "bad"
    comment = rng.choice(COMMENTS[tone]) if rng.random() < 0.18 else ""
    internal = rng.choice(INTERNAL) if tone != "good" and rng.random() < 0.12 else ""
    services.response_submit(
        respondent=respondent, scores=scores, comment=comment, internal_comment=internal
    )


def _score(round_: Round, organisation: str, dimension: str, person: int, statement: int) -> int:
    """A person's answer: their side's current view of the dimension, their own slant, and an
    occasional change of mind; stable enough that only real shifts raise warnings."""
    base = _base(round_.alliance.name, organisation, dimension, round_.opens_at.date())
    slant = (zlib.crc32(f"{person}-{dimension}".encode()) % 7 - 3) / 10
    rng = random.Random(f"{round_.pk}-{person}-{statement}")  # noqa: S311 - repeatable demo
    jitter = rng.choice([-1, *[0] * 22, 1])
    return max(1, min(5, round(base + slant) + jitter))


def _base(alliance: str, organisation: str, dimension: str, when: datetime.date) -> float:
    """How a side sees a dimension at a moment: steady, except where the story says otherwise."""
    pharma = organisation == "Castlegate Pharma"
    base = 3.9 + (zlib.crc32(f"{alliance}-{organisation}".encode()) % 6) / 10
    if dimension == "fairness" and not pharma:
        base -= 0.2
    if dimension in ("governance", "decisions") and pharma:
        base -= 0.2
    if alliance == UNFAIR and not pharma and dimension in ("fairness", "delivery"):
        base = 3.0
    if alliance == SLIDING and not pharma:
        base = _sliding(base, dimension, _months_since(when, datetime.date(2025, 6, 1)))
    if alliance == SLIDING and pharma:
        base = max(base, 4.3)
    return base


def _sliding(base: float, dimension: str, months: float) -> float:
    """Tidewell's trust in Castlegate erodes from June 2025, faster once the scale-up gate stalls."""
    if months <= 0 or dimension not in ("trust", "communication", "governance", "decisions"):
        return max(base, 4.2)
    fall = 0.11 * months + (0.8 if months >= 17 else 0.0)  # the stalled gate in late 2026
    weight = 1.0 if dimension == "trust" else 0.5
    return max(1.6, 4.3 - fall * weight)


def _months_since(when: datetime.date, start: datetime.date) -> float:
    # The story's dates slide to end yesterday; measure against the story's own calendar.
    story_day = when - dates.shift()
    return (story_day - start).days / 30.4
