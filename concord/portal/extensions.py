"""What the partnering portal plugs into core (see core/extensions.py): its service-level sweep."""

from concord.core import extensions
from concord.portal import sweep

extensions.register_sweep_job("portal", sweep.sweep)
