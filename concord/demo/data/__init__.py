"""The demo's cast and plot: organisations, people and alliance plans. Everyone here is fictional.

Dates are written as if the story ended on STORY_END; the player slides them to end yesterday.
Castlegate Pharma partners with twelve organisations; Lumen Oncology and Brightwater Bio are rivals
with antibody–drug conjugates in triple-negative breast cancer, each partnered with Castlegate and
never to see the other's alliance.

The cast (organisations, people, logins) is in `cast`, the plot (each alliance's plan) in `plans`;
this package exposes what the chapters, commands and tests import.
"""

from concord.demo.data.cast import (
    COMPETITORS,
    DEMO_PASSWORD,
    LOGINS,
    ORG_BY_KEY,
    ORGS,
    PHARMA,
    STORY_END,
    DemoOrg,
    DemoPerson,
)
from concord.demo.data.plans import PLANS, DemoGate, DemoNote, Plan

__all__ = [
    "COMPETITORS",
    "DEMO_PASSWORD",
    "LOGINS",
    "ORGS",
    "ORG_BY_KEY",
    "PHARMA",
    "PLANS",
    "STORY_END",
    "DemoGate",
    "DemoNote",
    "DemoOrg",
    "DemoPerson",
    "Plan",
]
