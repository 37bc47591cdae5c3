"""Pages of one alliance's commitments: the list and its download, recording, reading and editing one."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.attachments import attachments_for
from concord.core.exports import csv_cell, csv_download
from concord.core.forms import ConcordForm
from concord.core.pages import (
    MemberRequest,
    filtered,
    list_page,
    paginate,
)
from concord.expectations import selectors, services
from concord.expectations.forms import (
    PAGE_SIZE,
    CommitmentEditForm,
    CommitmentFilterForm,
    CommitmentForm,
    DeliveryForm,
    JudgementForm,
    ReasonForm,
    ResolveForm,
    commitment_initial,
)
from concord.expectations.models import Commitment
from concord.expectations.views._common import (
    ExpectationsFormView,
    ExpectationsView,
    _people,
    commitment_url,
    joined_alliance,
)
from concord.orgs.models import User


def _listing(
    request: MemberRequest[User], alliance: Alliance
) -> tuple[CommitmentFilterForm, Any, list[Party]]:
    parties = selectors.commitment_parties(user=request.user, alliance=alliance)
    form = CommitmentFilterForm(request.GET, parties=parties)
    commitments = selectors.commitment_list(
        user=request.user, alliance=alliance, filters=form.filters()
    )
    return form, commitments, parties


class CommitmentListView(ExpectationsView):
    """What each party owes the alliance, searchable, filterable and sortable, with both records."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, party = joined_alliance(request, pk)
        form, commitments, _ = _listing(request, alliance)
        context = {
            "alliance": alliance,
            "form": form,
            **paginate(request, commitments, PAGE_SIZE),
            "sort": form.filters().sort,
            "filtered": filtered(request, form.fields),
            "scorecard": selectors.scorecard(user=request.user, alliance=alliance),
            "can_record": selectors.can_record(user=request.user, party=party, alliance=alliance),
        }
        return list_page(
            request,
            "expectations/commitment_list.html",
            context,
            results="expectations/_commitment_results.html",
            target="commitment-results",
        )


CSV_HEADER = [
    "Title",
    "Kind",
    "Owed by",
    "Owed to",
    "Owner",
    "Due date",
    "Status",
    "Acceptance criteria",
    "Recorded",
]


class CommitmentExportView(ExpectationsView):
    """The filtered commitments as CSV, for the steering committee's pack."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, _ = joined_alliance(request, pk)
        _, commitments, _ = _listing(request, alliance)
        stamp = clock.today().isoformat()
        response = csv_download(f"{alliance.name} commitments {stamp}.csv")
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        for c in commitments:
            row = [
                c.title,
                c.get_kind_display(),
                c.owner_party.organisation.name,
                c.receiving_party.organisation.name,
                str(c.owner),
                c.due_date.isoformat(),
                selectors.status_label(c.status),
                c.acceptance_criteria,
                timezone.localtime(c.created_at).strftime("%Y-%m-%d"),
            ]
            writer.writerow([csv_cell(v) for v in row])
        return response


class CommitmentCreateView(ExpectationsFormView):
    """Record what one party owes the other."""

    title = "Record a commitment"
    lead = (
        "What one party owes the alliance, by when, and the criteria the party owed "
        "will accept or reject the delivery against. Both parties see it."
    )
    submit = "Record commitment"
    service = staticmethod(services.commitment_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance, self.party = joined_alliance(request, pk)
        self.require(
            selectors.can_record(user=request.user, party=self.party, alliance=self.alliance),
            "Only alliance managers can record commitments.",
        )
        self.parties = selectors.commitment_parties(user=request.user, alliance=self.alliance)
        self.cancel_url = reverse("expectations:commitment-list", args=[self.alliance.pk])
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CommitmentForm:
        people = _people(request, self.parties)
        if data is not None:
            return CommitmentForm(parties=self.parties, people=people, data=data)
        others = [p for p in self.parties if p.pk != self.party.pk]
        initial = {"owner_party": self.party.pk, "receiving_party": others[0].pk if others else ""}
        return CommitmentForm(parties=self.parties, people=people, initial=initial)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.commitment_data())

    def success_message(self, result: Any) -> str:
        return f"“{result}” recorded."

    def done_url(self, result: Any) -> str:
        return commitment_url(result.pk)


def render_commitment(
    request: MemberRequest[User], commitment: Commitment, **forms: ConcordForm
) -> HttpResponse:
    """The commitment page, with any submitted form that failed shown in place with its errors."""
    for form in forms.values():
        for error in form.non_field_errors():
            messages.error(request, str(error))
    commitment = selectors.commitment_history(user=request.user, commitment=commitment)
    party = selectors.own_party(user=request.user, alliance=commitment.alliance)
    deliveries = list(commitment.deliveries.all())
    for delivery in deliveries:  # a handful per commitment; each asks the document room once
        delivery.documents = attachments_for(request.user, delivery)  # type: ignore[attr-defined]
    disputes = list(commitment.disputes.all())
    context = {
        "alliance": commitment.alliance,
        "commitment": commitment,
        "deliveries": deliveries,
        "latest": deliveries[-1] if deliveries else None,
        "evidence": attachments_for(request.user, commitment),
        "disputes": disputes,
        "open_dispute": next((d for d in disputes if d.is_open), None),
        "can": selectors.commitment_permissions(
            user=request.user, commitment=commitment, party=party
        ),
        "delivery_form": forms.get("delivery_form") or DeliveryForm(),
        "judgement_form": forms.get("judgement_form") or JudgementForm(),
        "waive_form": forms.get("waive_form") or ReasonForm(prefix="waive"),
        "dispute_form": forms.get("dispute_form") or ReasonForm(prefix="dispute"),
        "resolve_form": forms.get("resolve_form") or ResolveForm(),
    }
    return render(request, "expectations/commitment_detail.html", context)


class CommitmentDetailView(ExpectationsView):
    """One commitment: its terms, every delivery and verdict, disputes, and what one can do next."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        return render_commitment(request, selectors.commitment_get(user=request.user, pk=pk))


class CommitmentFormView(ExpectationsFormView):
    """A form on one commitment, for those its permission `right` allows; back to its page."""

    right = ""
    anchor = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.commitment = selectors.commitment_get(user=request.user, pk=pk)
        self.alliance = self.commitment.alliance
        party = selectors.own_party(user=request.user, alliance=self.alliance)
        self.can = selectors.commitment_permissions(
            user=request.user, commitment=self.commitment, party=party
        )
        self.require(getattr(self.can, self.right), self.refusal())
        self.cancel_url = commitment_url(self.commitment.pk)
        self.about(request, "commitment", self.commitment)

    def refusal(self) -> str:
        raise NotImplementedError

    def done_url(self, result: Any) -> str:
        return commitment_url(self.commitment.pk, self.anchor)


class CommitmentUpdateView(CommitmentFormView):
    """Edit a commitment's terms."""

    right = "edit"
    lead = "Both parties see every change in the alliance's history."
    submit = "Save changes"
    success = "Commitment updated."
    service = staticmethod(services.commitment_update)

    def refusal(self) -> str:
        return "Only the two parties' alliance managers can edit an open commitment."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CommitmentEditForm:
        return CommitmentEditForm(
            data,
            people=_people(request, [self.commitment.owner_party]),
            can_move_due_date=self.can.move_due_date,
            initial=commitment_initial(self.commitment),
        )

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Edit “{self.commitment}”"}
