"""Pages that belong to no single capability: the home page and the development mail inbox."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from concord.alliances import selectors as alliance_selectors
from concord.core import mailbox


def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; the signed-in person's dashboard otherwise."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    context = {
        "dashboard": alliance_selectors.alliance_dashboard(user=request.user),
        "can_create": alliance_selectors.alliance_create_allowed(user=request.user),
    }
    return render(request, "core/home.html", context)


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
