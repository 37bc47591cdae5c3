"""Pages that belong to no single capability: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; the signed-in person's dashboard otherwise."""
    return render(request, "core/home.html")
