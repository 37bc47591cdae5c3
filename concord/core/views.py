"""Pages that belong to no single capability: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concord.alliances import selectors as alliance_selectors


def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; the signed-in person's dashboard otherwise."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    context = {
        "dashboard": alliance_selectors.alliance_dashboard(user=request.user),
        "can_create": alliance_selectors.alliance_create_allowed(user=request.user),
    }
    return render(request, "core/home.html", context)
