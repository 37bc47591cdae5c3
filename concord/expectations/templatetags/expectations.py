"""`{% learning_summary alliance %}`: the learning plan at a glance, where gates are decided."""

from typing import Any

from django import template

from concord.expectations import selectors

register = template.Library()


@register.inclusion_tag("expectations/_learning_summary.html", takes_context=True)
def learning_summary(context: Any, alliance: Any) -> dict[str, Any]:
    """The plan's objectives and their latest measures, read in the viewer's scope."""
    user = context["request"].user
    return {
        "alliance": alliance,
        "summary": selectors.learning_summary(user=user, alliance=alliance),
    }
