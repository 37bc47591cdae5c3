"""Where people arrive: a member's home page (Today), and signing up from a partner invitation.

Both live here rather than in core or orgs because they are about alliances: the home page is a
dashboard of alliances (registered as core's home page in extensions.py), and a partner link signs
an organisation up and makes it a party of the alliance it was invited to, in one step.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concord.alliances import selectors, services
from concord.core.today import HORIZON_DAYS, SECTIONS, today_items
from concord.orgs import services as org_services
from concord.orgs.forms import SignupForm


def home(request: HttpRequest) -> HttpResponse:
    """Today: what is the signed-in person's to act on across all their alliances and their
    portal, then what is coming, then the flags; and their organisation's alliances by phase."""
    items = today_items(request.user)
    context = {
        "sections": [
            (code, label, [i for i in items if i.section == code]) for code, label in SECTIONS
        ],
        "item_count": len(items),
        "overdue_count": sum(1 for i in items if i.overdue),
        "horizon": HORIZON_DAYS,
        "dashboard": selectors.alliance_dashboard(user=request.user),
        "can_create": selectors.alliance_create_allowed(user=request.user),
    }
    return render(request, "alliances/home.html", context)


def partner_signup(request: HttpRequest, token: str) -> HttpResponse:
    """Sign up an organisation through an alliance's emailed link; it joins as an invited party."""
    partner = selectors.partner_invitation_for_token(token)
    if partner is None:
        return _link_expired(request)
    if request.user.is_authenticated:
        messages.info(request, "You are logged in already. Log out first to sign up another one.")
        return redirect("core:home")
    form = SignupForm(request.POST or None, initial={"email": partner.email})
    if request.method == "POST" and form.is_valid():
        try:
            # One step: no organisation without its party, no party without its organisation.
            with transaction.atomic():
                membership = org_services.organisation_signup(**form.signup_data())
                services.partner_invitation_redeem(actor=membership.user, token=token)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Welcome to Concord. {partner.invited_by} of {partner.organisation} invited "
                f"{membership.organisation} to this alliance: review the proposal, then accept or "
                "decline it.",
            )
            return redirect("alliances:alliance-detail", pk=partner.alliance_id)
    return render(request, "alliances/partner_signup.html", {"form": form, "partner": partner})


def _link_expired(request: HttpRequest) -> HttpResponse:
    context = {"kind": "partner", "days": settings.CONCORD_INVITATION_DAYS}
    return render(request, "orgs/link_expired.html", context, status=410)
