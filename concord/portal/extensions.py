"""What the partnering portal plugs into core (see core/extensions.py): its service-level sweep,
the submissions whose service level runs out on Today, and the rebuild of its kept figures after
a migration that began keeping one."""

from django.db.models.signals import post_migrate

from concord.core import extensions
from concord.portal import sweep, today
from concord.portal.services import kept

extensions.register_sweep_job("portal", sweep.sweep)
extensions.register_today_source(today.today_items)

# A migration that begins keeping a figure leaves working it out to the services, once migrated.
post_migrate.connect(kept.rebuild_after_migrate, dispatch_uid="portal-kept-rebuild")
