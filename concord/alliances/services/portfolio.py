"""The organisation's weights for the portfolio's attention score, and each person's saved views
of the portfolio."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import QueryDict

from concord.alliances.acting import active_membership
from concord.alliances.models import AttentionSettings, SavedPortfolioView
from concord.alliances.portfolio import FILTER_KEYS
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.portfolio import attention_factors
from concord.core.tenancy import PRIVATE
from concord.orgs.models import User

MAX_WEIGHT = Decimal(100)


@transaction.atomic
def attention_weights_update(*, actor: User, weights: dict[str, Any]) -> AttentionSettings:
    """Set the organisation's weight for each attention factor (admins only); 0 ignores one."""
    membership = active_membership(actor)
    if not membership.is_admin:
        raise forbidden("Only your organisation's admins can change the attention weights.")
    known = {f.code for f in attention_factors()}
    cleaned: dict[str, str] = {}
    for code, raw in weights.items():
        if code not in known:
            raise invalid(code, "This is not a factor of the attention score.")
        try:
            weight = Decimal(str(raw))
        except InvalidOperation:
            raise invalid(code, "Enter a number.") from None
        if not weight.is_finite() or not Decimal(0) <= weight <= MAX_WEIGHT:
            raise invalid(code, f"A weight is between 0 and {MAX_WEIGHT}.")
        cleaned[code] = str(weight.quantize(Decimal("0.01")))
    settings, _ = AttentionSettings.objects.unscoped().get_or_create(
        organisation=membership.organisation
    )
    before = dict(settings.weights)
    settings.weights = {**before, **cleaned}
    settings.updated_by, settings.updated_at = actor, clock.now()
    settings.save()
    audit_record(
        actor=actor,
        action="alliances.attention_weights_updated",
        obj=settings,
        organisation=membership.organisation,
        summary=f"{actor} changed the portfolio's attention weights",
        before=before,
        after=settings.weights,
    )
    return settings


SAVED_VIEWS_PER_PERSON = 50  # a list to pick from, not an archive


@transaction.atomic
def saved_view_save(*, actor: User, name: str, query: str) -> SavedPortfolioView:
    """Keep the portfolio's current filters and sort under a name, private to the person; a
    name they have used before now holds these filters instead."""
    membership = active_membership(actor)
    name = " ".join(name.split())
    if not name:
        raise invalid("name", "Name the view.")
    if len(name) > 80:
        raise invalid("name", "A name of at most 80 characters.")
    if len(query) > 1000:
        raise invalid("query", "These filters are too long to keep.")
    kept = _known_filters(query)
    views = SavedPortfolioView.objects.visible_to(actor)
    saved = views.select_for_update(of=("self",)).filter(name=name).first()
    if saved is None and views.count() >= SAVED_VIEWS_PER_PERSON:
        raise invalid("name", f"You keep {SAVED_VIEWS_PER_PERSON} views at most: delete one first.")
    before = {"query": saved.query} if saved else None
    if saved is None:
        saved = SavedPortfolioView(organisation=membership.organisation, user=actor, name=name)
    saved.query = kept
    saved.save()
    audit_record(
        actor=actor,
        action="alliances.saved_view_saved",
        obj=saved,
        organisation=membership.organisation,
        summary=f"{actor} saved the portfolio view “{name}”",
        before=before,
        after={"name": name, "query": kept},
        visibility=PRIVATE,  # a person's own view is nothing the partners need to know of
    )
    return saved


def _known_filters(query: str) -> str:
    """Only the portfolio's filters and sort, each with a value: nothing else is kept."""
    asked = QueryDict(query)
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        values = [v.strip() for v in asked.getlist(key) if v.strip()]
        if values:
            kept.setlist(key, values)
    return kept.urlencode()


@transaction.atomic
def saved_view_delete(*, actor: User, saved_view: SavedPortfolioView) -> None:
    """Forget one of the person's saved views (found in their scope: nobody else's)."""
    membership = active_membership(actor)
    found = SavedPortfolioView.objects.visible_to(actor).filter(pk=saved_view.pk).first()
    if found is None:
        raise forbidden("Only the person who saved a view can delete it.")
    audit_record(
        actor=actor,
        action="alliances.saved_view_deleted",
        obj=found,
        organisation=membership.organisation,
        summary=f"{actor} deleted the portfolio view “{found.name}”",
        before={"name": found.name, "query": found.query},
        visibility=PRIVATE,
    )
    found.delete()
