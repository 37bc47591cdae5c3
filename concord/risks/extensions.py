"""What the risk register plugs into core (see core/extensions.py).

Its tab on the alliance page, the risks due for review on Today and their reminders by email, and each alliance's top risk
in the portfolio. A risk that materialises is
handed to governance as a concern through core's `concern_requested` signal.
"""

from concord.core import extensions
from concord.risks import portfolio, sweep, today

extensions.register_alliance_tab("Risks", "risks:register", order=45)
extensions.register_today_source(today.today_items)
extensions.register_sweep_job("risks", sweep.sweep)
extensions.register_portfolio_source(
    portfolio.portfolio_source,
    columns=portfolio.COLUMNS,
    factors=portfolio.FACTORS,
    flags=portfolio.FLAGS,
)
