"""What health plugs into core (see core/extensions.py).

Its tab and overview panel on the alliance page, the sweep's pulse rounds, and celebrations of
every capability's achievements, and the final health check of an alliance winding down.
"""

from concord.core import extensions
from concord.health import metrics, receivers, review, sweep, today, views

extensions.register_alliance_tab("Health", "health:alliance-health", order=40)
extensions.register_alliance_panel(views.overview_panel, order=40)
extensions.register_sweep_job("health", sweep.sweep)
extensions.achievement.connect(receivers.celebrate, dispatch_uid="health.celebrate")
extensions.winddown_started.connect(
    receivers.open_final_health_check, dispatch_uid="health.final_health_check"
)
extensions.register_today_source(today.today_items)
extensions.register_portfolio_source(
    today.portfolio_source, columns=today.COLUMNS, factors=today.FACTORS, flags=today.FLAGS
)
extensions.register_review_source(review.review_source)
extensions.register_alliance_metric(metrics.HEALTH_CHECKS_COMPLETED)
extensions.register_alliance_metric(metrics.PULSE_SCORE)
