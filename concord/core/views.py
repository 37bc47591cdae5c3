"""The site's root page: a landing page for visitors, the registered home page for members.

Core owns the address ("core:home", where every "back home" link points) but not what a member
sees there: the app that provides it registers its view with `register_home_page(view)` in its
`extensions.py` (today alliances' dashboard). The development mail inbox lives here too.
"""

import ipaddress
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


def _from_this_machine(request: HttpRequest) -> bool:
    """A request from loopback, i.e. from the developer's own machine."""
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    # A dual-stack server sees 127.0.0.1 as ::ffff:127.0.0.1.
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _inbox_allowed(request: HttpRequest) -> None:
    """The inbox holds everyone's mail: for site staff, and in development also for whoever is
    on the developer's own machine (a server bound to 0.0.0.0 in DEBUG is not an open inbox).
    Others get a 404, as for anything they may not see."""
    staff = request.user.is_authenticated and request.user.is_staff
    if not (staff or (settings.DEBUG and _from_this_machine(request))):
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
