"""`{% nav_section as section %}`: which part of the top bar the page belongs to."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

# The top bar's sections by the first part of the path ("alliances" is the Portfolio link). An alliance's own pages (its governance,
# money, health tabs) all sit under /alliances/<pk>/, so they light "Alliances", not the
# portfolio-wide page of the same capability.
SECTIONS_BY_PATH = {
    "alliances": "alliances",
    "portfolio": "alliances",
    "health": "health",
    "money": "money",
    "commitments": "commitments",
    "portal": "partnering",
    "calendar": "calendar",
    "organisation": "organisation",
    "organisations": "directory",
    "profile": "profile",
}
# Record pages outside /alliances/ (a meeting, a payment, a submission) by the app that serves
# them: governance has no portfolio page of its own, so its records belong to their alliance.
SECTIONS_BY_APP = {
    "alliances": "alliances",
    "governance": "alliances",
    "health": "health",
    "deals": "money",
    "expectations": "commitments",
    "portal": "partnering",
}


@register.simple_tag(takes_context=True)
def nav_section(context: Any) -> str:
    """The top-bar section of the current page, or "" when it belongs to none."""
    request = context.get("request")
    if request is None:
        return ""
    if request.path == reverse("core:home"):
        return "home"
    first = request.path.strip("/").split("/", 1)[0]
    if first in SECTIONS_BY_PATH:
        return SECTIONS_BY_PATH[first]
    match = getattr(request, "resolver_match", None)
    return SECTIONS_BY_APP.get(getattr(match, "app_name", ""), "")
