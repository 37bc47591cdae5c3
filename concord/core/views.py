"""The site's root page: a landing page for visitors, the registered home page for members.

Core owns the address ("core:home", where every "back home" link points) but not what a member
sees there: the app that provides it registers its view with `register_home_page(view)` in its
`extensions.py` (today alliances' dashboard).
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

HomePage = Callable[[HttpRequest], HttpResponse]
_HOME: list[HomePage] = []


def register_home_page(view: HomePage) -> None:
    """Make `view` the signed-in person's home page; there is only one, so a second is refused."""
    if _HOME and _HOME[0] is not view:
        raise ValueError(f"The home page is {_HOME[0].__qualname__} already.")
    _HOME[:] = [view]


def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; the registered home page for signed-in people."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    if not _HOME:
        raise Http404("No app provides a home page.")
    return _HOME[0](request)
