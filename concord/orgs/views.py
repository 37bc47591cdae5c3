"""Pages for organisations and their people: signup, invitations, members, directory, profile.

Each view parses the request, calls a selector (reads) or a service (writes) and renders. Records
outside the person's organisation are fetched through the selectors' visible_to() scope, so they
are 404; a service's PermissionDenied becomes a 403 page that says why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.timezone import localtime

from concord.core.pages import MemberRequest, paginate
from concord.core.tenancy import organisation_of
from concord.orgs import selectors, services
from concord.orgs.forms import (
    ApiTokenCreateForm,
    InvitationAcceptForm,
    InvitationCreateForm,
    LoginForm,
    MemberFilterForm,
    MembershipUpdateForm,
    OrganisationFilterForm,
    SignupForm,
    country_name,
)
from concord.orgs.models import Membership, User

View = Callable[..., HttpResponse]


MEMBERS_PER_PAGE = 50
ORGANISATIONS_PER_PAGE = 25


def member_required(view: View) -> View:
    """Active members only: anonymous people log in first, deactivated ones are signed out."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if organisation_of(request.user) is None:
            return _not_a_member(request)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def forbidden_page(view: View) -> View:
    """Show a service's PermissionDenied as a 403 page that says why."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            reason = str(error) or "Your role does not allow this."
            return render(request, "orgs/forbidden.html", {"reason": reason}, status=403)

    return wrapper


def _not_a_member(request: HttpRequest) -> HttpResponse:
    membership = getattr(request.user, "membership", None)
    if membership is not None and not membership.is_active:
        # A session that outlived its deactivation ends here rather than showing empty pages.
        logout(request)
        messages.error(request, LoginForm.error_messages["deactivated"])
        return redirect(settings.LOGIN_URL)
    return render(request, "orgs/no_organisation.html", status=403)


def _login(request: HttpRequest, user: User) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")


def _link_expired(request: HttpRequest, kind: str) -> HttpResponse:
    context = {"kind": kind, "days": settings.CONCORD_INVITATION_DAYS}
    return render(request, "orgs/link_expired.html", context, status=410)


# Signing up and joining


def signup(request: HttpRequest) -> HttpResponse:
    """Sign up an organisation; its first person becomes its admin."""
    token = request.GET.get("partner", "")
    if token:
        # Links emailed before joining an alliance moved to the alliance pages still work.
        try:
            return redirect("alliances:partner-signup", token=token)
        except NoReverseMatch:  # not a token any link ever carried
            return _link_expired(request, "partner")
    if request.user.is_authenticated:
        messages.info(request, "You are logged in already. Log out first to sign up another one.")
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.organisation_signup(**form.signup_data())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _login(request, membership.user)
            messages.success(
                request,
                f"Welcome to Concord. {membership.organisation} is signed up and you are its admin.",
            )
            return redirect("core:home")
    return render(request, "orgs/signup.html", {"form": form})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """A colleague accepts an emailed invitation: name and password, then they are in."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return _link_expired(request, "colleague")
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(token=token, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _login(request, membership.user)
            messages.success(request, f"Welcome to {membership.organisation} on Concord.")
            return redirect("core:home")
    return render(request, "orgs/invitation_accept.html", {"form": form, "invitation": invitation})


# My organisation: people and invitations


@member_required
def organisation_detail(request: MemberRequest[User]) -> HttpResponse:
    """My organisation: its details, its people and the invitations it has sent."""
    return _organisation_page(request, InvitationCreateForm(prefix="invite"))


def _organisation_page(
    request: MemberRequest[User],
    invite_form: InvitationCreateForm,
    error_pk: int | None = None,
    row_error: list[str] | None = None,
) -> HttpResponse:
    filters = MemberFilterForm(request.GET or None)
    invitations = selectors.invitation_list(user=request.user).filter(
        accepted_at=None, revoked_at=None
    )
    organisation = organisation_of(request.user)
    membership = request.user.membership
    undelivered = (
        selectors.undelivered_email_list(user=request.user).count() if membership.is_admin else 0
    )
    context = {
        "organisation": organisation,
        "undelivered_emails": undelivered,
        "country": country_name(organisation.country) if organisation else "",
        "membership": request.user.membership,
        "filters": filters,
        "is_filtered": filters.is_bound and any(filters.data.get(k) for k in filters.fields),
        **paginate(request, _filtered_members(request, filters), MEMBERS_PER_PAGE),
        "invitations": invitations,
        "invite_form": invite_form,
        "error_pk": error_pk,
        "row_error": row_error or [],
        "role_choices": Membership.Role.choices,
    }
    return render(request, "orgs/organisation_detail.html", context)


def _filtered_members(
    request: MemberRequest[User], filters: MemberFilterForm
) -> QuerySet[Membership]:
    members = selectors.member_list(user=request.user)
    if not filters.is_valid():
        return members
    for word in filters.cleaned_data["q"].split():
        members = members.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    if filters.cleaned_data["role"]:
        members = members.filter(role=filters.cleaned_data["role"])
    if filters.cleaned_data["status"]:
        members = members.filter(is_active=filters.cleaned_data["status"] == "active")
    return members


@member_required
@forbidden_page
def invitation_create(request: MemberRequest[User]) -> HttpResponse:
    """An admin invites a colleague by email."""
    if request.method != "POST":
        return redirect("orgs:organisation-detail")
    form = InvitationCreateForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            issued = services.invitation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            invitation = issued.invitation
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link works until "
                f"{date_format(localtime(invitation.expires_at), 'j F Y')}.",
            )
            return redirect("orgs:organisation-detail")
    return _organisation_page(request, form)


