"""The quarterly portfolio review: every alliance in a line (status, attention, money, health,
next gate), the quarter's decisions, milestones and celebrations, and the alliances that need an
executive's help — read from the portfolio and every capability's review source, in scope.

Everything comes from the portfolio (`portfolio.portfolio`) and core's review registry, so the
pack shows exactly what the reader's organisation may see, in a number of queries that does not
grow with its alliances.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from concord.alliances.portfolio import Portfolio, PortfolioRow, portfolio
from concord.core import clock
from concord.core.portfolio import PortfolioColumn
from concord.core.review import KINDS, ReviewEntry, review_entries

# An alliance needs an executive's help when the parties have escalated something still open,
# or when its attention score reaches this (with the default weights: two overdue deliveries
# owed to us and a committee a month behind its cadence).
HELP_SCORE = Decimal(10)
HELP_FLAG = "escalation"
QUARTERS_OFFERED = 8  # the quarter picker goes back two years
QUARTER = re.compile(r"^(?P<year>\d{4})-?Q(?P<quarter>[1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: 2026-Q4 runs from 1 October to 31 December 2026."""

    year: int
    number: int

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """`2026-Q4` (or `2026Q4`) as a quarter; None for anything else."""
        found = QUARTER.match(text.strip())
        if found is None or not 2000 <= int(found["year"]) <= 2100:
            return None
        return cls(int(found["year"]), int(found["quarter"]))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        after = Quarter(self.year + self.number // 4, self.number % 4 + 1).start
        return after - datetime.timedelta(days=1)

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year} ({self.start:%-d %b} – {self.end:%-d %b %Y})"


def current_quarter() -> Quarter:
    return Quarter.of(clock.today())


def quarters_offered(today: datetime.date | None = None) -> list[Quarter]:
    """The current quarter and the ones before it, newest first, for the picker."""
    quarter = Quarter.of(today or clock.today())
    offered = []
    for _ in range(QUARTERS_OFFERED):
        offered.append(quarter)
        quarter = quarter.previous()
    return offered


@dataclass
class ReviewSection:
    """The quarter's entries of one kind, each beside its alliance's name."""

    kind: str
    label: str
    entries: list[tuple[ReviewEntry, str]]


@dataclass
class ReviewPack:
    """The quarterly portfolio review of one organisation, as the page, PDF and XLSX show it."""

    quarter: Quarter
    portfolio: Portfolio
    needs_help: list[PortfolioRow]
    sections: list[ReviewSection]
    generated_at: datetime.datetime

    @property
    def rows(self) -> list[PortfolioRow]:
        return self.portfolio.rows


def needs_help(row: PortfolioRow) -> bool:
    """Whether an alliance is one to bring to an executive (see HELP_SCORE)."""
    return HELP_FLAG in row.facts.flags or row.score >= HELP_SCORE


def review_pack(*, user: Any, quarter: Quarter) -> ReviewPack:
    """The organisation's review of `quarter`: its alliances as they stand and the quarter's record."""
    found = portfolio(user=user)  # sorted by attention, most first
    names = {row.alliance.pk: row.alliance.name for row in found.rows}
    entries = review_entries(user, list(names), quarter.start, quarter.end)
    sections = [
        ReviewSection(kind, label, [(e, names[e.alliance_id]) for e in entries[kind]])
        for kind, label in KINDS.items()
    ]
    return ReviewPack(
        quarter=quarter,
        portfolio=found,
        needs_help=[row for row in found.rows if needs_help(row)],
        sections=sections,
        generated_at=clock.now(),
    )


# The portfolio's columns the review shows when a capability fills them: health, money due both
# ways in the next 90 days and the next gate. The rest stays on the portfolio page.
REVIEW_COLUMN_KEYS = ("health", "gap", "money_to_us", "money_from_us", "pending_gate")


def review_columns(pack: ReviewPack) -> list[PortfolioColumn]:
    return [c for c in pack.portfolio.columns if c.key in REVIEW_COLUMN_KEYS]


def review_sheets(pack: ReviewPack) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The pack as workbook sheets: the alliances, those needing help, then each kind of entry."""
    columns = review_columns(pack)
    header = ["Alliance", "Tier", "Phase", "Status", "Partners", "Owner", "Attention", "Reasons"]
    header += [c.label for c in columns]

    def line(row: PortfolioRow) -> list[Any]:
        alliance = row.alliance
        return [
            alliance.name,
            alliance.get_tier_display(),
            alliance.get_phase_display(),
            alliance.get_status_display(),
            "; ".join(row.partners),
            row.owner.get_full_name() if row.owner else "",
            row.score,
            "; ".join(row.reasons),
            *[_exact(row.value(c.key)) for c in columns],
        ]

    sheets = [
        (f"Alliances {pack.quarter}", header, [line(r) for r in pack.rows]),
        ("Need an executive", header, [line(r) for r in pack.needs_help]),
    ]
    for section in pack.sections:
        entries = [[e.on, name, e.title, e.detail] for e, name in section.entries]
        sheets.append((section.label, ["Date", "Alliance", section.label[:-1], "Detail"], entries))
    return sheets


def _exact(value: Any) -> Any:
    """A cell as a spreadsheet wants it: numbers and moments as they are, the rest as text."""
    if value is None or isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    return str(value)
