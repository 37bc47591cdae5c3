"""What every app's pages share: running a service behind a form, and the scoped base view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views import View

from concord.core.forms import ConcordForm


def attempt(form: ConcordForm, service: Callable[..., Any], **kwargs: Any) -> Any:
    """Run a service; its ValidationError lands on the form's fields and the result is None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form.add_service_error(error)
        return None


class ScopedView(LoginRequiredMixin, View):
    """Base for signed-in pages: out-of-scope records are 404, refused roles get the 403 page."""

    forbidden_template = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except ObjectDoesNotExist as error:
            # Never 403 here: that would tell an outsider the record exists.
            raise Http404("No such page.") from error
        except PermissionDenied as error:
            return self.forbidden(request, error)

    def forbidden(self, request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        """The 403 page: the person can see the record, but their role does not allow the action."""
        message = str(error) or "Your role does not allow this."
        return render(request, self.forbidden_template, {"message": message}, status=403)

    def require(self, allowed: bool, message: str) -> None:
        """Refuse a page the user's role could never submit (the service re-checks)."""
        if not allowed:
            raise PermissionDenied(message)