@member_required
@forbidden_page
def invitation_revoke(request: MemberRequest[User], pk: int) -> HttpResponse:
    """An admin withdraws an invitation that was not used yet."""
    if request.method != "POST":
        return redirect("orgs:organisation-detail")
    invitation = get_object_or_404(selectors.invitation_list(user=request.user), pk=pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _organisation_page(request, InvitationCreateForm(prefix="invite"))
    messages.success(request, f"The invitation for {invitation.email} is revoked.")
    return redirect("orgs:organisation-detail")


@member_required
@forbidden_page
def email_list(request: MemberRequest[User]) -> HttpResponse:
    """For admins: email to the organisation's people that could not be delivered yet, or at all."""
    context = {
        **paginate(request, selectors.undelivered_email_list(user=request.user), 50),
        "organisation": organisation_of(request.user),
    }
    return render(request, "orgs/email_list.html", context)


@member_required
@forbidden_page
def email_resend(request: MemberRequest[User], pk: int) -> HttpResponse:
    """An admin sends again a message that failed after every retry."""
    if request.method != "POST":
        return redirect("orgs:email-list")
    email = get_object_or_404(selectors.undelivered_email_list(user=request.user), pk=pk)
    try:
        services.email_resend(actor=request.user, email=email)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{email.subject}” is on its way again.")
    return redirect("orgs:email-list")


@member_required
@forbidden_page
def membership_update(request: MemberRequest[User], pk: int) -> HttpResponse:
    """An admin changes a colleague's role or admin right, or deactivates or reactivates them."""
    if request.method != "POST":
        return redirect("orgs:organisation-detail")
    membership = get_object_or_404(selectors.member_list(user=request.user), pk=pk)
    form = MembershipUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.membership_update(actor=request.user, membership=membership, **form.changes())
        except ValidationError as error:
            form.add_service_error(error)
    if form.errors:
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
        if request.htmx:
            return _member_row(request, pk, errors=errors)
        return _organisation_page(request, InvitationCreateForm(prefix="invite"), pk, errors)
    done = _membership_message(membership, form.changes())
    if request.htmx:
        return _member_row(request, pk, saved=done)
    messages.success(request, done)
    return redirect("orgs:organisation-detail")


def _member_row(
    request: MemberRequest[User], pk: int, errors: list[str] | None = None, saved: str = ""
) -> HttpResponse:
    """One row of the members table, re-read after the change, for htmx to swap in."""
    member = get_object_or_404(selectors.member_list(user=request.user), pk=pk)
    context = {
        "member": member,
        "membership": request.user.membership,
        "role_choices": Membership.Role.choices,
        "error_pk": pk,
        "row_error": errors or [],
        "saved": saved,
    }
    return render(request, "orgs/_member_row.html", context)


def _membership_message(membership: Membership, changes: dict[str, Any]) -> str:
    person = membership.user
    if changes.get("is_active") is False:
        return (
            f"{person} is deactivated: they can no longer log in and their API tokens are revoked."
        )
    if changes.get("is_active") is True:
        return f"{person} is active again and can log in."
    admin = " and is an admin" if membership.is_admin else ""
    return f"Saved: {person} is now {membership.get_role_display()}{admin}."


# The directory


@member_required
def organisation_list(request: MemberRequest[User]) -> HttpResponse:
    """The directory of organisations on Concord, searchable and filtered by kind."""
    filters = OrganisationFilterForm(request.GET or None)
    search, kind = "", ""
    if filters.is_valid():
        search, kind = filters.cleaned_data["q"].strip(), filters.cleaned_data["kind"]
    organisations = selectors.organisation_list(user=request.user, search=search)
    if kind:
        organisations = organisations.filter(kind=kind)
    listing = paginate(request, organisations, ORGANISATIONS_PER_PAGE)
    context = {
        "filters": filters,
        "is_filtered": bool(search or kind),
        **listing,
        "rows": [(org, country_name(org.country)) for org in listing["page_obj"].object_list],
        "own_organisation": organisation_of(request.user),
    }
    return render(request, "orgs/organisation_list.html", context)


# My profile and API tokens


@member_required
def profile(request: MemberRequest[User]) -> HttpResponse:
    """My account and my API tokens."""
    return _profile_page(request, ApiTokenCreateForm())


def _profile_page(
    request: MemberRequest[User],
    form: ApiTokenCreateForm,
    issued: services.IssuedToken | None = None,
) -> HttpResponse:
    context = {
        "membership": request.user.membership,
        "tokens": selectors.api_token_list(user=request.user),
        "form": form,
        "issued": issued,
        "sessions": selectors.session_list(user=request.user),
        "current_session": request.session.session_key,
        "mfa_methods": selectors.mfa_methods(user=request.user),
    }
    return render(request, "orgs/profile.html", context)


@member_required
@forbidden_page
def token_create(request: MemberRequest[User]) -> HttpResponse:
    """Issue an API token; its key is shown on this one response and never again."""
    if request.method != "POST":
        return redirect("orgs:profile")
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, form)
    try:
        issued = services.api_token_create(actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return _profile_page(request, form)
    messages.success(request, f"API token “{issued.token.name}” created.")
    response = _profile_page(request, ApiTokenCreateForm(), issued=issued)
    add_never_cache_headers(response)  # the key must not linger in any cache
    return response


@member_required
@forbidden_page
def token_revoke(request: MemberRequest[User], pk: int) -> HttpResponse:
    """Revoke one of my API tokens: programs using it stop working at once."""
    if request.method != "POST":
        return redirect("orgs:profile")
    token = get_object_or_404(selectors.api_token_list(user=request.user), pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"API token “{token.name}” is revoked.")
    return redirect("orgs:profile")
