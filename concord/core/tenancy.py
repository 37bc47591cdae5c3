"""The confidentiality choke point: every read of tenant data goes through visible_to(user).

Each tenant model declares, in one `tenancy` attribute, how its rows reach an organisation or an
alliance and whether a row is shared with all parties or private to its owner organisation. The
queryset methods below turn that declaration into one filter; object checks are the same filter
with `pk=…`. With CONCORD_STRICT_TENANCY on (tests and DEBUG), evaluating, updating or deleting
through a tenant queryset that was never scoped raises, so a forgotten filter fails loudly
instead of leaking or overwriting another tenant's rows.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from concord.orgs.models import Organisation

SHARED = "shared"
PRIVATE = "private"
VISIBILITY_CHOICES = [(SHARED, "Shared with all parties"), (PRIVATE, "Private to my organisation")]

_system_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("system_reads", default=False)


class UnscopedQueryError(RuntimeError):
    """A tenant table was read without visible_to(), editable_by() or unscoped()."""


# How an organisation reaches alliances: `(organisation, proposals) -> a values("alliance_id")`
# queryset of the alliances it has joined, and with proposals=True also those it is invited to.
# Alliances registers it (in its extensions.py), so core never imports the app that owns parties.
AllianceReach = Callable[["Organisation", bool], Any]
_alliance_reach: list[AllianceReach] = []


def register_alliance_reach(reach: AllianceReach) -> None:
    """Tell tenancy how an organisation reaches alliances; there is one rule, so one hook."""
    if _alliance_reach and _alliance_reach[0] is not reach:
        raise ValueError("Tenancy's alliance reach is registered already.")
    _alliance_reach[:] = [reach]


def _alliances_reached(org: Organisation, *, proposals: bool) -> Any:
    """The registered reach of `org`, built once per organisation object.

    A page scopes twenty or more reads with it; the subquery is lazy SQL naming only the
    organisation's id, so reusing it is safe and saves building it again for every read (the
    organisation object is read afresh with the signed-in person on each request).
    """
    if not _alliance_reach:
        raise ImproperlyConfigured("No app registered how organisations reach alliances.")
    built: dict[bool, Any] = org.__dict__.setdefault("_alliances_reached", {})
    if proposals not in built:
        built[proposals] = _alliance_reach[0](org, proposals)
    return built[proposals].all()


@contextmanager
def system_reads() -> Iterator[None]:
    """Let Django's own machinery (unique checks, migrations) read tenant tables unscoped."""
    token = _system_reads.set(True)
    try:
        yield
    finally:
        _system_reads.reset(token)


