"""What federated research plugs into core (see core/extensions.py).

Its tab on the alliance page, the studies awaiting a data steward's admission on Today, and the
committee's decision on a study, heard through core's `decision_settled` (governance keeps the
decision and the votes; this app never imports it).
"""

from concord.core import extensions
from concord.research import services, today

extensions.register_alliance_tab("Research", "research:study-list", order=55)
extensions.register_today_source(today.today_items)
extensions.decision_settled.connect(
    services.study_decided, dispatch_uid="research.decision_settled"
)
