"""Every figure the portal keeps beside its submissions, worked out again from them.

The kept figures (statistics by day and month, the funnel, the queue's counts and reviewers'
loads) are derived data. A migration that begins keeping one leaves the work to this module
instead of calling the services itself: a migration is frozen when it is written, the services
are not, so the rebuild runs once every migration is applied, with the services of the release
that is running (`rebuild_after_migrate`, or `concord portal_rebuild_kept` by hand).
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration

from concord.portal.models import Portal
from concord.portal.services.funnel import funnel_rebuild
from concord.portal.services.queue_counts import queue_counts_rebuild
from concord.portal.services.statistics import portal_statistics_rebuild

logger = logging.getLogger("concord.portal")

# A migration that begins keeping a figure says so with this attribute set to True.
MARK = "rebuilds_kept_figures"


def portal_kept_rebuild(organisation_id: int) -> None:
    """Work out every kept figure of one portal again, from its submissions."""
    portal_statistics_rebuild(organisation_id)
    funnel_rebuild(organisation_id)
    queue_counts_rebuild(organisation_id)


def kept_rebuild_all() -> int:
    """Work out every portal's kept figures again; returns the portals."""
    organisation_ids = list(
        Portal.objects.unscoped().order_by("pk").values_list("organisation_id", flat=True)
    )
    for organisation_id in organisation_ids:
        portal_kept_rebuild(organisation_id)
    return len(organisation_ids)


def fully_migrated(using: str) -> bool:
    """Every migration of every app is applied, so the models match the tables."""
    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def rebuild_after_migrate(
    sender: AppConfig,
    plan: list[tuple[Migration, bool]] | None = None,
    using: str = "default",
    **kwargs: Any,
) -> None:
    """After `migrate` applied a migration marked MARK, rebuild the kept figures once.

    Only once the database is fully migrated: the services read the models of this release,
    which a database stopped halfway (`migrate portal 0003`) does not have yet.
    """
    if sender.label != "portal" or not plan:
        return
    if not any(getattr(migration, MARK, False) and not back for migration, back in plan):
        return
    if not fully_migrated(using):
        logger.warning(
            "Kept portal figures not rebuilt: migrations remain. Once they are applied, "
            "run `concord portal_rebuild_kept`."
        )
        return
    logger.info("Kept portal figures rebuilt for %d portal(s).", kept_rebuild_all())
