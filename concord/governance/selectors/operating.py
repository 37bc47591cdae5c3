"""The operating model's workstreams."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from concord.alliances.models import Alliance
from concord.governance.models import (
    Raci,
    Workstream,
)


def workstream_list(*, user: Any, alliance: Alliance) -> list[Workstream]:
    """The alliance's workstreams with each party's RACI letter."""
    return list(
        Workstream.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("committee")
        .prefetch_related(Prefetch("raci", queryset=Raci.objects.unscoped().order_by("party_id")))
    )


def workstream_get(*, user: Any, pk: int) -> Workstream:
    return Workstream.objects.visible_to(user).select_related("alliance").get(pk=pk)
