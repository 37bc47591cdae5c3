"""The one-button action view's text field: a text the form refuses is refused, not dropped."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from concord.core.forms import ConcordForm
from concord.core.pages import ActionView


class ReasonForm(ConcordForm):
    reason = forms.CharField(label="Why", required=False, max_length=10)


calls: list[dict[str, Any]] = []


def _record(*, actor: Any, thing: Any, reason: str) -> None:
    calls.append({"thing": thing, "reason": reason})


class ThingActionView(ActionView):
    lookup = staticmethod(lambda *, user, pk: SimpleNamespace(pk=pk))
    record = "thing"
    service = staticmethod(_record)
    form_class, field = ReasonForm, "reason"
    success = "Done."

    def back_url(self, found: Any) -> str:
        return f"/things/{found.pk}/"


def _post(data: dict[str, str]) -> Any:
    # A bare request with only what the view reads: a signed-in someone, a session, messages.
    request: Any = RequestFactory().post("/things/7/act/", data)
    request.user = SimpleNamespace(is_authenticated=True)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_valid_text_is_handed_to_the_service():
    assert ThingActionView().arguments(_post({"reason": "late data"}), None) == {
        "reason": "late data"
    }


def test_no_text_is_handed_on_as_nothing_for_the_service_to_judge():
    assert ThingActionView().arguments(_post({}), None) == {"reason": ""}


def test_a_text_the_form_refuses_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as refused:
        ThingActionView().arguments(_post({"reason": "far too long a reason"}), None)
    assert refused.value.messages == [
        "Why: Ensure this value has at most 10 characters (it has 21)."
    ]


def test_the_button_goes_back_with_the_refusal_and_the_service_never_runs():
    calls.clear()
    request = _post({"reason": "far too long a reason"})
    response = ThingActionView().post(request, 7)
    assert response.status_code == 302 and response.url == "/things/7/"
    assert [str(m) for m in get_messages(request)] == [
        "Why: Ensure this value has at most 10 characters (it has 21)."
    ]
    assert calls == []
    response = ThingActionView().post(_post({"reason": "short"}), 7)
    assert calls == [{"thing": SimpleNamespace(pk=7), "reason": "short"}]


def test_every_response_carries_a_content_security_policy(client):
    """Scripts only from Concord's own files: an injected inline script would not run."""
    policy = client.get("/accounts/login/")["Content-Security-Policy"]

    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
