"""The respondents' side: answering a round, signed in or through the personal link from the email.

These pages never show what anyone answered, the respondent's own answers included."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from concord.core.pages import MemberRequest
from concord.health import selectors, services
from concord.health.forms import AnswerForm
from concord.health.models import Kind, Respondent
from concord.health.views._common import HealthView
from concord.orgs.models import User


class RoundAnswerView(HealthView):
    """A signed-in team member answers a round they were invited to."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        invitation = self.invitation(request, pk)
        return answer_page(request, invitation, self.form(invitation))

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        invitation = self.invitation(request, pk)
        return answer_submit(request, invitation, self.form(invitation, request.POST))

    def invitation(self, request: MemberRequest[User], pk: int) -> Respondent:
        round_ = selectors.round_get(user=request.user, pk=pk)
        invitation = selectors.respondent_for(user=request.user, round_=round_)
        if invitation is None:
            raise PermissionDenied(
                "You were not asked to answer this round: only the parties' "
                "team members are, when it opens."
            )
        return invitation

    def form(self, invitation: Respondent, data: Any = None) -> AnswerForm:
        return AnswerForm(data, dimensions=selectors.version_wording(invitation.round.version))


class AnswerView(View):
    """The one-click personal link from the email: no sign-in; the token is the credential."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = self.invitation(token)
        return answer_page(request, invitation, self.form(invitation), token=True)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = self.invitation(token)
        return answer_submit(request, invitation, self.form(invitation, request.POST), token=True)

    def invitation(self, token: str) -> Respondent:
        invitation = selectors.respondent_for_token(token)
        if invitation is None:
            raise Http404("This link is not valid.")
        return invitation

    def form(self, invitation: Respondent, data: Any = None) -> AnswerForm:
        return AnswerForm(data, dimensions=selectors.version_wording(invitation.round.version))


def answer_page(
    request: HttpRequest,
    invitation: Respondent,
    form: AnswerForm,
    token: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The answer form, or, once answered or closed, a page that shows no answers at all."""
    round_ = invitation.round
    context = {
        "invitation": invitation,
        "round": round_,
        "alliance": round_.alliance,
        "organisation": invitation.round_party.organisation,
        "form": form,
        "by_token": token,
        "minutes": 2 if round_.kind == Kind.PULSE else 10,
    }
    return render(request, "health/answer.html", context, status=status)


def answer_submit(
    request: HttpRequest, invitation: Respondent, form: AnswerForm, token: bool = False
) -> HttpResponse:
    if form.is_valid():
        try:
            services.response_submit(
                respondent=invitation,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                internal_comment=form.cleaned_data["internal_comment"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            invitation.has_answered = True
            # The same page, now saying thank you: it never shows what was answered.
            return answer_page(request, invitation, form, token)
    return answer_page(request, invitation, form, token)
