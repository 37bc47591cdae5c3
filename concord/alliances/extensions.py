"""What alliances plugs into core (see core/extensions.py).

The home page, the alliance page's first tab (its overview), the rule by which tenancy reaches
alliances through parties, and the weekly gate reminders.
"""

from concord.alliances import selectors, sweep, views_home
from concord.core import extensions

extensions.register_home_page(views_home.home)
extensions.register_alliance_reach(selectors.alliances_reached)
extensions.register_alliance_tab("Overview", "alliances:alliance-detail", order=0)
extensions.register_sweep_job("alliances", sweep.sweep)
