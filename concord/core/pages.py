"""What every app's pages share: the signed-in request, the scoped base view, a page holding one
form that runs one service, and a one-button action on a record.

Core knows no app: a view names its user model (`MemberRequest[User]`), its selectors, services,
forms and URLs; these classes only hold the order of the steps every such page takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views import View
from django_htmx.middleware import HtmxDetails

from concord.core.forms import ConcordForm

FORM_PAGE = "form_page.html"  # title, lead, an optional blocker, the form, submit and Cancel

UserT = TypeVar("UserT", bound=AbstractBaseUser)


class MemberRequest(HttpRequest, Generic[UserT]):
    """A signed-in person's request (the views require login), with django-htmx's details."""

    user: UserT  # type: ignore[assignment]
    htmx: HtmxDetails


def attempt(form: ConcordForm, service: Callable[..., Any], **kwargs: Any) -> Any:
    """Run a service; its ValidationError lands on the form's fields and the result is None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form.add_service_error(error)
        return None


def form_page(
    request: HttpRequest, form: ConcordForm, *, template: str = FORM_PAGE, **context: Any
) -> HttpResponse:
    """A page holding one form: title, lead, submit label, where Cancel goes."""
    return render(request, template, {"form": form, **context})


def paginate(request: HttpRequest, items: Any, per_page: int) -> dict[str, Any]:
    """One page of a list, as page context: `page_obj`, and the query string without the page
    (`querystring_without_page`) for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_obj": Paginator(items, per_page).get_page(request.GET.get("page")),
        "querystring_without_page": query.urlencode(),
    }


def filtered(request: HttpRequest, fields: Iterable[str]) -> bool:
    """Whether the list is narrowed by any of its filter `fields` (the sort order narrows nothing)."""
    return any(request.GET.get(name) for name in fields if name != "sort")


def list_page(
    request: Any, template: str, context: dict[str, Any], *, results: str, target: str
) -> HttpResponse:
    """A list's page, or only its `results` template when htmx asks to swap in `target`."""
    if request.htmx and request.htmx.target == target:
        template = results
    response = render(request, template, context)
    # The same URL answers with the whole page or only the results: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def act(
    request: HttpRequest, service: Callable[..., Any], success: str, to: str, **kwargs: Any
) -> HttpResponse:
    """Run a one-button service; a refusal becomes an error message on the page it came from."""
    try:
        service(**kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(to)


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


class ServiceFormView(ScopedView):
    """A page holding one form that runs one service; a subclass says which, about what, for whom.

    `load` reads the record named in the URL within the person's scope, names it with `about`
    (the service's keyword for it) and refuses a role that could never act; the service is
    called with the actor, that record and the form's `arguments`. A refusal for a reason lands
    on the form; success is a message and a redirect.
    """

    template_name = FORM_PAGE
    title = ""
    lead = ""
    submit = "Save"
    success = "Saved."
    level = messages.SUCCESS  # an info message where the person undid or set something aside
    service: Callable[..., Any]  # a staticmethod: the write this page runs
    subject: dict[str, Any] = {}  # the service's keyword for the record, set by `about`

    def load(self, request: Any, pk: Any) -> None:
        """Read the record the page acts on (`pk` from the URL, None where it names none) and
        refuse a person who may not act on it."""
        raise NotImplementedError

    def about(self, request: Any, name: str, record: Any) -> Any:
        """The page acts on `record`, the service's keyword `name`."""
        self.subject = {name: record}
        return record

    def make_form(self, request: Any, data: Any = None) -> ConcordForm:
        raise NotImplementedError

    def arguments(self, form: Any) -> dict[str, Any]:
        """The service's keyword arguments besides the actor and the record."""
        return dict(form.cleaned_data)

    def done_url(self, result: Any) -> str:
        raise NotImplementedError

    def success_message(self, result: Any) -> str:
        return self.success

    def page_context(self) -> dict[str, Any]:
        """The page's own context: the record, Cancel's address, a title naming the record."""
        return {}

    def get(self, request: Any, pk: int | None = None) -> HttpResponse:
        self.load(request, pk)
        return self.show(request, self.make_form(request))

    def post(self, request: Any, pk: int | None = None) -> HttpResponse:
        self.load(request, pk)
        form = self.make_form(request, request.POST)
        if form.is_valid():
            service = type(self).service
            result = attempt(
                form, service, actor=request.user, **self.subject, **self.arguments(form)
            )
            if result is not None:
                return self.succeeded(request, result)
            self.refused()
        return self.show(request, form)

    def succeeded(self, request: Any, result: Any) -> HttpResponse:
        """Say what happened and go where the result is."""
        messages.add_message(request, self.success_level(result), self.success_message(result))
        return redirect(self.done_url(result))

    def success_level(self, result: Any) -> int:
        """How the message reads: success, or a warning where the result needs attention."""
        return self.level

    def refused(self) -> None:
        """After the service refused: a page showing its record again may re-read it."""

    def show(self, request: Any, form: ConcordForm) -> HttpResponse:
        context = {"title": self.title, "lead": self.lead, "submit": self.submit}
        context.update(self.page_context())
        return form_page(request, form, template=self.template_name, **context)


class ActionView(ScopedView):
    """One button on a record's page: find the record in the person's scope, read the form's one
    optional text field, run the service and go back to the record's page with the outcome.

    A subclass names the selector, the service's keyword for the record, the service, the form
    and field (if any), the message on success and the record page's URL name.
    """

    lookup: Callable[..., Any]  # a staticmethod: the selector finding the record in scope
    record: str
    service: Callable[..., Any]
    form_class: type[ConcordForm] | None = None
    field: str = ""
    success: str = ""
    level = messages.SUCCESS  # an info message where the person undid something
    back_to: str = ""  # the record page's URL name, taking the record's pk

    def find(self, request: Any, pk: int) -> Any:
        return type(self).lookup(user=request.user, pk=pk)

    def arguments(self, request: Any, found: Any) -> dict[str, Any]:
        """The service's keywords besides the actor and the record: the one text field, if any."""
        if self.form_class is None:
            return {}
        form = self.form_class(request.POST)
        form.is_valid()
        problems = form.errors.get(self.field)
        if problems and str(request.POST.get(self.field, "")).strip():
            # A text the form refuses (too long, say) is refused, never passed on as nothing.
            label = form.fields[self.field].label or self.field.replace("_", " ").capitalize()
            raise ValidationError([f"{label}: {problem}" for problem in problems])
        # Nothing given, where the form wants something: the service says what it needs.
        return {self.field: form.cleaned_data.get(self.field, "")}

    def back_url(self, found: Any) -> str:
        """Where the button was, and where a refusal returns to."""
        return reverse(self.back_to, args=[found.pk])

    def done_url(self, found: Any) -> str:
        return self.back_url(found)

    def success_message(self, found: Any, result: Any) -> str:
        """What happened, from the record as found and what the service returned."""
        return self.success

    def post(self, request: Any, pk: int) -> HttpResponse:
        found = self.find(request, pk)
        try:
            result = type(self).service(
                actor=request.user, **{self.record: found}, **self.arguments(request, found)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.back_url(found))
        messages.add_message(request, self.level, self.success_message(found, result))
        return redirect(self.done_url(found))
