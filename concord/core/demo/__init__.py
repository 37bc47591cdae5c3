"""The demo: a fictional pharma's alliance portfolio, seeded through the services (see story.py)."""

from concord.core.demo.data import COMPETITORS, LOGINS, ORGS, PHARMA, PLANS
from concord.core.demo.story import (
    DEMO_PASSWORD,
    DemoLogin,
    SeedReport,
    demo_exists,
    demo_logins,
    seed_demo,
)

__all__ = [
    "COMPETITORS",
    "DEMO_PASSWORD",
    "LOGINS",
    "ORGS",
    "PHARMA",
    "PLANS",
    "DemoLogin",
    "SeedReport",
    "demo_exists",
    "demo_logins",
    "seed_demo",
]