def organisation_of(user: Any) -> Organisation | None:
    """The organisation a signed-in, active member acts for, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return None
    return membership.organisation


@dataclass(frozen=True)
class Tenancy:
    """How a model's rows reach their tenants.

    alliance: lookup path from the model to its Alliance ("" for Alliance itself).
    organisation: lookup path to the organisation that owns the row.
    private_field: the field holding SHARED/PRIVATE; without it, rows with an alliance are shared
        and rows with only an organisation are private to it.
    person: lookup path to the one user a row belongs to (API tokens), if it is personal.
    always_private: rows in an alliance that only their owner organisation ever sees.
    proposal: rows an invited organisation may read before it accepts (the alliance and its
        parties: what it is asked to join). Everything else waits until it has accepted.
    """

    alliance: str | None = None
    organisation: str | None = None
    private_field: str | None = None
    person: str | None = None
    always_private: bool = False
    proposal: bool = False

    def _path(self, path: str, lookup: str) -> str:
        return f"{path}__{lookup}" if path else lookup

    def visible_q(self, org: Organisation, user: Any) -> Q:
        """Rows `user`, a member of `org`, may read."""
        q = Q(**{self.person: user}) if self.person else Q()
        if self.alliance is not None:
            reachable = _alliances_reached(org, proposals=self.proposal)
            q &= Q(**{self._path(self.alliance, "pk__in"): reachable})
        if self.organisation is not None:
            owned = Q(**{self.organisation: org})
            if self.private_field is not None:
                q &= Q(**{self.private_field: SHARED}) | owned
            elif self.alliance is None or self.always_private:
                q &= owned
        return q

    def owner_q(self, org: Any) -> Q:
        """Rows `org` owns outright, reached without a person: only for rows in no alliance
        and of no one person (an alliance's rows belong to all its parties, not to one)."""
        if self.alliance is not None or self.person is not None or self.organisation is None:
            raise ImproperlyConfigured("owned_by() is for rows one organisation owns outright.")
        return Q(**{self.organisation: org})

    def editable_q(self, org: Organisation, user: Any) -> Q:
        """Rows the members of `org` may change: their own, in alliances they have joined."""
        q = Q()
        if self.alliance is not None:
            joined = _alliances_reached(org, proposals=False)
            q &= Q(**{self._path(self.alliance, "pk__in"): joined})
        if self.organisation is not None:
            q &= Q(**{self.organisation: org})
        return q


class TenantQuerySet(models.QuerySet):
    """A queryset that must be scoped to a user before it is read."""

    _scoped = False

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]  # Django's private hook, not in the stubs
        clone._scoped = self._scoped
        return clone

    def _mark_scoped(self) -> Self:
        self._scoped = True
        return self

    def visible_to(self, user: Any) -> Self:
        """Rows `user` may read; none for anonymous or deactivated people."""
        org = organisation_of(user)
        if org is None:
            return self.none()._mark_scoped()
        return self.filter(self._tenancy().visible_q(org, user))._mark_scoped()

    def editable_by(self, user: Any) -> Self:
        """Rows `user` may change: visible, owned or joined, and the user is not read-only."""
        org = organisation_of(user)
        if org is None or user.membership.is_read_only:
            return self.none()._mark_scoped()
        tenancy = self._tenancy()
        return self.filter(
            tenancy.visible_q(org, user) & tenancy.editable_q(org, user)
        )._mark_scoped()

    def owned_by(self, organisation: Any) -> Self:
        """Rows one organisation owns outright (an Organisation or its id), for what it keeps
        or publishes with no signed-in reader: a portal's published statistics and its kept
        counts. A scope, not an escape hatch: it names the one organisation the rows are read
        for, and is refused for alliance-scoped and personal rows (see Tenancy.owner_q)."""
        return self.filter(self._tenancy().owner_q(organisation))._mark_scoped()

    def _tenancy(self) -> Tenancy:
        tenancy: Tenancy = getattr(self.model, "tenancy")  # noqa: B009 - set on every TenantModel
        return tenancy

    def unscoped(self) -> Self:
        """An explicit, greppable escape hatch for system work: sweeps, audit checks, benchmarks."""
        return self._clone()._mark_scoped()

    def _check_scope(self) -> None:
        if self._scoped or _system_reads.get() or not settings.CONCORD_STRICT_TENANCY:
            return
        # Related managers (alliance.parties.all()) and prefetches are reached from a parent
        # row that was itself read in scope; Django marks them with an instance hint. Only a
        # tenant parent counts: organisation.parties.all() would cross alliances.
        if isinstance(getattr(self, "_hints", {}).get("instance"), TenantModel):
            return
        raise UnscopedQueryError(
            f"{self.model.__name__} read without visible_to(user), editable_by(user) or unscoped()"
        )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def count(self) -> int:
        if self._result_cache is None:
            self._check_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size: int | None = None) -> Iterator[Any]:
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    # Writes in bulk are guarded like reads: an unscoped update() or delete() would change rows
    # of every tenant at once. Saving or deleting one row goes through Django's base manager and
    # is the service's business (it fetched the row in scope).
    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        return super().delete()


TenantManager = models.Manager.from_queryset(TenantQuerySet)


class TenantModel(models.Model):
    """Base for every model holding tenant data."""

    tenancy: Tenancy = Tenancy()
    objects = TenantManager()

    class Meta:
        abstract = True

    def validate_unique(self, exclude: Any = None) -> None:
        with system_reads():
            super().validate_unique(exclude)

    def validate_constraints(self, exclude: Any = None) -> None:
        with system_reads():
            super().validate_constraints(exclude)
