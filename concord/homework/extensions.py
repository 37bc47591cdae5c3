"""What homework plugs into core (see core/extensions.py).

Its tab on the alliance page; Today items (drift and continuity alerts and stale homework at a
pending gate, for the organisation's alliance managers; each newcomer's onboarding steps); the
share of each team onboarded in the portfolio; and the sweep that raises continuity alerts, also
run at once when someone leaves their organisation (core's `member_departed`).
Everything is read for the person's own organisation only.
"""

from concord.core import extensions
from concord.homework import sections, services

extensions.register_alliance_tab("Homework", "homework:alliance-homework", order=90)
extensions.register_today_source(sections.today_items)
extensions.register_portfolio_source(sections.portfolio_source, columns=sections.COLUMNS)
extensions.register_sweep_job("homework", services.continuity_check)
# A departure (orgs deactivating someone) raises its continuity alerts at once.
extensions.member_departed.connect(
    services.continuity_after_departure, dispatch_uid="homework.continuity_after_departure"
)
