"""What alliances plugs into core (see core/extensions.py).

The home page (Today), the alliance page's first tab (its overview), the rule by which tenancy
reaches alliances through parties, the weekly gate reminders, the invitations and gates on
Today, and the portfolio's pending gate and last activity.
Gates take evidence from the document room.
"""

from django.db.models import QuerySet

from concord.alliances import portfolio, selectors, sweep, views_home
from concord.alliances.models import Alliance, Gate
from concord.core import extensions
from concord.core.attachments import EVIDENCE
from concord.orgs.models import User

extensions.register_home_page(views_home.home)
extensions.register_alliance_reach(selectors.alliances_reached)
extensions.register_alliance_tab("Overview", "alliances:alliance-detail", order=0)
extensions.register_sweep_job("alliances", sweep.sweep)
extensions.register_today_source(portfolio.today_items)
extensions.register_portfolio_source(
    portfolio.portfolio_source,
    columns=portfolio.COLUMNS,
    factors=portfolio.FACTORS,
    flags=portfolio.FLAGS,
)


def _gates(user: User, alliance: Alliance) -> QuerySet[Gate]:
    """The alliance's gates a person may see, newest first: the evidence each party relies on."""
    return Gate.objects.visible_to(user).filter(alliance=alliance).order_by("-created_at", "-pk")


extensions.register_linkable(extensions.Linkable("alliances.gate", "Gate", (EVIDENCE,), _gates))
