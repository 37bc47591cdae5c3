"""Request context: times in the organisation's zone, a request id on every response."""

from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from concord.core.middleware import OrganisationTimeZoneMiddleware


def test_pages_show_times_in_the_viewers_organisation_zone(cast):
    cast.borealis.time_zone = "America/New_York"
    cast.borealis.save(update_fields=["time_zone"])
    cast.bob.membership.organisation.refresh_from_db()
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    middleware = OrganisationTimeZoneMiddleware(view)
    for user in (cast.bob, cast.alice):
        request = RequestFactory().get("/")
        request.user = user
        middleware(request)
    assert seen == ["America/New_York", "Europe/London"]
    assert timezone.get_current_timezone_name() == "UTC", (
        "the zone does not leak to the next request"
    )


def test_every_response_carries_a_request_id(client):
    response = client.get("/")
    assert len(response["X-Request-ID"]) == 32
    echoed = client.get("/", headers={"X-Request-ID": "proxy-abc-123"})
    assert echoed["X-Request-ID"] == "proxy-abc-123"


def test_the_client_address_comes_from_the_proxy_header_only_when_configured(settings):
    from concord.core.middleware import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    settings.CONCORD_CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
    settings.CONCORD_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request) == "203.0.113.7"
