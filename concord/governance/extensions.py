"""What governance plugs into core (see core/extensions.py).

Its tab and panel on the alliance page, meetings and action due dates in the calendar feed, the
reminders and escalations of the sweep, the pulse's early warnings turned into concerns, and
`make doctor`'s check for the diagram's layout program.
"""

from concord.core import extensions
from concord.governance import diagram, ics, receivers, review, sweep, today

extensions.register_alliance_tab("Governance", "governance:alliance-governance", order=10)
extensions.register_alliance_panel(receivers.overview_panel, order=10)
extensions.register_calendar_source(ics.governance_entries)
extensions.register_sweep_job("governance", sweep.sweep)
extensions.register_doctor_check(diagram.doctor_check)
extensions.early_warning.connect(
    receivers.on_early_warning, dispatch_uid="governance.early_warning"
)
extensions.register_today_source(today.today_items)
extensions.register_portfolio_source(
    today.portfolio_source, columns=today.COLUMNS, factors=today.FACTORS, flags=today.FLAGS
)
extensions.register_review_source(review.review_source)
