"""API of the partnering portal: the team's triage and the public door (triage), and requests
for partners, the path to a deal and the funnel (desk).

Each module registers its endpoints on the one router; they are imported in the order the
OpenAPI document lists them.
"""

# isort: off
from concord.portal.api._common import router
from concord.portal.api import triage, desk

# isort: on

__all__ = ["desk", "router", "triage"]
