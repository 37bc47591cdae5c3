"""Request-scoped context: a request id that audit events carry, and the viewer's time zone."""

import contextvars
import uuid
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from concord.core.tenancy import organisation_of

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


class RequestIdMiddleware:
    """Give every request an id (or keep the proxy's X-Request-ID) and echo it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class OrganisationTimeZoneMiddleware:
    """Show times in the signed-in person's organisation's time zone (stored times stay UTC)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        organisation = organisation_of(getattr(request, "user", None))
        if organisation is not None:
            try:
                timezone.activate(zoneinfo.ZoneInfo(organisation.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: the proxy's header when one is configured, else the socket's peer.

    Behind a reverse proxy every request comes from the proxy, so per-address limits would treat
    all visitors as one; set CONCORD_CLIENT_IP_HEADER (e.g. X-Real-IP) to the header it sets.
    """
    header = settings.CONCORD_CLIENT_IP_HEADER
    if header:
        forwarded = request.headers.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded[:64]
    return str(request.META.get("REMOTE_ADDR", ""))


# Scripts only from Concord's own files (no inline script runs, so an injected <script> or
# on*= attribute does nothing); inline style attributes stay allowed for the server-drawn SVG
# charts and htmx's indicator styles. No form-action: single sign-on hands the browser on to
# each organisation's own identity provider.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Send Concord's Content-Security-Policy with every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
