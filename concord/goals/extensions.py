"""What goals plugs into core (see core/extensions.py).

Its tab, the KPI summary beside the overview, at the pending gate and in the meeting pack, KPI target dates in the
calendar feed, off-track KPIs on Today, the portfolio's KPI column, and the sweep's automatic measurements from the metrics
other capabilities register (core/metrics.py).
"""

from concord.core import extensions
from concord.goals import sections, sweep

extensions.register_alliance_tab("Goals & KPIs", "goals:alliance-goals", order=15)
extensions.register_alliance_panel(sections.overview_panel, order=15)
extensions.register_alliance_panel(sections.gate_panel, order=15, place="gate")
extensions.register_calendar_source(sections.kpi_calendar)
extensions.register_today_source(sections.today_items)
extensions.register_sweep_job("goals", sweep.sweep)
extensions.register_portfolio_source(
    sections.portfolio_source, columns=sections.COLUMNS, flags=sections.FLAGS
)
extensions.register_pack_section(sections.pack_section, order=10)
extensions.register_briefing_section(sections.briefing_section, order=10)
