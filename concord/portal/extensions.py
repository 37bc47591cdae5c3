"""What the partnering portal plugs into core (see core/extensions.py): its service-level sweep
and the submissions whose service level runs out on Today."""

from concord.core import extensions
from concord.portal import sweep, today

extensions.register_sweep_job("portal", sweep.sweep)
extensions.register_today_source(today.today_items)
