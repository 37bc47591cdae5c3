"""What deals plugs into core (see core/extensions.py).

Its tab and money panel on the alliance page, payment due dates in the calendar feed, and the
sweep's payment nudges, overdue flags and lapsed options.
Milestones and royalty terms name the agreement section they come from.
"""

from django.db.models import QuerySet

from concord.alliances.models import Alliance
from concord.core import extensions
from concord.core.attachments import SECTION
from concord.deals import review, sections, sweep, today
from concord.deals.models import Milestone, RoyaltyTerm
from concord.orgs.models import User

extensions.register_alliance_tab("Deal & money", "deals:alliance-money", order=30)
extensions.register_alliance_panel(sections.money_panel, order=30)
extensions.register_calendar_source(sections.payment_calendar)
extensions.register_sweep_job("deals", sweep.sweep)
extensions.register_today_source(today.today_items)
extensions.register_portfolio_source(
    today.portfolio_source, columns=today.COLUMNS, factors=today.FACTORS, flags=today.FLAGS
)
extensions.register_review_source(review.review_source)


def _milestones(user: User, alliance: Alliance) -> QuerySet[Milestone]:
    """Milestones, each payable under a section of the agreement."""
    return Milestone.objects.visible_to(user).filter(alliance=alliance)


def _royalty_terms(user: User, alliance: Alliance) -> QuerySet[RoyaltyTerm]:
    return RoyaltyTerm.objects.visible_to(user).filter(alliance=alliance)


extensions.register_linkable(
    extensions.Linkable("deals.milestone", "Milestone", (SECTION,), _milestones)
)
extensions.register_linkable(
    extensions.Linkable("deals.royaltyterm", "Royalty term", (SECTION,), _royalty_terms)
)
