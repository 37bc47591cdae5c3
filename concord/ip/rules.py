"""The register's rules, as pure functions over rows already read: who owns an invention, the
deadlines its filings set, and whether a use is licensed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from concord.ip.models import (
    NATIONAL_PHASE_MONTHS,
    PCT_MONTHS,
    Disclosure,
    Filing,
    Inventor,
    IpAsset,
    Licence,
    Use,
    add_months,
)


def owners(
    disclosure: Disclosure, inventors: Iterable[Inventor], parties: Iterable[int]
) -> list[int]:
    """The parties owning an invention: every party (joint), the named one (assigned), or each
    inventor's party (by inventorship — two parties' inventors make it theirs jointly)."""
    if disclosure.rule == Disclosure.Rule.JOINT:
        return sorted(parties)
    if disclosure.rule == Disclosure.Rule.ASSIGNED:
        return [disclosure.assigned_party_id] if disclosure.assigned_party_id else []
    return sorted({inventor.party_id for inventor in inventors})


@dataclass(frozen=True)
class Deadline:
    """A date a filing sets for what must follow it."""

    disclosure: Disclosure
    what: str
    due: datetime.date


def deadlines(disclosure: Disclosure, filings: Sequence[Filing]) -> list[Deadline]:
    """From the earliest priority filing: PCT or foreign filings within 12 months, national phase
    at 30 months. A deadline met by a later filing of that kind is not listed."""
    priority = min((f.filed_on for f in filings if f.kind == Filing.Kind.PRIORITY), default=None)
    if priority is None:
        return []
    found = []
    if not any(f.kind == Filing.Kind.PCT for f in filings):
        found.append(
            Deadline(disclosure, "PCT or foreign filing", add_months(priority, PCT_MONTHS))
        )
    if not any(f.kind == Filing.Kind.NATIONAL and f.filed_on > priority for f in filings):
        found.append(
            Deadline(
                disclosure, "PCT national phase entry", add_months(priority, NATIONAL_PHASE_MONTHS)
            )
        )
    return found


@dataclass(frozen=True)
class UseAnswer:
    """Whether a use is licensed, and the right it rests on (or why not)."""

    licensed: bool
    reason: str
    licence: Licence | None = None


def _codes(text: str) -> set[str]:
    return {part.strip().upper() for part in text.split(",") if part.strip()}


def _covers(licence: Licence, field: str, territory: str, use: str) -> bool:
    if licence.use != Use.BOTH and licence.use != use:
        return False
    if licence.field and field.strip().casefold() != licence.field.strip().casefold():
        return False
    return not licence.territories or territory.strip().upper() in _codes(licence.territories)


def may_use(
    *,
    thing: IpAsset | Disclosure,
    party_id: int,
    owner_ids: Iterable[int],
    licences: Iterable[Licence],
    field: str,
    territory: str,
    use: str,
    on: datetime.date,
) -> UseAnswer:
    """May `party_id` use `thing` in this field and territory, for this use, on this day?"""
    if party_id in set(owner_ids):
        return UseAnswer(True, "Your party owns it.")
    matching = [
        licence
        for licence in licences
        if licence.licensee_party_id == party_id and _covers(licence, field, territory, use)
    ]
    live = [licence for licence in matching if licence.until is None or licence.until >= on]
    if live:
        licence = live[0]
        scope = "exclusive" if licence.exclusive else "non-exclusive"
        return UseAnswer(True, f"Licensed ({scope}, {licence.get_use_display().lower()}).", licence)
    if matching:
        last = max(matching, key=lambda licence: licence.until or on)
        return UseAnswer(
            False, f"The licence for this use expired on {last.until:%-d %b %Y}.", last
        )
    return UseAnswer(False, "No licence covers this use.")
