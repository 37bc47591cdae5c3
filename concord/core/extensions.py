"""Core's extension points: how an app plugs a capability into Concord without core importing it.

Each app declares everything it plugs in, in one module, `concord/<app>/extensions.py`, which
core imports for every installed app when it is ready (as the admin finds `admin.py`). Core keeps
the registries and only runs what is registered:

- alliance-page tabs and panels: `register_alliance_tab`, `register_alliance_panel` (sections.py)
- calendar sources for the per-person feed: `register_calendar_source` (calendar.py)
- sweep jobs run by `concord sweep`: `register_sweep_job` (sweep.py)
- Today items, what is each person's to act on: `register_today_source` (today.py)
- the portfolio's columns and attention reasons: `register_portfolio_source` (portfolio.py)
- the quarterly review's decisions, milestones and celebrations: `register_review_source`
  (review.py)
- the signed-in person's home page: `register_home_page` (views.py)
- how organisations reach alliances, for tenancy: `register_alliance_reach` (tenancy.py)
- checks of the machine for `make doctor`: `register_doctor_check` (doctor.py)
- records others may link documents to, and what is attached to a record:
  `register_linkable`, `register_attachment_source`, and the agreement's tracked obligations:
  `register_agreement_source` (attachments.py)
- figures an alliance's KPIs may track automatically: `register_alliance_metric` (metrics.py)
- sections of governance's meeting pack: `register_pack_section`, and of its meeting page:
  `register_meeting_section` (packs.py)
- who sits on an alliance's committees: `register_committee_source` (committees.py)
- sections of an alliance's briefing book: `register_briefing_section` (briefing.py)
- signals between capabilities (signals.py): an app connects its receivers with
  `signal.connect(receiver, dispatch_uid=...)`.

Siblings never import each other: one sends a signal or registers into a point above, the other
listens or core runs it.
"""

from django.utils.module_loading import autodiscover_modules

from concord.core.attachments import (
    Linkable,
    register_agreement_source,
    register_attachment_source,
    register_linkable,
)
from concord.core.briefing import register_briefing_section
from concord.core.calendar import register_calendar_source
from concord.core.committees import register_committee_source
from concord.core.doctor import register_doctor_check
from concord.core.metrics import AllianceMetric, register_alliance_metric
from concord.core.packs import register_meeting_section, register_pack_section
from concord.core.portfolio import register_portfolio_source
from concord.core.review import register_review_source
from concord.core.sections import register_alliance_panel, register_alliance_tab
from concord.core.signals import (
    achievement,
    concern_requested,
    early_warning,
    lessons_learned,
    member_departed,
    winddown_started,
)
from concord.core.sweep import register_sweep_job
from concord.core.tenancy import register_alliance_reach
from concord.core.today import register_today_source
from concord.core.views import register_home_page

__all__ = [
    "AllianceMetric",
    "Linkable",
    "achievement",
    "autodiscover",
    "concern_requested",
    "early_warning",
    "lessons_learned",
    "member_departed",
    "register_agreement_source",
    "register_alliance_metric",
    "register_alliance_panel",
    "register_alliance_reach",
    "register_alliance_tab",
    "register_attachment_source",
    "register_briefing_section",
    "register_calendar_source",
    "register_committee_source",
    "register_doctor_check",
    "register_home_page",
    "register_linkable",
    "register_meeting_section",
    "register_pack_section",
    "register_portfolio_source",
    "register_review_source",
    "register_sweep_job",
    "register_today_source",
    "winddown_started",
]


def autodiscover() -> None:
    """Import every installed app's `extensions` module, so its registrations take effect."""
    autodiscover_modules("extensions")
