"""Reads of amendments: the history of each agreed term's versions, and what can be amended."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from concord.alliances.models import Alliance
from concord.deals.models import (
    Amendment,
    AmendmentAct,
    BuyOption,
    CostWorkstream,
    Milestone,
    RoyaltyTerm,
    Tranche,
)
from concord.deals.services.amendments import TERMS, subject_label

Term = Amendment.Term


def amendment_list(*, user: Any, alliance: Alliance) -> QuerySet[Amendment]:
    """The alliance's amendments, newest first, with each party's act on them."""
    acts = AmendmentAct.objects.visible_to(user).select_related("party__organisation", "by")
    return (
        Amendment.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("alliance", "proposing_party__organisation", "proposed_by", "closed_by")
        .prefetch_related(Prefetch("acts", queryset=acts))
    )


def amendment_get(*, user: Any, pk: int) -> Amendment:
    """One amendment the user may see (else 404)."""
    return (
        Amendment.objects.visible_to(user)
        .select_related("alliance", "proposing_party__organisation")
        .get(pk=pk)
    )


@dataclass
class AmendmentRow:
    """An amendment with its values in words and, once approved, the term's version it made."""

    amendment: Amendment
    old_display: str
    new_display: str
    version: int | None = None
    # The page's own signed answer forms for a pending amendment (views/amendments.py).
    approve_form: Any = None
    reject_form: Any = None

    def __getattr__(self, name: str) -> Any:
        """The amendment's own fields, read through the row (as the API's schema does)."""
        if name.startswith("__") or name == "amendment":
            raise AttributeError(name)
        return getattr(self.amendment, name)


@dataclass
class SubjectCache:
    """The terms' records the history names, read once each through visible_to."""

    user: Any
    found: dict[tuple[type[Any], int], Any] = field(default_factory=dict)

    def get(self, model: type[Any], pk: int) -> Any:
        key = (model, pk)
        if key not in self.found:
            self.found[key] = model.objects.visible_to(self.user).filter(pk=pk).first()
        return self.found[key]


def amendment_rows(*, user: Any, amendments: Any) -> list[AmendmentRow]:
    """Each amendment with old and new values in words; approved ones numbered as the versions
    of their term (version 1 is the term as signed)."""
    cache, rows = SubjectCache(user), []
    approved: dict[tuple[str, int], list[Amendment]] = defaultdict(list)
    amendments = list(amendments)
    for amendment in amendments:
        if amendment.status == Amendment.Status.APPROVED:
            approved[(amendment.term, amendment.subject_id)].append(amendment)
    numbers = {}
    for versions in approved.values():
        for number, amendment in enumerate(sorted(versions, key=lambda a: a.effective_from), 2):
            numbers[amendment.pk] = number
    for amendment in amendments:
        spec = TERMS[amendment.term]
        subject = cache.get(spec.model, amendment.subject_id)

        def show(value: Any, spec: Any = spec, subject: Any = subject) -> str:
            return spec.show(subject, value) if subject is not None else str(value)

        rows.append(
            AmendmentRow(
                amendment,
                show(amendment.old_value),
                show(amendment.new_value),
                numbers.get(amendment.pk),
            )
        )
    return rows


def amendment_history(*, user: Any, alliance: Alliance) -> list[AmendmentRow]:
    """The alliance's amendments as both parties see them: pending first, then newest first."""
    rows = amendment_rows(user=user, amendments=amendment_list(user=user, alliance=alliance))
    return sorted(rows, key=lambda r: not r.amendment.is_pending)


def amendment_row(*, user: Any, pk: int) -> AmendmentRow:
    """One amendment as the history shows it."""
    amendment = amendment_get(user=user, pk=pk)
    same_term = amendment_list(user=user, alliance=amendment.alliance).filter(
        term=amendment.term, subject_id=amendment.subject_id
    )
    return next(r for r in amendment_rows(user=user, amendments=same_term) if r.pk == pk)


@dataclass(frozen=True)
class AmendableTerm:
    """One agreed term an amendment can change: the choice on the proposal form."""

    term: str
    subject_id: int
    label: str
    current: str

    @property
    def key(self) -> str:
        return f"{self.term}:{self.subject_id}"


def amendable_terms(*, user: Any, alliance: Alliance) -> list[AmendableTerm]:
    """Every agreed term of the deal still open to change, with its value as it stands."""
    scoped = {
        Milestone: Milestone.objects.visible_to(user).filter(
            alliance=alliance, status=Milestone.Status.PENDING
        ),
        RoyaltyTerm: RoyaltyTerm.objects.visible_to(user).filter(alliance=alliance),
        BuyOption: BuyOption.objects.visible_to(user).filter(
            alliance=alliance, status=BuyOption.Status.OPEN
        ),
        Tranche: Tranche.objects.visible_to(user).filter(
            alliance=alliance, status=Tranche.Status.LOCKED
        ),
        CostWorkstream: CostWorkstream.objects.visible_to(user).filter(alliance=alliance),
    }
    records = {model: list(rows) for model, rows in scoped.items()}
    terms = []
    for term, spec in TERMS.items():
        for record in records[spec.model]:
            sales_only = term in (Term.MILESTONE_THRESHOLD, Term.MILESTONE_RULE)
            if sales_only and getattr(record, "event", "") != Milestone.Event.NET_SALES:
                continue
            label = f"{Term(term).label}: {subject_label(record)}"
            terms.append(
                AmendableTerm(term, record.pk, label, spec.show(record, spec.read(record)))
            )
    return terms
