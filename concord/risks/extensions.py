"""What the risk register plugs into core (see core/extensions.py).

Its tab on the alliance page and the risks due for review on Today. A risk that materialises is
handed to governance as a concern through core's `concern_requested` signal.
"""

from concord.core import extensions
from concord.risks import today

extensions.register_alliance_tab("Risks", "risks:register", order=45)
extensions.register_today_source(today.today_items)
