"""What the benchmark's generators share: names, sentences, the portfolio and cast they
return, and the audit events they write with a valid hash chain."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from concord.alliances.models import (
    Alliance,
    Gate,
    GateSignoff,
    Note,
    Party,
    PhaseTransition,
    Programme,
    TeamMember,
)
from concord.core.models import GENESIS_HASH, AuditEvent, AuditHead
from concord.orgs.models import Membership, Organisation, User
from concord.portal.models import (
    Message,
    Review,
    Submission,
)

PASSWORD = "bench-password"
HISTORY = datetime.timedelta(days=3 * 365)

PREFIXES = (
    "Aster Birch Cinder Dunmore Elder Fjord Garnet Heron Ivybridge Juniper Kestrel Linden Marram "
    "Nettle Osprey Peregrine Quarry Rowan Saltmarsh Thistle Umber Vireo Willow Yarrow Zephyr "
    "Alder Bracken Corrie Dovecote Ember Fallow Gorse Hazel Inkwell Jetty Kelp Lark Mistral"
).split()
FIRST_NAMES = (
    "Ada Bilal Chloe Dmitri Esther Farid Greta Hugo Ines Jamal Keiko Luis Mira Nikhil Olga Pablo "
    "Qing Rhea Stefan Tariq Una Viktor Wen Ximena Yusuf Zara"
).split()
LAST_NAMES = (
    "Abara Bjork Castell Drummond Eze Falk Gallo Hartmann Iqbal Jansen Kowalski Lindgren Mbeki "
    "Novak Oyelaran Petit Quinlan Rasmussen Sato Tembo Ueda Varga Whitlock Xu Yilmaz Zamora"
).split()
SENTENCES = (
    "The project team reviewed the latest data package and agreed next steps.",
    "Enrolment is tracking slightly behind plan at two sites; mitigation agreed.",
    "Finance confirmed the cost-share true-up for the quarter.",
    "CMC raised a risk on the drug substance campaign; a backup slot is booked.",
    "The joint steering committee approved the revised development plan.",
    "Both sides agreed to bring the publication plan to the next meeting.",
    "Legal is reviewing the amendment to the data-sharing schedule.",
    "The toxicology report is final and in the joint data room.",
    "Action items from the last meeting are closed except one, now due next month.",
    "The partner asked for earlier sight of the protocol amendments; agreed.",
    "Internal view: the relationship is healthy, but decision speed must improve.",
    "Resourcing for the next phase is confirmed on both sides.",
)


@dataclass
class Portfolio:
    """What the benchmark needs from the generated data."""

    pharma_manager: User
    focus_alliance_id: int
    rows: dict[str, int]
    seconds: float
    submissions: int = 0
    # What each later capability's generator added (see bench/run.py's extensions()): sizes the
    # cases report by (their `per`), and the ids their URLs need.
    measures: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def pharma_alliance_ids(self) -> list[int]:
        """The alliances the measured pharma has joined, in id order: what each capability's
        generator adds its records to."""
        return sorted(
            Party.objects.unscoped()
            .filter(organisation=self.pharma_manager.membership.organisation)
            .filter(status=Party.Status.ACCEPTED)
            .values_list("alliance_id", flat=True)
        )


@dataclass
class Cast:
    """The organisations and their people, by organisation."""

    pharma: Organisation
    partners: list[Organisation]
    people: dict[int, list[Membership]]


class _Recorder:
    """Collects the audit events of one alliance."""

    def __init__(
        self, alliance: Alliance, events: list[tuple[datetime.datetime, dict[str, Any]]]
    ) -> None:
        self.alliance, self.events = alliance, events
        self.mine: list[tuple[datetime.datetime, str]] = []

    def add(
        self,
        when: datetime.datetime,
        actor: User,
        org_id: int,
        obj_type: str,
        obj_id: int,
        action: str,
        visibility: str = "shared",
        after: dict[str, Any] | None = None,
    ) -> None:
        summary = f"{actor} {action.split('.')[-1].replace('_', ' ')} {obj_type} {obj_id}"
        event = _event(actor, org_id, self.alliance.pk, obj_type, obj_id, action, summary)
        event.update(visibility=visibility, after=after)
        self.events.append((when, event))
        self.mine.append((when, action))


# --- The audit chain -------------------------------------------------------------------------


def _event(
    actor: User,
    org_id: int,
    alliance_id: int | None,
    obj_type: str,
    obj_id: int,
    action: str,
    summary: str,
) -> dict[str, Any]:
    return {
        "actor": actor,
        "actor_label": actor.get_full_name(),
        "organisation_id": org_id,
        "alliance_id": alliance_id,
        "object_type": obj_type,
        "object_id": str(obj_id),
        "action": action,
        "summary": summary[:300],
        "visibility": "shared",
    }


def _chain(events: list[tuple[datetime.datetime, dict[str, Any]]]) -> None:
    """Number the events in time order, link each to the one before (the chain's head, if the
    chain has begun), and move the head."""
    events.sort(key=lambda e: e[0])
    head = AuditHead.objects.filter(pk=1).first()
    start, prev = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    rows = []
    for seq, (when, fields) in enumerate(events, start=start + 1):
        event = AuditEvent(seq=seq, created_at=when, request_id="", prev_hash=prev, **fields)
        event.hash = prev = event.compute_hash()
        rows.append(event)
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    AuditHead.objects.update_or_create(
        pk=1, defaults={"last_seq": start + len(rows), "last_hash": prev}
    )


def _counts() -> dict[str, int]:
    models = [Organisation, User, Membership, Alliance, Party, TeamMember, Programme, Gate]
    models += [GateSignoff, PhaseTransition, Note, Submission, Review, Message, AuditEvent]
    return {
        m.__name__: m._base_manager.count()  # the plain manager: a system count, no tenant scope
        for m in models
    }
