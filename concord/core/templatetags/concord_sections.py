"""`{% alliance_tabs alliance %}` and `{% alliance_panels alliance %}`: see core/sections.py."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from concord.core import sections

register = template.Library()


@register.inclusion_tag("core/_alliance_tabs.html", takes_context=True)
def alliance_tabs(context: Any, alliance: Any, current: str = "") -> dict[str, Any]:
    """The section bar: every registered tab (alliances registers the overview first); `current`
    is the URL name of the page showing it."""
    tabs = [
        (tab.label, reverse(tab.url_name, args=[alliance.pk]), tab.url_name)
        for tab in sections.alliance_tabs()
    ]
    return {"tabs": tabs, "current": current}


@register.simple_tag(takes_context=True)
def alliance_panels(context: Any, alliance: Any, place: str = "side") -> SafeString:
    """Each panel registered for `place`, rendered with the page's request.

    The view gathered them before rendering (`panels`, see sections.gather_alliance_panels); a
    page that did not is gathered here, so the panels still show.
    """
    request = context["request"]
    gathered = context.get("panels")
    if gathered is None:
        gathered = sections.gather_alliance_panels(request, alliance, (place,))
    parts = [
        render_to_string(name, panel_context, request=request)
        for name, panel_context in gathered.get(place, [])
    ]
    return mark_safe("".join(parts))  # noqa: S308 - each part is an autoescaped template
