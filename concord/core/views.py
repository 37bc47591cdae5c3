"""The site's root page: a landing page for visitors, the registered home page for members.

Core owns the address ("core:home", where every "back home" link points) but not what a member
sees there: the app that provides it registers its view with `register_home_page(view)` in its
`extensions.py` (today alliances' dashboard). The development mail inbox lives here too.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from concord.core import mailbox

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


def _inbox_allowed(request: HttpRequest) -> None:
    """The inbox holds everyone's mail: only in development, or for site staff. Others get a 404,
    as for anything they may not see."""
    if not (settings.DEBUG or (request.user.is_authenticated and request.user.is_staff)):
        raise Http404("No such page.")


def mail_inbox(request: HttpRequest) -> HttpResponse:
    """Every email sent from this server, newest first (the development email backend's files)."""
    _inbox_allowed(request)
    return render(request, "core/mail_inbox.html", {"messages_sent": mailbox.inbox()})


def mail_message(request: HttpRequest, name: str) -> HttpResponse:
    """One sent email with its HTML and text parts."""
    _inbox_allowed(request)
    message = mailbox.inbox_message(name)
    if message is None:
        raise Http404("No such message.")
    return render(request, "core/mail_message.html", {"message": message})
