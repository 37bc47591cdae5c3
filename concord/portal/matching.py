"""How well a submission fits the areas a portal seeks: only dimensions that really match count.

Pure functions over plain values, so the services and the migration that recomputes the kept
scores work the score out the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea

# The four dimensions an area of interest is described by, in the order the reviewer reads them.
DIMENSIONS = (
    ("therapeutic_areas", "therapeutic_area", TherapeuticArea),
    ("modalities", "modality", Modality),
    ("stages", "stage", Stage),
    ("deal_types", "deal_type", DealType),
)
# The queue shows this many of the best matching areas; the rest are what the score ignores.
BEST_AREAS = 2


@dataclass
class Match:
    """A submission's score (0–100), the best areas explained, and the areas that route it."""

    score: int = 0
    explanation: list[dict[str, Any]] = field(default_factory=list)
    routed_area_ids: list[int] = field(default_factory=list)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def area_applies(area: Any, values: dict[str, str]) -> bool:
    """An area with therapeutic areas named speaks only for submissions in one of them."""
    return not area.therapeutic_areas or values["therapeutic_area"] in area.therapeutic_areas


def matched_labels(area: Any, values: dict[str, str]) -> list[str]:
    """The dimensions of the area the submission falls in (an open dimension matches nothing)."""
    if not area_applies(area, values):
        return []
    return [
        _label(choices, values[value_name])
        for area_field, value_name, choices in DIMENSIONS
        if values[value_name] in (getattr(area, area_field) or [])
    ]


def match(areas: Iterable[Any], values: dict[str, str]) -> Match:
    """Score a submission on the areas sought: the best area's share of matching dimensions.

    An area in another therapeutic area adds nothing, so a molecule outside every area sought
    scores 0; areas ruled out ("we do not seek") are listed when they apply, never scored.
    """
    sought: list[tuple[int, str, list[str]]] = []
    ruled_out: list[dict[str, Any]] = []
    routed: list[int] = []
    for area in areas:
        labels = matched_labels(area, values)
        if area.kind == "avoid":
            if labels:
                ruled_out.append({"area": area.title, "matched": labels, "ruled_out": True})
            continue
        if labels:
            routed.append(area.pk)
            sought.append((len(labels), area.title, labels))
    sought.sort(key=lambda entry: (-entry[0], entry[1]))
    best = [{"area": title, "matched": labels} for _, title, labels in sought[:BEST_AREAS]]
    score = round(100 * sought[0][0] / len(DIMENSIONS)) if sought else 0
    return Match(score, best + ruled_out, routed)


def values_of(submission: Any) -> dict[str, str]:
    """The submission's value on each dimension."""
    return {name: getattr(submission, name) for _, name, _ in DIMENSIONS}
