"""Reads for the portfolio (the alliance list as a command centre) and alliances' own parts of
Today and the portfolio: invitations and gates to answer, owner, pending gate, last activity.

Every read goes through `visible_to`; the number of queries does not grow with the alliances.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse

from concord.alliances.models import (
    PHASE_ORDER,
    Alliance,
    AttentionSettings,
    Gate,
    GateSignoff,
    Party,
    Programme,
    SavedPortfolioView,
    TeamMember,
)
from concord.core import clock
from concord.core.models import AuditEvent
from concord.core.portfolio import (
    AttentionFactor,
    PortfolioColumn,
    PortfolioFacts,
    Reason,
    attention_factors,
    attention_score,
    default_weights,
    portfolio_columns,
    portfolio_facts,
    portfolio_flags,
)
from concord.core.tenancy import organisation_of
from concord.core.today import FLAG, TodayItem, count_days
from concord.orgs.models import Membership, Organisation, User

GATE_WAIT_DAYS = 14  # a gate left unanswered by us longer than this is a reason for attention
OWNER_ROLES = (TeamMember.Role.LEAD, TeamMember.Role.ALLIANCE_MANAGER)

COLUMNS = [
    PortfolioColumn("pending_gate", "Pending gate", order=60),
    PortfolioColumn("last_activity", "Last activity", order=90),
]
FACTORS = [
    AttentionFactor("gate_waiting", "Gate awaiting our answer (per fortnight)", Decimal(2)),
]
FLAGS = {"gate": "Gate pending"}


# --- Today -----------------------------------------------------------------------------------


def today_items(user: Any) -> Iterable[TodayItem]:
    """Invitations to answer (managers) and pending gates awaiting our sign-off (signers)."""
    membership: Membership | None = getattr(user, "membership", None)
    org = organisation_of(user)
    if membership is None or not membership.is_active or org is None:
        return []
    items: list[TodayItem] = []
    if membership.can_manage_alliances:
        invitations = (
            Party.objects.visible_to(user)
            .filter(organisation=org, status=Party.Status.INVITED)
            .select_related("alliance", "invited_by")
        )
        items += [_invitation_item(p) for p in invitations]
    if membership.can_sign_gates:
        items += [_gate_item(g) for g in _gates_awaiting(user, org)]
    return items + [_waiting_item(g) for g in _gates_waiting_on_partners(user, org)]


def _gates_awaiting(user: Any, org: Organisation) -> QuerySet[Gate]:
    joined = Party.objects.visible_to(user).filter(organisation=org, status=Party.Status.ACCEPTED)
    answered = GateSignoff.objects.unscoped().filter(gate=OuterRef("pk"), party__organisation=org)
    return (
        Gate.objects.visible_to(user)
        .filter(status=Gate.Status.PENDING, alliance_id__in=joined.values("alliance_id"))
        .exclude(Exists(answered))
        .select_related("alliance", "proposing_party__organisation")
    )


def _gates_waiting_on_partners(user: Any, org: Organisation) -> QuerySet[Gate]:
    """Gates our party proposed on alliances the person leads or manages, still pending."""
    return (
        Gate.objects.visible_to(user)
        .filter(status=Gate.Status.PENDING, proposing_party__organisation=org)
        .filter(alliance_id__in=alliances_in_role(user=user))
        .select_related("alliance")
    )


def _waiting_item(gate: Gate) -> TodayItem:
    waiting = (clock.today() - gate.created_at.date()).days
    return TodayItem(
        kind="gate",
        title=f"Waiting on the partner: gate {gate}",
        why=f"Your organisation proposed it {count_days(waiting)} ago; a partner has yet to sign it.",
        url=reverse("alliances:alliance-detail", args=[gate.alliance_id]) + "#gate",
        section=FLAG,
        alliance_id=gate.alliance_id,
        alliance_name=gate.alliance.name,
        due=gate.created_at.date(),
    )


def _invitation_item(party: Party) -> TodayItem:
    return TodayItem(
        kind="invitation",
        title=f"Invitation to join {party.alliance.name}",
        why=f"{party.invited_by or 'A partner'} invited your organisation; accept or decline it.",
        url=reverse("alliances:alliance-detail", args=[party.alliance_id]),
        action="Answer",
        alliance_id=party.alliance_id,
        alliance_name=party.alliance.name,
        due=party.invited_at.date(),
    )


def _gate_item(gate: Gate) -> TodayItem:
    waiting = (clock.today() - gate.created_at.date()).days
    return TodayItem(
        kind="gate",
        title=f"Gate {gate}",
        why=f"{gate.proposing_party.organisation} proposed it {count_days(waiting)} ago; "
        "your organisation has not signed it yet.",
        url=reverse("alliances:alliance-detail", args=[gate.alliance_id]) + "#gate",
        action="Sign",
        alliance_id=gate.alliance_id,
        alliance_name=gate.alliance.name,
        due=gate.created_at.date(),
    )


# --- Alliances' columns and reasons ---------------------------------------------------------


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """Pending gate and last activity (from every capability's audit events) per alliance."""
    facts = {pk: PortfolioFacts() for pk in alliance_ids}
    # Per alliance its latest event the user may see, walked down the (alliance, created_at)
    # index: a MAX over every event would read the whole trail (100,000 rows at 150 alliances).
    latest = (
        AuditEvent.objects.visible_to(user)
        .filter(alliance=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    last = (
        Alliance.objects.visible_to(user)
        .filter(pk__in=alliance_ids)
        .annotate(at=Subquery(latest))
        .values_list("pk", "at")
    )
    for pk, at in last:
        if at is not None:
            facts[pk].values["last_activity"] = at
    org = organisation_of(user)
    ours = GateSignoff.objects.unscoped().filter(gate=OuterRef("pk"), party__organisation=org)
    gates = (
        Gate.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, status=Gate.Status.PENDING)
        .annotate(answered=Exists(ours))
    )
    for gate in gates:
        days = (clock.today() - gate.created_at.date()).days
        entry = facts[gate.alliance_id]
        entry.values["pending_gate"] = f"{gate} ({days} d)"
        entry.flags.add("gate")
        if not gate.answered and days > GATE_WAIT_DAYS:
            entry.reasons.append(
                Reason("gate_waiting", f"gate awaiting our answer {days} days", _per(days, 14))
            )
    return facts


def _per(days: int, period: int) -> Decimal:
    return (Decimal(days) / period).quantize(Decimal("0.1"))


# --- The portfolio ----------------------------------------------------------------------------

SORTS = ("attention", "name", "tier", "phase", "activity")
# The query-string keys of the portfolio's filters and sort (page, API and saved views).
FILTER_KEYS = ("search", "tier", "phase", "area", "partner", "owner", "flag", "sort")


@dataclass
class PortfolioFilters:
    """What the portfolio is narrowed and ordered by (the page's and the API's query)."""

    tier: list[str] = field(default_factory=list)
    phase: list[str] = field(default_factory=list)
    area: list[str] = field(default_factory=list)
    partner: int | None = None
    owner: int | None = None
    flag: str = ""
    search: str = ""
    sort: str = "attention"


@dataclass
class PortfolioRow:
    """One alliance of the portfolio, with every capability's columns and reasons."""

    alliance: Alliance
    partners: list[str]
    owner: User | None
    facts: PortfolioFacts
    score: Decimal
    # The portfolio's columns, sorted once for all its rows.
    columns: list[PortfolioColumn] = field(default_factory=portfolio_columns)

    @property
    def reasons(self) -> list[str]:
        return [r.text for r in self.facts.reasons]

    def value(self, key: str) -> Any:
        return self.facts.values.get(key)

    @property
    def cells(self) -> list[Any]:
        return [self.facts.values.get(c.key) for c in self.columns]

    @property
    def labelled_cells(self) -> list[tuple[PortfolioColumn, Any]]:
        return [(c, self.facts.values.get(c.key)) for c in self.columns]


@dataclass
class Portfolio:
    rows: list[PortfolioRow]
    columns: list[PortfolioColumn]
    flags: dict[str, str]
    weights: dict[str, Decimal]


def attention_weights(*, user: Any) -> dict[str, Decimal]:
    """The organisation's weights, each factor it has not set at its default."""
    weights = default_weights()
    saved = AttentionSettings.objects.visible_to(user).first()
    if saved is not None:
        weights.update({code: Decimal(w) for code, w in saved.weights.items() if code in weights})
    return weights


def portfolio(*, user: Any, filters: PortfolioFilters | None = None) -> Portfolio:
    """Every alliance the organisation is a party to, filtered, scored and sorted."""
    filters = filters or PortfolioFilters()
    alliances: list[Any] = list(_filtered(user, filters))  # with `listed_parties`
    ids = [a.pk for a in alliances]
    facts = portfolio_facts(user, ids)
    owners = _owners(user, ids)
    weights = attention_weights(user=user)
    own = getattr(organisation_of(user), "pk", None)
    columns = portfolio_columns()
    rows = [
        PortfolioRow(
            alliance=a,
            partners=[p.organisation.name for p in a.listed_parties if p.organisation_id != own],
            owner=owners.get(a.pk),
            facts=facts[a.pk],
            score=attention_score(facts[a.pk].reasons, weights),
            columns=columns,
        )
        for a in alliances
    ]
    if filters.flag:
        rows = [r for r in rows if filters.flag in r.facts.flags]
    rows.sort(key=_sort_key(filters.sort))
    return Portfolio(rows, columns, portfolio_flags(), weights)


def _filtered(user: Any, filters: PortfolioFilters) -> QuerySet[Alliance]:
    alliances = Alliance.objects.visible_to(user)
    if filters.tier:
        alliances = alliances.filter(tier__in=filters.tier)
    if filters.phase:
        alliances = alliances.filter(phase__in=filters.phase)
    if filters.search.strip():
        alliances = alliances.filter(name__icontains=filters.search.strip())
    programmes = Programme.objects.visible_to(user)
    if filters.area:
        alliances = alliances.filter(
            pk__in=programmes.filter(therapeutic_area__in=filters.area).values("alliance_id")
        )
    parties = Party.objects.visible_to(user).filter(status__in=Party.VISIBLE_STATUSES)
    if filters.partner:
        alliances = alliances.filter(
            pk__in=parties.filter(organisation_id=filters.partner).values("alliance_id")
        )
    if filters.owner:
        owned = _own_owners(user).filter(user_id=filters.owner)
        alliances = alliances.filter(pk__in=owned.values("party__alliance_id"))
    return alliances.prefetch_related(
        Prefetch(
            "parties", queryset=parties.select_related("organisation"), to_attr="listed_parties"
        )
    )


def _own_owners(user: Any) -> QuerySet[TeamMember]:
    """The user's organisation's leads and alliance managers on its alliances' teams."""
    return TeamMember.objects.visible_to(user).filter(
        party__organisation=organisation_of(user), role__in=OWNER_ROLES
    )


def _owners(user: Any, alliance_ids: list[int]) -> dict[int, User]:
    """Per alliance, who owns it on our side: our lead, else our alliance manager."""
    places = (
        _own_owners(user)
        .filter(party__alliance_id__in=alliance_ids)
        .select_related("user", "party")
    )
    ranked = sorted(places, key=lambda t: (OWNER_ROLES.index(t.role), t.pk))
    owners: dict[int, User] = {}
    for place in ranked:
        owners.setdefault(place.party.alliance_id, place.user)
    return owners


def _sort_key(sort: str) -> Any:
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    keys: dict[str, Any] = {
        "attention": lambda r: (-r.score, r.alliance.name.lower()),
        "name": lambda r: r.alliance.name.lower(),
        "tier": lambda r: (Alliance.Tier.values.index(r.alliance.tier), r.alliance.name.lower()),
        "phase": lambda r: (PHASE_ORDER.index(r.alliance.phase), r.alliance.name.lower()),
        "activity": lambda r: (-(r.value("last_activity") or epoch).timestamp(), r.alliance.pk),
    }
    return keys.get(sort, keys["attention"])


def portfolio_owners(*, user: Any) -> list[User]:
    """The organisation's people who lead or manage one of its alliances, for the owner filter."""
    owners = _own_owners(user).values("user_id")
    return list(User.objects.filter(pk__in=owners).order_by("first_name", "last_name"))


def portfolio_partners(*, user: Any) -> list[Organisation]:
    """The organisations sharing an alliance with the user's, for the partner filter."""
    parties = Party.objects.visible_to(user).filter(status__in=Party.VISIBLE_STATUSES)
    org = organisation_of(user)
    partners = Organisation.objects.filter(pk__in=parties.values("organisation_id"))
    if org is not None:
        partners = partners.exclude(pk=org.pk)
    return list(partners.order_by("name"))


def alliances_in_role(
    *, user: Any, roles: Iterable[str] = OWNER_ROLES
) -> Any:  # a values() queryset of `party__alliance_id`
    """The ids (as `party__alliance_id` values) of the alliances on whose team the person holds
    one of these roles: whose Today an alliance-wide item belongs on."""
    return (
        TeamMember.objects.visible_to(user)
        .filter(user=user, role__in=list(roles), party__status=Party.Status.ACCEPTED)
        .values("party__alliance_id")
    )


def saved_views(*, user: Any) -> QuerySet[SavedPortfolioView]:
    """The person's own saved views of the portfolio, by name."""
    return SavedPortfolioView.objects.visible_to(user)


def saved_view_get(*, user: Any, pk: int) -> SavedPortfolioView:
    """One of the person's saved views; anyone else's does not exist for them (404)."""
    return saved_views(user=user).get(pk=pk)


@dataclass(frozen=True)
class AttentionLine:
    """One reason of an alliance's attention score with what it adds: units × weight."""

    reason: Reason
    factor: str  # the factor's label, as on the weights form
    weight: Decimal
    points: Decimal


@dataclass
class AttentionExplained:
    """An alliance's attention score as the portfolio ranks it, reason by reason."""

    alliance: Alliance
    score: Decimal
    lines: list[AttentionLine]


def attention_explained(*, user: Any, alliance: Alliance) -> AttentionExplained:
    """Why the portfolio ranks an alliance where it does, with the organisation's weights."""
    reasons = portfolio_facts(user, [alliance.pk])[alliance.pk].reasons
    weights = attention_weights(user=user)
    labels = {f.code: f.label for f in attention_factors()}
    lines = [
        AttentionLine(
            reason=r,
            factor=labels.get(r.code, r.code),
            weight=weights.get(r.code, Decimal(1)),
            points=(r.units * weights.get(r.code, Decimal(1))).quantize(Decimal("0.1")),
        )
        for r in reasons
    ]
    lines.sort(key=lambda line: -line.points)
    return AttentionExplained(alliance, attention_score(reasons, weights), lines)
