"""API of the governance capability: committees and charters, meetings with their agenda,
attendance, minutes and decisions, actions, concerns and escalations, always in scope.

Each module registers its endpoints on the one router; they are imported in the order the
OpenAPI document lists them.
"""

# isort: off
from concord.governance.api._common import router
from concord.governance.api import committees, meetings, decisions, actions, escalations

# isort: on

__all__ = ["actions", "committees", "decisions", "escalations", "meetings", "router"]
