"""What deals plugs into core (see core/extensions.py).

Its tab and money panel on the alliance page, payment due dates in the calendar feed, and the
sweep's payment nudges, overdue flags and lapsed options.
"""

from concord.core import extensions
from concord.deals import review, sections, sweep, today

extensions.register_alliance_tab("Deal & money", "deals:alliance-money", order=30)
extensions.register_alliance_panel(sections.money_panel, order=30)
extensions.register_calendar_source(sections.payment_calendar)
extensions.register_sweep_job("deals", sweep.sweep)
extensions.register_today_source(today.today_items)
extensions.register_portfolio_source(
    today.portfolio_source, columns=today.COLUMNS, factors=today.FACTORS, flags=today.FLAGS
)
extensions.register_review_source(review.review_source)
