"""The triage queue and bulk assignment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.core.pages import MemberRequest, list_page, paginate
from concord.orgs.models import User
from concord.portal import selectors, services
from concord.portal.forms.team import PAGE_SIZE, AssignForm, QueueFilterForm
from concord.portal.models import Portal, Submission
from concord.portal.views.team.base import PortalTeamView, people, reviewed_ids, team_permissions


class QueueView(PortalTeamView):
    """The triage queue: received submissions by deadline, with flags, scores and bulk assignment."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        portal = selectors.own_portal(user=request.user)
        can = team_permissions(request.user)
        if portal is None:
            return render(request, "portal/team/queue.html", {"portal": None, "can": can})
        reviewers = people(request.user, reviewers_only=True)
        counts = selectors.submission_counts(user=request.user)
        form = QueueFilterForm(
            request.GET,
            people=reviewers,
            counts=counts,
        )
        filters = form.filters()
        rows = selectors.submission_queue(user=request.user, filters=filters, counts=counts)
        listing = paginate(request, rows, PAGE_SIZE)
        context = {
            "portal": portal,
            "can": can,
            "form": form,
            **listing,
            "filtered": form.is_filtered,
            "hidden_ids": self.hidden_ids(request.user, portal, list(listing["page_obj"])),
            "querystring": request.GET.urlencode(),
            "assign_form": AssignForm(
                people=reviewers,
                load=selectors.reviewer_open_load(user=request.user, reviewer_ids=reviewers.by_id),
            )
            if can.decide
            else None,
            "decided_count": sum(n for status, n in counts.items() if status in Submission.DECIDED),
            "showing_decided": filters.include_decided or bool(filters.status),
        }
        return list_page(
            request,
            "portal/team/queue.html",
            context,
            results="portal/team/_queue_results.html",
            target="queue-results",
        )

    def hidden_ids(self, user: User, portal: Portal, rows: list[selectors.QueueRow]) -> set[int]:
        """Submissions whose submitter stays hidden from this viewer (blind first pass)."""
        if not portal.blind_first_pass:
            return set()
        undecided = [r.submission.pk for r in rows if not r.submission.is_decided]
        return set(undecided) - reviewed_ids(user, undecided)


def queue_url(querystring: str) -> str:
    """Back to the queue with the filters the person had (re-encoded, so never another site)."""
    query = QueryDict(querystring[:2000]).urlencode()
    return reverse("portal:queue") + (f"?{query}" if query else "")


class AssignView(PortalTeamView):
    """Bulk triage: add reviewers to the submissions ticked in the queue."""

    def post(self, request: MemberRequest[User]) -> HttpResponse:
        back = queue_url(request.POST.get("querystring", ""))
        form = AssignForm(request.POST, people=people(request.user, reviewers_only=True))
        form.is_valid()
        # Scope first: a ticked submission that is not the organisation's is a 404, whatever
        # else is wrong with the form, so the answer never depends on what exists elsewhere.
        ids = set(form.cleaned_data.get("submissions", []))
        submissions = list(selectors.received_submissions(user=request.user).filter(pk__in=ids))
        if len(submissions) != len(ids):
            raise Http404("No such submission.")
        if form.errors:
            for field in form:
                for error in field.errors:
                    messages.error(request, str(error))
            return redirect(back)
        reviewers = form.chosen_reviewers()
        try:
            count = services.submission_assign(
                actor=request.user, submissions=submissions, reviewers=reviewers
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            names = ", ".join(str(r) for r in reviewers)
            messages.success(
                request, f"Assigned {names} to {count} submission{'s' * (count != 1)}."
            )
        return redirect(back)
